// RunSummary::ToJson — what the run store keeps of a run for `sluice runs show` and the
// report.
#include <nlohmann/json.hpp>

#include "catalog/catalog.h"
#include "runner/pipeline_runner.h"

namespace sluice::runner {

std::string RunSummary::ToJson() const {
  nlohmann::json j;
  j["run_id"] = run_id;
  j["pipeline"] = pipeline;
  j["lake"] = lake_root;
  j["catalog"] = catalog::DescribeCatalogUri(catalog);  // never a password
  j["warehouse"] = warehouse;
  j["status"] = std::string(catalog::RunStatusName(status));
  if (error_kind) {
    j["error"] = {{"kind", std::string(ErrorKindName(*error_kind))},
                  {"message", error_message},
                  {"stage", failed_stage}};
  }
  j["seconds"] = seconds;
  j["lineage_edges"] = lineage_edges;
  if (!warnings.empty()) j["warnings"] = warnings;
  if (quality_score) j["quality_score"] = *quality_score;
  if (dlq_id) j["dlq_id"] = *dlq_id;
  j["stages"] = nlohmann::json::array();
  for (const auto& s : stages) {
    j["stages"].push_back({{"stage", s.stage},
                           {"item", s.item},
                           {"seconds", s.seconds},
                           {"rows", s.rows},
                           {"detail", s.detail},
                           {"attempts", s.attempts}});
  }
  j["steps"] = nlohmann::json::array();
  j["sources"] = nlohmann::json::array();
  for (const auto& d : datasets) {
    nlohmann::json item = {{"name", d.name}, {"materialized", d.materialized}};
    if (d.rows) item["rows"] = *d.rows;
    j[d.is_source ? "sources" : "steps"].push_back(item);
  }
  j["checks"] = nlohmann::json::array();
  for (const auto& c : checks) {
    j["checks"].push_back({{"dataset", c.dataset},
                           {"rows_checked", c.rows_checked},
                           {"rows_passed", c.rows_passed},
                           {"rows_quarantined", c.rows_quarantined},
                           {"rows_corrected", c.rows_corrected},
                           {"score", c.score},
                           {"verdict", std::string(quality::VerdictName(c.verdict))}});
  }
  j["sinks"] = nlohmann::json::array();
  for (const auto& s : sinks) {
    nlohmann::json item = {
        {"from", s.from}, {"to", s.to}, {"table", s.target}, {"mode", s.mode}, {"rows", s.rows}};
    if (s.to == "lake" || s.to == "quarantine") {
      item["snapshot"] = s.snapshot;
      item["files"] = s.files;
      item["bytes"] = s.bytes;
    }
    if (s.to == "file") item["path"] = s.target;
    if (s.already_loaded) item["already_loaded"] = true;
    j["sinks"].push_back(item);
  }
  return j.dump();
}

}  // namespace sluice::runner
