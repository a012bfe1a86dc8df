#include "runner/pipeline_runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "catalog/catalog.h"
#include "common/thread_pool.h"
#include "exec/chunk_collection.h"
#include "lake/lake_catalog_location.h"
#include "lake/lake_table_writer.h"
#include "lineage/pipeline_lineage.h"
#include "runner/crash_point.h"
#include "runner/notifier.h"
#include "runner/pipeline_storage.h"
#include "runner/run_area.h"
#include "runner/run_resumption.h"
#include "sql/parser/ast_expression.h"
#include "sql/session.h"
#include "storage/file_system.h"
#include "warehouse/warehouse.h"

namespace sluice::runner {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string QuarantineTable(const std::string& pipeline, const std::string& dataset) {
  std::string name;
  for (char c : pipeline) name += c == '-' ? '_' : c;
  return "_quarantine." + name + "__" + dataset;
}

// An error that ends the run, with the stage it happened in.
struct StageFailure {
  Error error;
  std::string stage;
};

class Runner {
 public:
  Runner(const pipeline::PipelineSpec& spec, const RunOptions& options)
      : spec_(spec), options_(options) {
    summary_.pipeline = spec.name;
    summary_.lake_root = ResolveLakeRoot(spec, options.lake);
    summary_.catalog = lake::ResolveCatalogUri(
        summary_.lake_root, spec.catalog_explicit ? std::optional(spec.catalog) : std::nullopt);
    summary_.warehouse = warehouse::DescribeWarehouseUri(spec.warehouse);  // never a password
  }

  RunSummary Run() {
    Clock::time_point start = Clock::now();
    FileSystem::For(summary_.lake_root).CreateDirectories(summary_.lake_root);
    catalog_ = catalog::OpenCatalog(summary_.catalog);
    runs_ = catalog::OpenRunStore(summary_.catalog);
    lock_ = runs_->TryLockPipeline(spec_.name);
    if (!lock_) {
      throw Error::UserInput(
          "pipeline '{}' is being run by another process right now; wait for that run to end",
          spec_.name);
    }
    if (options_.resume) {
      ResumePoint resume =
          ReopenForResume(*runs_, spec_.name, options_.resume_run_id, summary_.catalog);
      summary_.run_id = resume.run_id;
      summary_.resumed = true;
      checkpoints_ = std::move(resume.checkpoints);
      attempts_before_ = std::move(resume.attempts_before);
    } else {
      std::string file = options_.spec_file.empty() ? spec_.file : options_.spec_file;
      if (auto abandoned = AbandonUnfinishedRun(*runs_, spec_.name, file, options_.abandon)) {
        RemoveRunArea(summary_.lake_root, *abandoned);
        summary_.warnings.push_back(fmt::format("abandoned the unfinished run {}", *abandoned));
      }
      catalog::RunRecord run = runs_->StartRun(spec_.name, options_.params_json, options_.run_id);
      summary_.run_id = run.run_id;
    }

    SessionOptions session_options;
    session_options.threads = options_.threads;
    session_options.memory_limit_bytes = options_.memory_limit_bytes;
    session_options.lake_root = summary_.lake_root;
    session_options.catalog = summary_.catalog;
    session_ = std::make_unique<Session>(session_options);

    try {
      CountUses();
      checkpointing_ = options_.checkpoint_stages;
      RunSettings();
      for (const auto& name : spec_.source_order) {
        Extract(spec_.sources.at(name));
        if (!Check(name)) break;
      }
      if (!failed_) {
        for (const pipeline::StepSpec* step : spec_.TopologicalOrder()) {
          Transform(*step);
          if (!Check(step->name)) break;
        }
      }
      if (!failed_) RecordLineage();
      if (!failed_) {
        for (const auto& [dataset, table] : quarantine_) LoadQuarantine(dataset, table);
        for (size_t i = 0; i < spec_.sinks.size(); i++) Load(spec_.sinks[i], i);
        CommitCheckpoints();
      }
    } catch (StageFailure& failure) {
      Fail(failure.error.kind(), failure.error.what(), failure.stage);
    }

    summary_.quality_score = OverallScore();
    summary_.seconds = SecondsSince(start);
    if (!failed_) summary_.status = catalog::RunStatus::kSucceeded;
    try {
      if (failed_ && summary_.error_kind != ErrorKind::kDataQuality) EnterDeadLetterQueue();
      CrashPoint("finish " + summary_.run_id);
      runs_->SetRunSummary(summary_.run_id, summary_.ToJson());
      runs_->FinishRun(summary_.run_id, summary_.status, summary_.error_kind,
                       summary_.error_message, summary_.quality_score);
    } catch (const Error& e) {
      // The data is committed (or not) already; a run store failure is reported but does
      // not change what happened.
      if (!failed_) Fail(e.kind(), fmt::format("recording the run: {}", e.what()), "finish");
    }
    // The run area is kept while the run may still be resumed.
    if (!failed_ || summary_.status == catalog::RunStatus::kQualityFailed) {
      RemoveRunArea(summary_.lake_root, summary_.run_id);
    }
    Notify();
    return std::move(summary_);
  }

