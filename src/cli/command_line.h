// CommandLine — parses the arguments of the `sluice` binary into a command to run.
//
//   sluice --help | --version | help [COMMAND]
//   sluice query [SQL | --file F] [--format table|csv|json] [--threads N]
//                [--memory-limit 4GB] [--lake DIR] [--catalog FILE] [--output FILE]
//   sluice generate retail --rows N --out DIR [--seed S]
//   sluice run PIPELINE.yaml [--param k=v]... [--lake DIR] [--threads N] [--memory-limit M]
//   sluice validate PIPELINE.yaml [--param k=v]...
//   sluice runs [ls] [--pipeline NAME] [--limit N] | runs show RUN_ID   [--lake DIR]
//   sluice report RUN_ID [-o FILE] [--lake DIR]
//   sluice lineage TABLE [--column C] [--format text|dot|mermaid] [--lake DIR]
//
// Parsing does no I/O and never looks at terminals: decisions that depend on the
// environment (default output format, reading SQL from stdin) are left to the caller,
// which sees what was given explicitly. Bad arguments throw UsageError, whose message
// names the argument and suggests the closest valid spelling; the CLI exits with 2.
//
// Thread-safety: pure functions and value types.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sluice::cli {

// A mistake in the command line itself (as opposed to an error in the SQL or data).
class UsageError : public std::runtime_error {
 public:
  // `command` is the subcommand whose usage the hint points to ("" for the top level).
  UsageError(const std::string& message, std::string command)
      : std::runtime_error(message), command_(std::move(command)) {}
  const std::string& command() const { return command_; }

 private:
  std::string command_;
};

enum class OutputFormat { kTable, kCsv, kJson };

// "table" / "csv" / "json" (case-insensitive); nullopt for anything else.
std::optional<OutputFormat> ParseOutputFormat(std::string_view name);
std::string_view OutputFormatName(OutputFormat format);

struct QueryArgs {
  std::optional<std::string> sql;      // the SQL argument
  std::optional<std::string> file;     // --file/-f ("-" means stdin)
  std::optional<OutputFormat> format;  // --format; unset: the caller picks a default
  size_t threads = 0;                  // --threads; 0: one per core
  uint64_t memory_limit_bytes = 0;     // --memory-limit; 0: engine default
  std::optional<std::string> lake;     // --lake
  std::optional<std::string> catalog;  // --catalog: the lake's catalog (else from the lake)
  std::optional<std::string> output;   // --output/-o; unset: stdout
};

struct GenerateArgs {
  std::string dataset;  // "retail"
  uint64_t rows = 0;
  std::string out_dir;
  uint64_t seed = 42;
};

// sluice catalog ls [DB] | show TABLE | history TABLE | vacuum [TABLE] [--grace SECONDS]
struct CatalogArgs {
  std::string action;                  // ls, show, history, vacuum
  std::string target;                  // a database (ls) or a table db.name; may be empty
  std::optional<std::string> lake;     // --lake
  std::optional<std::string> catalog;  // --catalog: the lake's catalog (else from the lake)
  uint64_t grace_seconds = 3600;       // vacuum: keep unreferenced files younger than this
};

// sluice run / sluice validate
struct RunArgs {
  std::string pipeline_file;
  std::vector<std::pair<std::string, std::string>> params;  // --param key=value, in order
  std::optional<std::string> lake;                          // --lake: overrides the spec's
  size_t threads = 0;
  uint64_t memory_limit_bytes = 0;
  bool quiet = false;                 // --quiet: no progress lines, only the summary
  std::optional<std::string> report;  // --report FILE: write the HTML report afterwards
  bool resume = false;                // --resume [RUN_ID]: continue an unfinished run
  std::string resume_run_id;
  bool abandon = false;             // --abandon: give up the unfinished run, run anew
  bool full_refresh = false;        // --full-refresh: incremental sources read everything
  bool no_checkpoint = false;       // --no-checkpoint: do not materialize stages
  std::optional<std::string> from;  // --from / --to: a backfill window
  std::optional<std::string> to;
};

// sluice checkpoint show|set|reset PIPELINE [SOURCE [VALUE]]
struct CheckpointArgs {
  std::string action = "show";  // show | set | reset
  std::string pipeline;         // a pipeline name or its YAML file
  std::string source;           // optional for show and reset
  std::string value;            // set: the new watermark
  std::optional<std::string> lake;
  std::optional<std::string> catalog;  // --catalog URI (default: the lake's, or the spec's)
};

// sluice runs [ls] | runs show RUN_ID
struct RunsArgs {
  std::string action = "ls";            // ls | show
  std::string run_id;                   // show
  std::optional<std::string> pipeline;  // ls: --pipeline NAME
  size_t limit = 20;                    // ls: --limit N
  std::optional<std::string> lake;
  std::optional<OutputFormat> format;  // --format table|json (default table)
  std::optional<std::string> catalog;  // --catalog URI (default: $SLUICE_CATALOG, else the lake's)
};

// sluice report RUN_ID [-o FILE]
struct ReportArgs {
  std::string run_id;
  std::optional<std::string> output;  // default: report-<RUN_ID>.html
  std::optional<std::string> lake;
  std::optional<std::string> catalog;  // --catalog URI (default: $SLUICE_CATALOG, else the lake's)
};

// sluice lineage TABLE [--column C] [--format text|dot|mermaid]
struct LineageArgs {
  std::string table;                   // a lake table db.name, or any lineage node name
  std::string column;                  // --column; empty: table level
  std::string format = "text";         // text | dot | mermaid
  std::optional<std::string> lake;     // --lake
  std::optional<std::string> catalog;  // --catalog URI (default: $SLUICE_CATALOG, else the lake's)
};

// sluice dlq ls | show ID | retry ID | discard ID
struct DlqArgs {
  std::string action = "ls";  // ls | show | retry | discard
  int64_t id = 0;
  bool all = false;  // ls --all: closed entries too
  std::optional<std::string> lake;
  std::optional<std::string> catalog;  // --catalog URI (default: $SLUICE_CATALOG, else the lake's)
};

struct Command {
  enum class Kind {
    kHelp,
    kVersion,
    kQuery,
    kGenerate,
    kCatalog,
    kRun,
    kValidate,
    kRuns,
    kDlq,
    kReport,
    kLineage,
    kCheckpoint
  };
  Kind kind = Kind::kHelp;
  std::string help_topic;  // kHelp: "" (overview) or a subcommand name
  QueryArgs query;
  GenerateArgs generate;
  CatalogArgs catalog;
  RunArgs run;  // kRun and kValidate
  RunsArgs runs;
  DlqArgs dlq;
  ReportArgs report;
  LineageArgs lineage;
  CheckpointArgs checkpoint;
};

// Parses argv[1..] (without the program name).
Command ParseCommandLine(const std::vector<std::string>& args);

// Help texts: the overview for "" and the detailed usage of a subcommand. Throws
// UsageError for an unknown topic.
std::string HelpText(std::string_view topic);
// The subcommand names, for suggestions.
const std::vector<std::string>& CommandNames();
std::string VersionText();

// "4GB", "512MB", "1.5GiB", "1000000" (bytes). KB/MB/GB/TB are powers of 1000,
// KiB/MiB/GiB/TiB powers of 1024; case-insensitive. nullopt if malformed or zero.
std::optional<uint64_t> ParseByteSize(std::string_view text);
// A non-negative row count: "1000000", "1e6", "1_000_000". nullopt if malformed.
std::optional<uint64_t> ParseCount(std::string_view text);

}  // namespace sluice::cli
