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
#include "runner/notifier.h"
#include "runner/pipeline_storage.h"
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

std::string OptionSql(const OptionValue& value) {
  switch (value.kind) {
    case OptionValue::Kind::kScalar: return value.scalar.ToSqlLiteral();
    case OptionValue::Kind::kList: {
      std::string out = "[";
      for (size_t i = 0; i < value.items.size(); i++) {
        if (i > 0) out += ", ";
        out += OptionSql(value.items[i]);
      }
      return out + "]";
    }
    case OptionValue::Kind::kStruct: {
      std::string out = "{";
      for (size_t i = 0; i < value.fields.size(); i++) {
        if (i > 0) out += ", ";
        out += sql::QuoteString(value.fields[i].first) + ": " + OptionSql(value.fields[i].second);
      }
      return out + "}";
    }
  }
  return "NULL";
}

// The FROM item that reads a source: read_csv('path', opt=value, ...) or db.table.
std::string SourceSql(const pipeline::SourceSpec& source) {
  if (!source.table.empty()) return source.table;
  std::string sql = fmt::format("read_{}({}", source.format, sql::QuoteString(source.path));
  for (const auto& [name, value] : source.options) sql += ", " + name + "=" + OptionSql(value);
  return sql + ")";
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
    catalog::RunRecord run = runs_->StartRun(spec_.name, options_.params_json, options_.run_id);
    summary_.run_id = run.run_id;

    SessionOptions session_options;
    session_options.threads = options_.threads;
    session_options.memory_limit_bytes = options_.memory_limit_bytes;
    session_options.lake_root = summary_.lake_root;
    session_options.catalog = summary_.catalog;
    session_ = std::make_unique<Session>(session_options);

    try {
      CountUses();
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
        for (const auto& sink : spec_.sinks) Load(sink);
      }
    } catch (StageFailure& failure) {
      Fail(failure.error.kind(), failure.error.what(), failure.stage);
    }

    summary_.quality_score = OverallScore();
    summary_.seconds = SecondsSince(start);
    if (!failed_) summary_.status = catalog::RunStatus::kSucceeded;
    try {
      if (failed_ && summary_.error_kind != ErrorKind::kDataQuality) EnterDeadLetterQueue();
      runs_->SetRunSummary(summary_.run_id, summary_.ToJson());
      runs_->FinishRun(summary_.run_id, summary_.status, summary_.error_kind,
                       summary_.error_message, summary_.quality_score);
    } catch (const Error& e) {
      // The data is committed (or not) already; a run store failure is reported but does
      // not change what happened.
      if (!failed_) Fail(e.kind(), fmt::format("recording the run: {}", e.what()), "finish");
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
  // (each attempt recorded); converts the final error into a StageFailure.
  template <typename Body>
  void Stage(const std::string& stage, const std::string& item, Body&& body) {
    std::string name = stage + ":" + item;
    const pipeline::RetryPolicy& policy = spec_.retry;
    StageSummary result{stage, item, 0, 0, "", 1, {}};
    for (int attempt = 1;; attempt++) {
      Emit(StageEvent::Kind::kStart, stage, item, 0, 0, "", attempt);
      runs_->StartStage(summary_.run_id, name, attempt);
      Clock::time_point start = Clock::now();
      result.rows = 0;
      result.detail.clear();
      uint64_t rows_in = 0;
      std::optional<Error> error;
      try {
        body(result, rows_in);
      } catch (const Error& e) {
        error = e;
      } catch (const std::bad_alloc&) {
        error = Error::Permanent("out of memory (lower --threads or set --memory-limit)");
      }
      double seconds = SecondsSince(start);
      if (!error) {
        result.seconds = seconds;
        result.attempts = attempt;
        runs_->FinishStage(summary_.run_id, name, attempt, catalog::StageStatus::kSucceeded,
                           rows_in, result.rows);
        summary_.stages.push_back(result);
        Emit(StageEvent::Kind::kEnd, stage, item, result.rows, result.seconds, result.detail,
             attempt);
        return;
      }
      runs_->FinishStage(summary_.run_id, name, attempt, catalog::StageStatus::kFailed, rows_in, 0);
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

  void Extract(const pipeline::SourceSpec& source) {
    Stage("extract", source.name, [&](StageSummary& result, uint64_t&) {
      bool materialize =
          spec_.checks.count(source.name) > 0 || !source.schema.empty() || uses_[source.name] > 1;
      std::string from = SourceSql(source);
      DatasetSummary dataset{source.name, true, materialize, std::nullopt};
      if (materialize) {
        session_->Execute(fmt::format("CREATE OR REPLACE TEMP TABLE {} AS SELECT * FROM {}",
                                      sql::QuoteIdentifier(source.name), from));
        result.rows = TableRows(source.name);
        dataset.rows = result.rows;
        result.detail = "materialized";
      } else {
        // Read lazily by the one consumer; binding the view opens the files now, so a
        // missing file or a bad option still fails here, in extract.
        session_->Execute(fmt::format("CREATE OR REPLACE VIEW {} AS SELECT * FROM {}",
                                      sql::QuoteIdentifier(source.name), from));
        result.detail = "streamed to its consumer";
      }
      summary_.datasets.push_back(dataset);
    });
  }

  void Transform(const pipeline::StepSpec& step) {
    Stage("transform", step.name, [&](StageSummary& result, uint64_t&) {
      std::string sql = step.sql;
      while (!sql.empty() &&
             (std::isspace(static_cast<unsigned char>(sql.back())) || sql.back() == ';')) {
        sql.pop_back();
      }
      session_->Execute(fmt::format("CREATE OR REPLACE TEMP TABLE {} AS {}",
                                    sql::QuoteIdentifier(step.name), sql));
      result.rows = TableRows(step.name);
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
    Stage("check", dataset, [&](StageSummary& result, uint64_t& rows_in) {
      quality::CheckOptions check_options;
      check_options.quarantine_table = "__quarantine__" + dataset;
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
    });
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
                        const std::vector<std::string>& key, const std::string& sink_name) {
    Session::TableData rows = Rows(dataset);
    lake::LakeWriteOptions write_options;
    write_options.mode = mode;
    write_options.partition_by = partition_by;
    write_options.merge_keys = key;
    write_options.run_id = summary_.run_id;
    if (options_.before_commit) {
      write_options.before_commit = [this, sink_name] { options_.before_commit(sink_name); };
    }
    auto writer =
        lake::LakeTableWriter::Open(*catalog_, summary_.lake_root, catalog::TableName::Parse(table),
                                    rows.schema, write_options);
    std::vector<const DataChunk*> chunks;
    for (size_t i = 0; i < rows.data->chunk_count(); i++) chunks.push_back(&rows.data->chunk(i));
    writer->WriteAll(chunks, session_->thread_pool().size());
    WriterStats stats = writer->Close();
    SinkSummary sink;
    sink.from = dataset;
    sink.to = "lake";
    sink.target = table;
    sink.mode = std::string(catalog::SnapshotOperationName(mode));
    sink.rows = rows.data->row_count();
    sink.snapshot = writer->committed().id;
    sink.files = stats.files.size();
    sink.bytes = stats.bytes;
    return sink;
  }

  void LoadQuarantine(const std::string& dataset, const std::string& session_table) {
    std::string table = QuarantineTable(spec_.name, dataset);
    Stage("load", "quarantine:" + table, [&](StageSummary& result, uint64_t& rows_in) {
      rows_in = TableRows(session_table);
      SinkSummary sink = WriteLake(session_table, table, catalog::SnapshotOperation::kAppend, {},
                                   {}, "quarantine:" + table);
      sink.from = dataset;
      sink.to = "quarantine";
      result.rows = sink.rows;
      result.detail = fmt::format("snapshot {}", sink.snapshot);
      summary_.sinks.push_back(sink);
    });
  }

  void Load(const pipeline::SinkSpec& spec) {
    std::string target = spec.to == "file" ? spec.path : spec.table;
    std::string sink_name = spec.to + ":" + target;
    Stage("load", sink_name, [&](StageSummary& result, uint64_t& rows_in) {
      SinkSummary sink;
      if (spec.to == "lake") {
        sink = WriteLake(spec.from, spec.table, catalog::ParseSnapshotOperation(spec.mode),
                         spec.partition_by, spec.key, sink_name);
        result.detail = fmt::format("snapshot {}, {} file{}", sink.snapshot, sink.files,
                                    sink.files == 1 ? "" : "s");
      } else if (spec.to == "warehouse") {
        sink = LoadWarehouse(spec, sink_name);
        result.detail = sink.already_loaded ? "already loaded by this run (ledger)" : "";
      } else {
        sink = WriteFile(spec);
      }
      rows_in = sink.rows;
      result.rows = sink.rows;
      summary_.sinks.push_back(sink);
    });
  }

  SinkSummary LoadWarehouse(const pipeline::SinkSpec& spec, const std::string& sink_name) {
    if (!warehouse_) warehouse_ = warehouse::OpenWarehouse(spec_.warehouse);
    Session::TableData rows = Rows(spec.from);
    warehouse::LoadRequest request;
    request.table = spec.table;
    request.schema = rows.schema;
    request.mode = spec.mode == "merge"       ? warehouse::LoadMode::kMerge
                   : spec.mode == "overwrite" ? warehouse::LoadMode::kOverwrite
                                              : warehouse::LoadMode::kAppend;
    request.key = spec.key;
    request.pipeline = spec_.name;
    request.run_id = summary_.run_id;
    request.sink = sink_name;
    if (options_.before_commit) options_.before_commit(sink_name);
    size_t next = 0;
    const ChunkCollection& data = *rows.data;
    warehouse::LoadResult loaded = warehouse_->Load(request, [&]() -> const DataChunk* {
      return next < data.chunk_count() ? &data.chunk(next++) : nullptr;
    });
    SinkSummary sink;
    sink.from = spec.from;
    sink.to = "warehouse";
    sink.target = spec.table;
    sink.mode = spec.mode;
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
  const RunOptions& options_;
  RunSummary summary_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<catalog::RunStore> runs_;
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