 private:
  // A run that failed for a reason other than data quality (permanently, or retryable
  // errors that exhausted the attempts) becomes a dead-letter entry.
  void EnterDeadLetterQueue() {
    catalog::DlqEntry entry;
    entry.pipeline = spec_.name;
    entry.run_id = summary_.run_id;
    entry.spec_file = options_.spec_file.empty() ? spec_.file : options_.spec_file;
    entry.params_json = options_.params_json;
    entry.error_kind = summary_.error_kind.value_or(ErrorKind::kInternal);
    entry.error_message = summary_.error_message;
    entry.stage = summary_.failed_stage;
    entry.attempts = failed_attempts_;
    summary_.dlq_id = runs_->AddDlqEntry(entry);
  }

  void Notify() {
    if (!spec_.notify) return;
    Notifier notifier(*spec_.notify, options_.sleep);
    std::vector<std::string> events;
    switch (summary_.status) {
      case catalog::RunStatus::kSucceeded: events = {"success"}; break;
      case catalog::RunStatus::kQualityFailed: events = {"quality_failed"}; break;
      default:
        events = {"failure"};
        if (summary_.dlq_id) events.push_back("dlq");
        break;
    }
    for (const auto& event : events) {
      nlohmann::json payload = nlohmann::json::parse(summary_.ToJson());
      payload["event"] = event;
      for (const auto& problem : notifier.Send(event, payload.dump())) {
        summary_.warnings.push_back(problem);
      }
    }
  }

  // Runs `body` as a recorded stage, retrying retryable errors under the spec's policy
  // (each attempt recorded; a resumed run numbers on after the attempts it already made);
  // converts the final error into a StageFailure. The state the body leaves becomes the
  // stage's checkpoint.
  template <typename Body>
  void Stage(const std::string& stage, const std::string& item, Body&& body) {
    std::string name = stage + ":" + item;
    const pipeline::RetryPolicy& policy = spec_.retry;
    StageSummary result{stage, item, 0, 0, "", 1, {}};
    const int attempt_base = attempts_before_[name];
    for (int attempt = 1;; attempt++) {
      const int recorded_attempt = attempt_base + attempt;
      Emit(StageEvent::Kind::kStart, stage, item, 0, 0, "", attempt);
      runs_->StartStage(summary_.run_id, name, recorded_attempt);
      CrashPoint("start " + name);
      Clock::time_point start = Clock::now();
      result.rows = 0;
      result.detail.clear();
      uint64_t rows_in = 0;
      nlohmann::json state = nlohmann::json::object();
      std::optional<Error> error;
      try {
        body(result, rows_in, state);
      } catch (const Error& e) {
        error = e;
      } catch (const std::bad_alloc&) {
        error = Error::Permanent("out of memory (lower --threads or set --memory-limit)");
      }
      double seconds = SecondsSince(start);
      if (!error) {
        result.seconds = seconds;
        result.attempts = attempt;
        CrashPoint("done " + name);
        runs_->SaveStageCheckpoint(
            catalog::StageCheckpoint{summary_.run_id, name, state.dump(), 0});
        runs_->FinishStage(summary_.run_id, name, recorded_attempt,
                           catalog::StageStatus::kSucceeded, rows_in, result.rows);
        CrashPoint("checkpointed " + name);
        summary_.stages.push_back(result);
        Emit(StageEvent::Kind::kEnd, stage, item, result.rows, result.seconds, result.detail,
             attempt);
        return;
      }
      runs_->FinishStage(summary_.run_id, name, recorded_attempt, catalog::StageStatus::kFailed,
                         rows_in, 0);
      bool retry = error->kind() == ErrorKind::kRetryable && attempt < policy.max_attempts;
      if (!retry) {
        failed_attempts_ = attempt;
        Emit(StageEvent::Kind::kFailed, stage, item, 0, seconds, error->what(), attempt);
        std::string attempts =
            attempt > 1 ? fmt::format(" (after {} attempts)", attempt) : std::string();
        throw StageFailure{
            Error(error->kind(), fmt::format("{} {}{}: {}", stage, item, attempts, error->what())),
            name};
      }
      std::chrono::milliseconds wait = RetryDelay(policy, attempt, NextRandom());
      result.waits.push_back(wait);
      Emit(StageEvent::Kind::kRetry, stage, item, 0, seconds, error->what(), attempt, wait);
      if (spec_.notify) {
        nlohmann::json event = {{"event", "retry"},          {"pipeline", spec_.name},
                                {"run_id", summary_.run_id}, {"stage", name},
                                {"attempt", attempt},        {"error", error->what()},
                                {"wait_ms", wait.count()}};
        Notifier notifier(*spec_.notify, options_.sleep);
        for (const auto& problem : notifier.Send("retry", event.dump())) {
          summary_.warnings.push_back(problem);
        }
      }
      if (options_.sleep) {
        options_.sleep(wait);
      } else {
        std::this_thread::sleep_for(wait);
      }
    }
  }

