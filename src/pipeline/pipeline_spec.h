// PipelineSpec — a pipeline file (docs/design.md §5) as plain values: where the lake,
// catalog and warehouse are, the sources to extract, the SQL steps, the quality checks per
// dataset, the sinks, the retry policy and notifications.
//
// Produced by ParsePipelineSpec (spec_parser.h), which validates everything before a run
// starts; every entity keeps the line it was written on so later errors can point there.
//
// Thread-safety: plain values.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "formats/options.h"
#include "types/type.h"

namespace sluice::pipeline {

struct IncrementalSpec {
  enum class By { kFile, kColumn };
  By by = By::kFile;
  std::string column;                     // by: column
  std::chrono::milliseconds lookback{0};  // re-read this much before the watermark
};

struct SourceSpec {
  std::string name;
  int line = 0;
  // Exactly one of path (files) and table (a catalog table "db.name").
  std::string path;
  std::string format;  // csv | json | parquet (inferred from the path's extension if absent)
  std::vector<std::pair<std::string, OptionValue>> options;  // reader options (read_csv's)
  std::string table;
  Schema schema;  // optional declared columns
  std::optional<IncrementalSpec> incremental;
};

struct StepSpec {
  std::string name;
  int line = 0;
  std::string sql;
  std::vector<std::string> inputs;  // sources/steps the SQL reads (see StepGraph)
};

// How a rule repairs a failing value instead of quarantining the row.
struct FixSpec {
  enum class Kind { kNone, kDefault, kTrim, kLower, kUpper, kNullIfInvalid, kSql };
  Kind kind = Kind::kNone;
  std::string value;  // kDefault: the value as written; kSql: the expression
};

struct RuleSpec {
  // not_null | unique | accepted_values | range | regex | length | row | foreign_key |
  // row_count | freshness | schema | sql
  std::string kind;
  int line = 0;
  std::vector<std::string> columns;  // not_null, unique, schema
  std::string column;               // accepted_values, range, regex, length, foreign_key, freshness
  std::vector<std::string> values;  // accepted_values, as written
  std::optional<double> min;        // range, length, row_count
  std::optional<double> max;
  bool inclusive = true;   // range: bounds included
  std::string pattern;     // regex
  std::string expression;  // row: a boolean SQL expression; sql: an aggregate condition
  std::string references;  // foreign_key: a dataset name or "db.table"
  std::string references_column;
  std::chrono::milliseconds max_age{0};  // freshness
  std::string severity = "error";        // error | warn
  FixSpec fix;

  // "range(quantity)" / "not_null(order_id, customer_id)", for reports.
  std::string Describe() const;
};

struct DatasetChecks {
  std::string dataset;
  int line = 0;
  std::vector<RuleSpec> rules;
  std::string on_fail = "fail";  // quarantine | fail | warn
  std::optional<double> min_score;
};

struct SinkSpec {
  std::string from;
  int line = 0;
  std::string to;      // lake | warehouse | file
  std::string table;   // lake / warehouse: "db.name"
  std::string path;    // file
  std::string format;  // file: csv | json | parquet
  std::vector<std::string> partition_by;
  std::string mode = "append";   // append | overwrite | overwrite_partitions | merge
  std::vector<std::string> key;  // merge
};

struct RetryPolicy {
  int max_attempts = 3;
  std::chrono::milliseconds initial{1000};
  double multiplier = 2;
  std::chrono::milliseconds max{60000};
  // Share of each delay that is random: the wait before attempt n+1 is
  // cap * (1 - jitter * U), U uniform in [0, 1), cap = min(max, initial * multiplier^(n-1)).
  // 1 (the default) is "full jitter": uniform in [0, cap). 0 waits exactly cap.
  double jitter = 1.0;
};

struct NotifySpec {
  std::vector<std::string>
      on;  // success | failure | quality_failed | dlq | retry (empty: failure, quality_failed, dlq)
  std::string webhook;
  std::string command;
};

// The `storage:` block: how to reach the object store that s3:// paths of this pipeline
// (sources, sinks, the lake) live in. Settings are S3ConfigFromSettings' keys, after
// parameter substitution; they hold the secret, so they are never printed or recorded:
// Describe() leaves it out, and parameters a secret setting uses are left out of the
// run's recorded parameters (PipelineSpec::RecordedParams).
struct StorageSpec {
  int line = 0;
  std::map<std::string, std::string> settings;
  std::set<std::string> secret_params;  // parameters used by secret_access_key/session_token

  // "endpoint http://127.0.0.1:7480, region us-east-1, access key AKIA..., path-style".
  std::string Describe() const;
};

struct PipelineSpec {
  std::string file;  // as given to the parser, for messages
  std::string name;
  std::string lake = "./lake";
  std::string catalog;            // default: <lake>/_catalog.db; none for an s3:// lake
  bool lake_explicit = false;     // `lake:` was written (else the default above)
  bool catalog_explicit = false;  // `catalog:` was written (else derived from the lake)
  std::string warehouse = "./warehouse.db";
  std::map<std::string, std::string> params;  // after --param overrides
  std::map<std::string, SourceSpec> sources;
  std::vector<std::string> source_order;  // as written
  std::vector<StepSpec> steps;            // as written
  std::map<std::string, DatasetChecks> checks;
  std::vector<SinkSpec> sinks;
  RetryPolicy retry;
  std::optional<NotifySpec> notify;
  std::optional<StorageSpec> storage;

  // The parameters to record with a run: `params` without those that feed a secret of
  // the storage block.
  std::map<std::string, std::string> RecordedParams() const;
  const StepSpec* FindStep(const std::string& name) const;
  // Whether `dataset` is `source` or a step that reads it, directly or through other steps.
  bool DependsOn(const std::string& dataset, const std::string& source) const;
  bool IsDataset(const std::string& name) const;  // a source or a step
  // Steps in an order where every step comes after the steps it reads (spec order where
  // free). Valid after parsing (the parser refuses cycles).
  std::vector<const StepSpec*> TopologicalOrder() const;
};

// A cycle among the steps' inputs as a path "a, b, a", or empty when there is none.
std::vector<std::string> FindStepCycle(const std::vector<StepSpec>& steps);

}  // namespace sluice::pipeline