  // The checkpoint a finished stage of the resumed run left, or nullptr.
  const nlohmann::json* StageCheckpointOf(const std::string& stage) const {
    auto it = checkpoints_.find(stage);
    return it == checkpoints_.end() ? nullptr : &it->second;
  }

  // A stage restored from its checkpoint: shown and summarized like a finished one.
  void Restored(const std::string& stage, const std::string& item, uint64_t rows) {
    summary_.stages_restored++;
    StageSummary result{stage, item, 0, rows, "from checkpoint", 0, {}};
    summary_.stages.push_back(result);
    Emit(StageEvent::Kind::kEnd, stage, item, rows, 0, result.detail);
  }

  double NextRandom() {
    if (options_.random) return options_.random();
    return std::uniform_real_distribution<double>(0.0, 1.0)(random_);
  }

  void Emit(StageEvent::Kind kind, const std::string& stage, const std::string& item, uint64_t rows,
            double seconds, const std::string& detail, int attempt = 1,
            std::chrono::milliseconds wait = std::chrono::milliseconds(0)) {
    if (!options_.on_event) return;
    StageEvent event;
    event.kind = kind;
    event.stage = stage;
    event.item = item;
    event.rows = rows;
    event.seconds = seconds;
    event.detail = detail;
    event.attempt = attempt;
    event.wait = wait;
    options_.on_event(event);
  }

  void Fail(ErrorKind kind, const std::string& message, const std::string& stage) {
    failed_ = true;
    summary_.status = kind == ErrorKind::kDataQuality ? catalog::RunStatus::kQualityFailed
                                                      : catalog::RunStatus::kFailed;
    summary_.error_kind = kind;
    summary_.error_message = message;
    summary_.failed_stage = stage;
  }

  // How many consumers read each dataset: steps, sinks, foreign keys.
  void CountUses() {
    for (const auto& step : spec_.steps) {
      for (const auto& input : step.inputs) uses_[input]++;
    }
    for (const auto& sink : spec_.sinks) uses_[sink.from]++;
    for (const auto& [dataset, checks] : spec_.checks) {
      for (const auto& rule : checks.rules) {
        if (!rule.references.empty()) uses_[rule.references]++;
      }
    }
  }

  uint64_t TableRows(const std::string& name) {
    Session::TableData table = session_->GetTable(name);
    return table.data ? table.data->row_count() : 0;
  }

  bool HasChecks(const std::string& dataset) const {
    if (spec_.checks.count(dataset) > 0) return true;
    auto it = spec_.sources.find(dataset);
    return it != spec_.sources.end() && !it->second.schema.empty();
  }

  // A dataset stage of a resumed run can be skipped when its rows are in a checkpoint:
  // its own, or (for a checked dataset) the check's, which holds the rows after the check.
  bool DatasetRestorable(const std::string& stage, const std::string& dataset) const {
    const nlohmann::json* state = StageCheckpointOf(stage);
    if (state == nullptr) return false;
    if (StageCheckpointOf("check:" + dataset) != nullptr) return true;
    return state->contains("path") || state->value("view", false);
  }

  void Extract(const pipeline::SourceSpec& source) {
    const std::string stage = "extract:" + source.name;
    if (DatasetRestorable(stage, source.name)) {
      const nlohmann::json& state = *StageCheckpointOf(stage);
      if (state.contains("incremental")) {
        RememberIncremental(IncrementalRead::FromJson(state["incremental"]));
      }
      if (StageCheckpointOf("check:" + source.name) == nullptr) {
        if (state.contains("path")) {
          RestoreDataset(*session_, source.name, state["path"].get<std::string>());
        } else {
          session_->Execute(fmt::format("CREATE OR REPLACE VIEW {} AS SELECT * FROM {}",
                                        sql::QuoteIdentifier(source.name),
                                        state["from"].get<std::string>()));
        }
      }
      std::optional<uint64_t> rows;
      if (state.contains("rows")) rows = state["rows"].get<uint64_t>();
      summary_.datasets.push_back(
          DatasetSummary{source.name, true, state.value("materialized", false), rows});
      Restored("extract", source.name, rows.value_or(0));
      return;
    }
    Stage("extract", source.name, [&](StageSummary& result, uint64_t&, nlohmann::json& state) {
      CrashPoint("reading " + source.name);
      std::string from = SourceSql(source);
      std::optional<IncrementalRead> read;
      if (source.incremental) {
        read = PlanIncrementalRead(*catalog_, spec_.name, summary_.run_id, source,
                                   options_.incremental);
        from = read->FromSql(source);
      }
      bool by_column =
          source.incremental && source.incremental->by == pipeline::IncrementalSpec::By::kColumn;
      bool materialize = HasChecks(source.name) || uses_[source.name] > 1 || by_column;
      DatasetSummary dataset{source.name, true, materialize, std::nullopt};
      state["from"] = from;
      state["materialized"] = materialize;
      if (materialize) {
        session_->Execute(fmt::format("CREATE OR REPLACE TEMP TABLE {} AS SELECT * FROM {}",
                                      sql::QuoteIdentifier(source.name), from));
        result.rows = TableRows(source.name);
        dataset.rows = result.rows;
        state["rows"] = result.rows;
        result.detail = "materialized";
        // A checked dataset is saved after its check; others now.
        if (!HasChecks(source.name) && checkpointing_) {
          state["path"] =
              SaveDataset(*session_, summary_.lake_root, summary_.run_id, source.name, source.name);
        }
      } else {
        // Read lazily by the one consumer; binding the view opens the files now, so a
        // missing file or a bad option still fails here, in extract.
        session_->Execute(fmt::format("CREATE OR REPLACE VIEW {} AS SELECT * FROM {}",
                                      sql::QuoteIdentifier(source.name), from));
        result.detail = "streamed to its consumer";
        state["view"] = true;
      }
      if (read) {
        AddWatermarkEntry(*session_, source.name, source, spec_.name, summary_.run_id, *read);
        result.detail += ", " + read->Describe();
        state["incremental"] = read->ToJson();
        RememberIncremental(*read);
      }
      summary_.datasets.push_back(dataset);
    });
  }

  void RememberIncremental(const IncrementalRead& read) {
    if (!read.rewritten.empty()) rewritten_sources_.insert(read.source);
    summary_.incremental.push_back(
        IncrementalSummary{read.source, read.Describe(), read.entries.size()});
    for (const auto& entry : read.entries) pending_checkpoints_.push_back(entry);
  }

  void Transform(const pipeline::StepSpec& step) {
    const std::string stage = "transform:" + step.name;
    if (DatasetRestorable(stage, step.name)) {
      const nlohmann::json& state = *StageCheckpointOf(stage);
      if (StageCheckpointOf("check:" + step.name) == nullptr) {
        RestoreDataset(*session_, step.name, state["path"].get<std::string>());
      }
      uint64_t rows = state.value("rows", uint64_t{0});
      summary_.datasets.push_back(DatasetSummary{step.name, false, true, rows});
      Restored("transform", step.name, rows);
      return;
    }
    Stage("transform", step.name, [&](StageSummary& result, uint64_t&, nlohmann::json& state) {
      std::string sql = step.sql;
      while (!sql.empty() &&
             (std::isspace(static_cast<unsigned char>(sql.back())) || sql.back() == ';')) {
        sql.pop_back();
      }
      session_->Execute(fmt::format("CREATE OR REPLACE TEMP TABLE {} AS {}",
                                    sql::QuoteIdentifier(step.name), sql));
      result.rows = TableRows(step.name);
      state["rows"] = result.rows;
      if (!HasChecks(step.name) && checkpointing_) {
        state["path"] =
            SaveDataset(*session_, summary_.lake_root, summary_.run_id, step.name, step.name);
      }
      summary_.datasets.push_back(DatasetSummary{step.name, false, true, result.rows});
    });
  }

  // Runs the dataset's checks (and a source's declared schema). Returns false when the
  // run must stop (a failed gate).
  bool Check(const std::string& dataset) {
    auto checks_it = spec_.checks.find(dataset);
    const pipeline::SourceSpec* source = nullptr;
    if (auto it = spec_.sources.find(dataset); it != spec_.sources.end()) source = &it->second;
    bool has_schema = source != nullptr && !source->schema.empty();
    if (checks_it == spec_.checks.end() && !has_schema) return true;

    pipeline::DatasetChecks checks;
    if (checks_it != spec_.checks.end()) {
      checks = checks_it->second;
    } else {
      checks.dataset = dataset;
      checks.on_fail = "fail";
    }
    quality::CheckReport report;
    const std::string quarantine_table = "__quarantine__" + dataset;
    const nlohmann::json* state = StageCheckpointOf("check:" + dataset);
    if (state != nullptr && state->contains("path")) {
      RestoreDataset(*session_, dataset, (*state)["path"].get<std::string>());
      if (state->contains("quarantine_path")) {
        RestoreDataset(*session_, quarantine_table, (*state)["quarantine_path"].get<std::string>());
        quarantine_.emplace_back(dataset, quarantine_table);
      }
      report = ReportFromJson((*state)["report"]);
      Restored("check", dataset, report.rows_checked);
    } else {
      Stage("check", dataset,
            [&](StageSummary& result, uint64_t& rows_in, nlohmann::json& stage_state) {
              quality::CheckOptions check_options;
              check_options.quarantine_table = quarantine_table;
              check_options.run_id = summary_.run_id;
              check_options.now_micros = options_.now_micros;
              if (has_schema) check_options.declared_schema = source->schema;
              rows_in = TableRows(dataset);
              report = quality::RunChecks(*session_, checks, check_options);
              result.rows = report.rows_checked;
              result.detail = fmt::format("score {:.4f}", report.score);
              if (report.verdict != quality::Verdict::kQuarantined) {
                result.detail += fmt::format(", {}", quality::VerdictName(report.verdict));
              }
              if (report.rows_quarantined > 0) {
                result.detail += fmt::format(", {} quarantined", report.rows_quarantined);
                quarantine_.emplace_back(dataset, check_options.quarantine_table);
              }
              if (report.rows_corrected > 0) {
                result.detail += fmt::format(", {} corrected", report.rows_corrected);
              }
              RecordQuality(report);
              stage_state["report"] = ReportToJson(report);
              if (report.verdict != quality::Verdict::kFailed && checkpointing_) {
                stage_state["path"] =
                    SaveDataset(*session_, summary_.lake_root, summary_.run_id, dataset, dataset);
                if (report.rows_quarantined > 0) {
                  stage_state["quarantine_path"] =
                      SaveDataset(*session_, summary_.lake_root, summary_.run_id, quarantine_table,
                                  "_quarantine." + dataset);
                }
              }
            });
    }
    summary_.checks.push_back(report);
    if (report.verdict == quality::Verdict::kFailed) {
      std::string message = report.message.empty()
                                ? fmt::format("the quality gate of '{}' failed", dataset)
                                : report.message;
      Fail(ErrorKind::kDataQuality, fmt::format("check {}: {}", dataset, message),
           "check:" + dataset);
      return false;
    }
    return true;
  }

  // Column-level lineage of the run from the steps' plans (binding only, no execution).
  // Lineage is information about the run, not part of its result: a failure to derive it
  // is recorded as a warning and the run goes on.
  void RecordLineage() {
    try {
      std::vector<catalog::LineageEdge> edges =
          lineage::PipelineLineage(*session_, spec_, summary_.run_id);
      runs_->RecordLineage(summary_.run_id, edges);
      summary_.lineage_edges = edges.size();
    } catch (const Error& e) {
      summary_.warnings.push_back(fmt::format("lineage not recorded: {}", e.what()));
    }
  }

  void RecordQuality(const quality::CheckReport& report) {
    for (const auto& rule : report.rules) {
      catalog::RuleOutcome outcome;
      outcome.run_id = summary_.run_id;
      outcome.dataset = report.dataset;
      outcome.rule = rule.name;
      outcome.severity = rule.rule.severity;
      outcome.rows_checked = rule.rows_checked;
      outcome.rows_failed = rule.rows_failed;
      outcome.rows_corrected = rule.rows_corrected;
      outcome.passed = rule.passed;
      outcome.message = rule.message;
      outcome.sample_json = rule.sample_json;
      runs_->RecordRuleOutcome(outcome);
    }
    catalog::DatasetQuality quality;
    quality.run_id = summary_.run_id;
    quality.dataset = report.dataset;
    quality.rows_checked = report.rows_checked;
    quality.rows_passed = report.rows_passed;
    quality.rows_quarantined = report.rows_quarantined;
    quality.rows_corrected = report.rows_corrected;
    quality.score = report.score;
    quality.min_score = report.min_score;
    quality.on_fail = report.on_fail;
    quality.verdict = std::string(quality::VerdictName(report.verdict));
    runs_->RecordDatasetQuality(quality);
  }

  std::optional<double> OverallScore() const {
    uint64_t checked = 0;
    uint64_t passed = 0;
    for (const auto& report : summary_.checks) {
      checked += report.rows_checked;
      passed += report.rows_passed;
    }
    if (summary_.checks.empty()) return std::nullopt;
    return checked == 0 ? 1.0 : static_cast<double>(passed) / static_cast<double>(checked);
  }

  // The rows of a dataset: the session table, or the result of reading a lazy view.
  Session::TableData Rows(const std::string& dataset) {
    Session::TableData table = session_->GetTable(dataset);
    if (table.data) return table;
    QueryResult result =
        session_->Execute(fmt::format("SELECT * FROM {}", sql::QuoteIdentifier(dataset)));
    std::vector<TypeId> types;
    for (const auto& f : result.schema) types.push_back(f.type);
    auto data = std::make_shared<ChunkCollection>(types);
    for (auto& chunk : result.chunks) data->AppendOwned(std::move(chunk));
    session_->PutTable(dataset, result.schema, data);  // later sinks reuse it
    return Session::TableData{result.schema, data};
  }

  SinkSummary WriteLake(const std::string& dataset, const std::string& table,
                        catalog::SnapshotOperation mode,
                        const std::vector<std::string>& partition_by,
                        const std::vector<std::string>& key, const std::string& sink_name,
                        bool carries_checkpoints) {
    SinkSummary sink;
    sink.from = dataset;
    sink.to = "lake";
    sink.target = table;
    sink.mode = std::string(catalog::SnapshotOperationName(mode));
    std::optional<catalog::Snapshot> done;
    if (summary_.resumed) done = CommittedSnapshot(*catalog_, table, summary_.run_id, sink_name);
    if (done) {
      nlohmann::json summary = nlohmann::json::parse(done->summary_json, nullptr, false);
      sink.rows = summary.value("added_rows", uint64_t{0});
      sink.snapshot = done->id;
      sink.files = summary.value("added_files", uint64_t{0});
      sink.bytes = summary.value("added_bytes", uint64_t{0});
      sink.already_loaded = true;
      if (carries_checkpoints) checkpoints_committed_ = true;
      return sink;
    }
    Session::TableData rows = Rows(dataset);
    lake::LakeWriteOptions write_options;
    write_options.mode = mode;
    write_options.partition_by = partition_by;
    write_options.merge_keys = key;
    write_options.run_id = summary_.run_id;
    write_options.summary_json = nlohmann::json{{"sink", sink_name}}.dump();
    if (carries_checkpoints) write_options.checkpoints = pending_checkpoints_;
    write_options.before_commit = [this, sink_name] {
      CrashPoint("files written " + sink_name);
      if (options_.before_commit) options_.before_commit(sink_name);
    };
    auto writer =
        lake::LakeTableWriter::Open(*catalog_, summary_.lake_root, catalog::TableName::Parse(table),
                                    rows.schema, write_options);
    std::vector<const DataChunk*> chunks;
    for (size_t i = 0; i < rows.data->chunk_count(); i++) chunks.push_back(&rows.data->chunk(i));
    writer->WriteAll(chunks, session_->thread_pool().size());
    WriterStats stats = writer->Close();
    CrashPoint("committed " + sink_name);
    if (carries_checkpoints) {
      checkpoints_committed_ = true;
      summary_.checkpoints_committed = pending_checkpoints_.size();
    }
    sink.rows = rows.data->row_count();
    sink.snapshot = writer->committed().id;
    sink.files = stats.files.size();
    sink.bytes = stats.bytes;
    return sink;
  }

  void LoadQuarantine(const std::string& dataset, const std::string& session_table) {
    std::string table = QuarantineTable(spec_.name, dataset);
    std::string item = "quarantine:" + table;
    if (const nlohmann::json* state = StageCheckpointOf("load:" + item)) {
      summary_.sinks.push_back(SinkFromJson(*state));
      Restored("load", item, summary_.sinks.back().rows);
      return;
    }
    Stage("load", item, [&](StageSummary& result, uint64_t& rows_in, nlohmann::json& state) {
      rows_in = TableRows(session_table);
      SinkSummary sink =
          WriteLake(session_table, table, catalog::SnapshotOperation::kAppend, {}, {}, item, false);
      sink.from = dataset;
      sink.to = "quarantine";
      result.rows = sink.rows;
      result.detail = fmt::format("snapshot {}", sink.snapshot);
      state = SinkToJson(sink);
      summary_.sinks.push_back(sink);
    });
  }

  void Load(const pipeline::SinkSpec& spec, size_t index) {
    std::string target = spec.to == "file" ? spec.path : spec.table;
    std::string sink_name = spec.to + ":" + target;
    if (const nlohmann::json* state = StageCheckpointOf("load:" + sink_name)) {
      summary_.sinks.push_back(SinkFromJson(*state));
      if (index + 1 == spec_.sinks.size() && spec.to == "lake") checkpoints_committed_ = true;
      Restored("load", sink_name, summary_.sinks.back().rows);
      return;
    }
    // A full refresh rebuilds what incremental runs appended.
    std::string mode = spec.mode;
    if (options_.incremental.full_refresh && mode == "append") mode = "overwrite";
    if (mode == "append" && spec.to != "file") {
      for (const auto& source : rewritten_sources_) {
        if (!spec_.DependsOn(spec.from, source)) continue;
        summary_.warnings.push_back(fmt::format(
            "source '{}' read rewritten files; sink {} appends, so the rows of their earlier "
            "versions stay in {}. Use mode: merge with a key to replace them, or "
            "--full-refresh to rebuild the table.",
            source, sink_name, spec.table));
      }
    }
    Stage("load", sink_name, [&](StageSummary& result, uint64_t& rows_in, nlohmann::json& state) {
      SinkSummary sink;
      if (spec.to == "lake") {
        // The run's checkpoints go with its last lake snapshot when that is the last load.
        bool carries = index + 1 == spec_.sinks.size() && !pending_checkpoints_.empty();
        sink = WriteLake(spec.from, spec.table, catalog::ParseSnapshotOperation(mode),
                         spec.partition_by, spec.key, sink_name, carries);
        result.detail = sink.already_loaded
                            ? fmt::format("snapshot {} committed before the crash", sink.snapshot)
                            : fmt::format("snapshot {}, {} file{}", sink.snapshot, sink.files,
                                          sink.files == 1 ? "" : "s");
      } else if (spec.to == "warehouse") {
        sink = LoadWarehouse(spec, mode, sink_name);
        result.detail = sink.already_loaded ? "already loaded by this run (ledger)" : "";
      } else {
        sink = WriteFile(spec);
      }
      rows_in = sink.rows;
      result.rows = sink.rows;
      state = SinkToJson(sink);
      summary_.sinks.push_back(sink);
    });
  }

  // Commits the incremental sources' checkpoints when no lake snapshot carried them.
  void CommitCheckpoints() {
    if (pending_checkpoints_.empty() || checkpoints_committed_) return;
    if (StageCheckpointOf("load:checkpoints") != nullptr) return;
    Stage("load", "checkpoints", [&](StageSummary& result, uint64_t&, nlohmann::json&) {
      catalog_->WriteCheckpoints(pending_checkpoints_);
      CrashPoint("committed checkpoints");
      result.rows = 0;
      result.detail = fmt::format("{} checkpoint entr{}", pending_checkpoints_.size(),
                                  pending_checkpoints_.size() == 1 ? "y" : "ies");
      summary_.checkpoints_committed = pending_checkpoints_.size();
    });
    checkpoints_committed_ = true;
  }

  // Settings that a resumed run takes from the run it continues (a full refresh resumes
  // as one), recorded as the checkpoint of the pseudo-stage "run".
  void RunSettings() {
    if (const nlohmann::json* state = StageCheckpointOf("run")) {
      options_.incremental.full_refresh = state->value("full_refresh", false);
      if (state->contains("from")) options_.incremental.from = (*state)["from"].get<std::string>();
      if (state->contains("to")) options_.incremental.to = (*state)["to"].get<std::string>();
      return;
    }
    nlohmann::json state = {{"full_refresh", options_.incremental.full_refresh}};
    if (options_.incremental.from) state["from"] = *options_.incremental.from;
    if (options_.incremental.to) state["to"] = *options_.incremental.to;
    runs_->SaveStageCheckpoint(catalog::StageCheckpoint{summary_.run_id, "run", state.dump(), 0});
    for (auto& warning : LookbackAppendWarnings(spec_)) summary_.warnings.push_back(warning);
  }

  SinkSummary LoadWarehouse(const pipeline::SinkSpec& spec, const std::string& mode,
                            const std::string& sink_name) {
    if (!warehouse_) warehouse_ = warehouse::OpenWarehouse(spec_.warehouse);
    Session::TableData rows = Rows(spec.from);
    warehouse::LoadRequest request;
    request.table = spec.table;
    request.schema = rows.schema;
    request.mode = mode == "merge"       ? warehouse::LoadMode::kMerge
                   : mode == "overwrite" ? warehouse::LoadMode::kOverwrite
                                         : warehouse::LoadMode::kAppend;
    request.key = spec.key;
    request.pipeline = spec_.name;
    request.run_id = summary_.run_id;
    request.sink = sink_name;
    CrashPoint("loading " + sink_name);
    if (options_.before_commit) options_.before_commit(sink_name);
    size_t next = 0;
    const ChunkCollection& data = *rows.data;
    warehouse::LoadResult loaded = warehouse_->Load(request, [&]() -> const DataChunk* {
      return next < data.chunk_count() ? &data.chunk(next++) : nullptr;
    });
    CrashPoint("committed " + sink_name);
    SinkSummary sink;
    sink.from = spec.from;
    sink.to = "warehouse";
    sink.target = spec.table;
    sink.mode = mode;
    sink.rows = loaded.rows_loaded;
    sink.already_loaded = loaded.already_loaded;
    return sink;
  }

  SinkSummary WriteFile(const pipeline::SinkSpec& spec) {
    std::string options = "FORMAT " + spec.format;
    if (!spec.partition_by.empty()) {
      options += ", PARTITION_BY (";
      for (size_t i = 0; i < spec.partition_by.size(); i++) {
        options += (i > 0 ? ", " : "") + sql::QuoteIdentifier(spec.partition_by[i]);
      }
      options += ")";
    }
    QueryResult result = session_->Execute(fmt::format("COPY (SELECT * FROM {}) TO {} ({})",
                                                       sql::QuoteIdentifier(spec.from),
                                                       sql::QuoteString(spec.path), options));
    SinkSummary sink;
    sink.from = spec.from;
    sink.to = "file";
    sink.target = spec.path;
    sink.mode = "overwrite";
    if (!result.chunks.empty() && result.chunks[0].size() > 0) {
      Value count = result.Row(0)[0];
      if (!count.is_null()) sink.rows = static_cast<uint64_t>(count.int_value());
    }
    return sink;
  }

  const pipeline::PipelineSpec& spec_;
  RunOptions options_;
  RunSummary summary_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<catalog::RunStore> runs_;
  std::unique_ptr<catalog::PipelineLock> lock_;
  std::map<std::string, nlohmann::json> checkpoints_;  // stage -> state (a resumed run)
  std::map<std::string, int> attempts_before_;         // stage -> attempts made before
  std::vector<catalog::CheckpointEntry> pending_checkpoints_;
  bool checkpoints_committed_ = false;
  bool checkpointing_ = true;
  std::set<std::string> rewritten_sources_;  // by-file sources that read a rewritten file
  std::unique_ptr<Session> session_;
  std::unique_ptr<warehouse::Warehouse> warehouse_;
  std::map<std::string, int> uses_;
  std::vector<std::pair<std::string, std::string>> quarantine_;  // dataset, session table
  bool failed_ = false;
  int failed_attempts_ = 1;
  std::mt19937_64 random_{std::random_device{}()};
};

}  // namespace

std::chrono::milliseconds RetryDelay(const pipeline::RetryPolicy& policy, int attempt, double u) {
  double cap = static_cast<double>(policy.initial.count());
  for (int i = 1; i < attempt && cap < static_cast<double>(policy.max.count()); i++) {
    cap *= policy.multiplier;
  }
  cap = std::min(cap, static_cast<double>(policy.max.count()));
  double jitter = std::clamp(policy.jitter, 0.0, 1.0);
  double delay = cap * (1.0 - jitter * std::clamp(u, 0.0, 1.0));
  return std::chrono::milliseconds(static_cast<int64_t>(delay));
}

std::string ResolveLakeRoot(const pipeline::PipelineSpec& spec,
                            const std::optional<std::string>& override_lake) {
  std::string lake;
  if (override_lake) {
    lake = *override_lake;
  } else if (spec.lake_explicit) {
    lake = spec.lake;
  } else {
    const char* env = std::getenv("SLUICE_LAKE");
    lake = env != nullptr && *env != '\0' ? env : "lake";
  }
  while (lake.size() > 1 && lake.back() == '/') lake.pop_back();
  return lake;
}

RunSummary RunPipeline(const pipeline::PipelineSpec& spec, const RunOptions& options) {
  PipelineStorageScope storage(spec);
  Runner runner(spec, options);
  return runner.Run();
}

}  // namespace sluice::runner
