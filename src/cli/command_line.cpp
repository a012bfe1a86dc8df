#include "cli/command_line.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "formats/options.h"

#ifndef SLUICE_VERSION
#define SLUICE_VERSION "0.0.0"
#endif

namespace sluice::cli {
namespace {

const std::vector<std::string> kCommands = {"query",  "generate", "catalog", "run",    "validate",
                                            "runs",   "dlq",      "report",   "help",    "version",
                                            "lineage"};
const std::vector<std::string> kTopLevelFlags = {"--help", "--version"};
const std::vector<std::string> kDatasets = {"retail"};

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string WithSuggestion(std::string message, std::string_view given,
                           const std::vector<std::string>& candidates) {
  std::string suggestion = ClosestMatch(given, candidates);
  if (!suggestion.empty()) message += fmt::format(" (did you mean '{}'?)", suggestion);
  return message;
}

// Walks the arguments of one subcommand: flags (with "--name value" or "--name=value"),
// positionals, and "--" ending the flags.
class ArgumentCursor {
 public:
  ArgumentCursor(const std::vector<std::string>& args, size_t start, std::string command)
      : args_(args), pos_(start), command_(std::move(command)) {}

  bool Done() const { return pos_ >= args_.size(); }

  // Reads the next argument. Sets `flag` (without any "=value") when it is a flag.
  void Next(std::string* flag, std::string* positional) {
    const std::string& arg = args_[pos_++];
    flag->clear();
    positional->clear();
    inline_value_.reset();
    if (!flags_ended_ && arg == "--") {
      flags_ended_ = true;
      if (!Done()) Next(flag, positional);
      return;
    }
    if (!flags_ended_ && IsFlag(arg)) {
      size_t eq = arg.find('=');
      if (arg.starts_with("--") && eq != std::string::npos) {
        *flag = arg.substr(0, eq);
        inline_value_ = arg.substr(eq + 1);
      } else {
        *flag = arg;
      }
      return;
    }
    *positional = arg;
  }

  // The value of the flag just read.
  std::string Value(const std::string& flag) {
    if (inline_value_) return *inline_value_;
    if (Done()) throw UsageError(fmt::format("option '{}' needs a value", flag), command_);
    return args_[pos_++];
  }

  // The flag just read must not carry "=value".
  void NoValue(const std::string& flag) const {
    if (inline_value_) {
      throw UsageError(fmt::format("option '{}' takes no value", flag), command_);
    }
  }

 private:
  // "-x" and "--xyz" are flags; "-" alone (stdin) and text with spaces (SQL such as
  // "-- comment\nSELECT 1") are not.
  static bool IsFlag(const std::string& arg) {
    if (arg.size() < 2 || arg[0] != '-') return false;
    return std::none_of(arg.begin(), arg.end(),
                        [](unsigned char c) { return std::isspace(c) != 0; });
  }

  const std::vector<std::string>& args_;
  size_t pos_;
  std::string command_;
  bool flags_ended_ = false;
  std::optional<std::string> inline_value_;
};

[[noreturn]] void UnknownFlag(const std::string& flag, const std::vector<std::string>& known,
                              const std::string& command) {
  throw UsageError(WithSuggestion(fmt::format("unknown option '{}'", flag), flag, known), command);
}

size_t ParseThreads(const std::string& value, const std::string& command) {
  std::optional<uint64_t> n = ParseCount(value);
  if (!n || *n == 0 || *n > 4096) {
    throw UsageError(
        fmt::format("--threads: expected a number of threads (1..4096), got '{}'", value),
        command);
  }
  return static_cast<size_t>(*n);
}

QueryArgs ParseQuery(const std::vector<std::string>& args, size_t start, bool* wants_help) {
  static const std::vector<std::string> kFlags = {
      "--file", "--format", "--threads", "--memory-limit", "--lake", "--output", "--help"};
  QueryArgs q;
  ArgumentCursor cursor(args, start, "query");
  std::string flag, positional;
  while (!cursor.Done()) {
    cursor.Next(&flag, &positional);
    if (flag.empty()) {
      if (positional.empty() && cursor.Done()) break;  // a trailing "--"
      if (q.sql) {
        throw UsageError(fmt::format("unexpected argument '{}': pass the SQL as one quoted "
                                     "argument",
                                     positional),
                         "query");
      }
      q.sql = positional;
    } else if (flag == "--help" || flag == "-h") {
      cursor.NoValue(flag);
      *wants_help = true;
    } else if (flag == "--file" || flag == "-f") {
      q.file = cursor.Value(flag);
    } else if (flag == "--format") {
      std::string value = cursor.Value(flag);
      q.format = ParseOutputFormat(value);
      if (!q.format) {
        throw UsageError(WithSuggestion(fmt::format("unknown format '{}': expected table, csv "
                                                    "or json",
                                                    value),
                                        Lower(value), {"table", "csv", "json"}),
                         "query");
      }
    } else if (flag == "--threads") {
      std::string value = cursor.Value(flag);
      q.threads = ParseThreads(value, "query");
    } else if (flag == "--memory-limit") {
      std::string value = cursor.Value(flag);
      std::optional<uint64_t> bytes = ParseByteSize(value);
      if (!bytes) {
        throw UsageError(
            fmt::format("--memory-limit: expected a size such as 4GB or 512MB, got '{}'", value),
            "query");
      }
      q.memory_limit_bytes = *bytes;
    } else if (flag == "--lake") {
      q.lake = cursor.Value(flag);
    } else if (flag == "--output" || flag == "-o") {
      q.output = cursor.Value(flag);
    } else {
      UnknownFlag(flag, kFlags, "query");
    }
  }
  if (*wants_help) return q;
  if (q.sql && q.file) {
    throw UsageError("give the SQL either as an argument or with --file, not both", "query");
  }
  return q;
}

GenerateArgs ParseGenerate(const std::vector<std::string>& args, size_t start, bool* wants_help) {
  static const std::vector<std::string> kFlags = {"--rows", "--out", "--seed", "--help"};
  GenerateArgs g;
  bool has_rows = false;
  ArgumentCursor cursor(args, start, "generate");
  std::string flag, positional;
  while (!cursor.Done()) {
    cursor.Next(&flag, &positional);
    if (flag.empty()) {
      if (!g.dataset.empty()) {
        throw UsageError(fmt::format("unexpected argument '{}'", positional), "generate");
      }
      if (std::find(kDatasets.begin(), kDatasets.end(), positional) == kDatasets.end()) {
        throw UsageError(
            WithSuggestion(fmt::format("unknown dataset '{}' (known: retail)", positional),
                           positional, kDatasets),
            "generate");
      }
      g.dataset = positional;
    } else if (flag == "--help" || flag == "-h") {
      cursor.NoValue(flag);
      *wants_help = true;
    } else if (flag == "--rows" || flag == "-n") {
      std::string value = cursor.Value(flag);
      std::optional<uint64_t> n = ParseCount(value);
      if (!n) {
        throw UsageError(fmt::format("--rows: expected a row count such as 1000000 or 1e6, "
                                     "got '{}'",
                                     value),
                         "generate");
      }
      g.rows = *n;
      has_rows = true;
    } else if (flag == "--out" || flag == "-o") {
      g.out_dir = cursor.Value(flag);
    } else if (flag == "--seed") {
      std::string value = cursor.Value(flag);
      std::optional<uint64_t> seed = ParseCount(value);
      if (!seed) {
        throw UsageError(fmt::format("--seed: expected a non-negative integer, got '{}'", value),
                         "generate");
      }
      g.seed = *seed;
    } else {
      UnknownFlag(flag, kFlags, "generate");
    }
  }
  if (*wants_help) return g;
  if (g.dataset.empty()) throw UsageError("missing the dataset to generate (retail)", "generate");
  if (!has_rows) throw UsageError("missing --rows N", "generate");
  if (g.out_dir.empty()) throw UsageError("missing --out DIR", "generate");
  return g;
}

CatalogArgs ParseCatalog(const std::vector<std::string>& args, size_t start, bool* wants_help) {
  static const std::vector<std::string> kFlags = {"--lake", "--grace", "--help"};
  static const std::vector<std::string> kActions = {"ls", "show", "history", "vacuum"};
  CatalogArgs c;
  ArgumentCursor cursor(args, start, "catalog");
  std::string flag, positional;
  while (!cursor.Done()) {
    cursor.Next(&flag, &positional);
    if (flag.empty()) {
      if (c.action.empty()) {
        if (std::find(kActions.begin(), kActions.end(), positional) == kActions.end()) {
          throw UsageError(WithSuggestion(fmt::format("unknown catalog action '{}' (ls, show, "
                                                      "history, vacuum)",
                                                      positional),
                                          positional, kActions),
                           "catalog");
        }
        c.action = positional;
      } else if (c.target.empty()) {
        c.target = positional;
      } else {
        throw UsageError(fmt::format("unexpected argument '{}'", positional), "catalog");
      }
    } else if (flag == "--help" || flag == "-h") {
      cursor.NoValue(flag);
      *wants_help = true;
    } else if (flag == "--lake") {
      c.lake = cursor.Value(flag);
    } else if (flag == "--grace") {
      std::string value = cursor.Value(flag);
      std::optional<uint64_t> seconds = ParseCount(value);
      if (!seconds && value != "0") {
        throw UsageError(fmt::format("--grace: expected seconds, got '{}'", value), "catalog");
      }
      c.grace_seconds = seconds.value_or(0);
    } else {
      UnknownFlag(flag, kFlags, "catalog");
    }
  }
  if (*wants_help) return c;
  if (c.action.empty())
    throw UsageError("missing the catalog action (ls, show, history, vacuum)", "catalog");
  if ((c.action == "show" || c.action == "history") && c.target.empty()) {
    throw UsageError(fmt::format("catalog {} needs a table (db.name)", c.action), "catalog");
  }
  return c;
}

RunArgs ParseRun(const std::vector<std::string>& args, size_t start, bool* wants_help,
                 const std::string& command) {
  static const std::vector<std::string> kRunFlags = {
      "--param", "--lake", "--threads", "--memory-limit", "--quiet", "--report", "--help"};
  static const std::vector<std::string> kValidateFlags = {"--param", "--help"};
  const bool run = command == "run";
  RunArgs r;
  ArgumentCursor cursor(args, start, command);
  std::string flag, positional;
  while (!cursor.Done()) {
    cursor.Next(&flag, &positional);
    if (flag.empty()) {
      if (positional.empty() && cursor.Done()) break;
      if (!r.pipeline_file.empty()) {
        throw UsageError(fmt::format("unexpected argument '{}' (one pipeline file per {})",
                                     positional, command),
                         command);
      }
      r.pipeline_file = positional;
    } else if (flag == "--help" || flag == "-h") {
      cursor.NoValue(flag);
      *wants_help = true;
    } else if (flag == "--param" || flag == "-p") {
      std::string value = cursor.Value(flag);
      size_t eq = value.find('=');
      if (eq == std::string::npos || eq == 0) {
        throw UsageError(fmt::format("--param: expected key=value, got '{}'", value), command);
      }
      r.params.emplace_back(value.substr(0, eq), value.substr(eq + 1));
    } else if (run && flag == "--lake") {
      r.lake = cursor.Value(flag);
    } else if (run && flag == "--threads") {
      r.threads = ParseThreads(cursor.Value(flag), command);
    } else if (run && flag == "--memory-limit") {
      std::string value = cursor.Value(flag);
      std::optional<uint64_t> bytes = ParseByteSize(value);
      if (!bytes) {
        throw UsageError(
            fmt::format("--memory-limit: expected a size such as 4GB or 512MB, got '{}'", value),
            command);
      }
      r.memory_limit_bytes = *bytes;
    } else if (run && (flag == "--quiet" || flag == "-q")) {
      cursor.NoValue(flag);
      r.quiet = true;
    } else if (run && flag == "--report") {
      r.report = cursor.Value(flag);
    } else {
      UnknownFlag(flag, run ? kRunFlags : kValidateFlags, command);
    }
  }
  if (*wants_help) return r;
  if (r.pipeline_file.empty()) {
    throw UsageError(fmt::format("missing the pipeline file (sluice {} pipeline.yaml)", command),
                     command);
  }
  return r;
}

RunsArgs ParseRuns(const std::vector<std::string>& args, size_t start, bool* wants_help) {
  static const std::vector<std::string> kFlags = {"--pipeline", "--limit", "--lake", "--format",
                                                  "--help"};
  static const std::vector<std::string> kActions = {"ls", "show"};
  RunsArgs r;
  bool has_action = false;
  ArgumentCursor cursor(args, start, "runs");
  std::string flag, positional;
  while (!cursor.Done()) {
    cursor.Next(&flag, &positional);
    if (flag.empty()) {
      if (positional.empty() && cursor.Done()) break;
      if (!has_action) {
        if (std::find(kActions.begin(), kActions.end(), positional) == kActions.end()) {
          throw UsageError(WithSuggestion(fmt::format("unknown runs action '{}' (ls, show)",
                                                      positional),
                                          positional, kActions),
                           "runs");
        }
        r.action = positional;
        has_action = true;
      } else if (r.action == "show" && r.run_id.empty()) {
        r.run_id = positional;
      } else {
        throw UsageError(fmt::format("unexpected argument '{}'", positional), "runs");
      }
    } else if (flag == "--help" || flag == "-h") {
      cursor.NoValue(flag);
      *wants_help = true;
    } else if (flag == "--pipeline") {
      r.pipeline = cursor.Value(flag);
    } else if (flag == "--limit" || flag == "-n") {
      std::string value = cursor.Value(flag);
      std::optional<uint64_t> n = ParseCount(value);
      if (!n || *n == 0) {
        throw UsageError(fmt::format("--limit: expected a positive number, got '{}'", value),
                         "runs");
      }
      r.limit = static_cast<size_t>(*n);
    } else if (flag == "--lake") {
      r.lake = cursor.Value(flag);
    } else if (flag == "--format") {
      std::string value = cursor.Value(flag);
      r.format = ParseOutputFormat(value);
      if (!r.format || *r.format == OutputFormat::kCsv) {
        throw UsageError(fmt::format("unknown format '{}': expected table or json", value),
                         "runs");
      }
    } else {
      UnknownFlag(flag, kFlags, "runs");
    }
  }
  if (*wants_help) return r;
  if (r.action == "show" && r.run_id.empty()) {
    throw UsageError("runs show needs a run id (see 'sluice runs')", "runs");
  }
  return r;
}

DlqArgs ParseDlq(const std::vector<std::string>& args, size_t start, bool* wants_help) {
  static const std::vector<std::string> kFlags = {"--all", "--lake", "--help"};
  static const std::vector<std::string> kActions = {"ls", "show", "retry", "discard"};
  DlqArgs d;
  bool has_action = false;
  bool has_id = false;
  ArgumentCursor cursor(args, start, "dlq");
  std::string flag, positional;
  while (!cursor.Done()) {
    cursor.Next(&flag, &positional);
    if (flag.empty()) {
      if (positional.empty() && cursor.Done()) break;
      if (!has_action) {
        if (std::find(kActions.begin(), kActions.end(), positional) == kActions.end()) {
          throw UsageError(
              WithSuggestion(fmt::format("unknown dlq action '{}' (ls, show, retry, discard)",
                                         positional),
                             positional, kActions),
              "dlq");
        }
        d.action = positional;
        has_action = true;
      } else if (d.action != "ls" && !has_id) {
        std::optional<uint64_t> id = ParseCount(positional);
        if (!id || *id == 0) {
          throw UsageError(fmt::format("expected an entry id (see 'sluice dlq ls'), got '{}'",
                                       positional),
                           "dlq");
        }
        d.id = static_cast<int64_t>(*id);
        has_id = true;
      } else {
        throw UsageError(fmt::format("unexpected argument '{}'", positional), "dlq");
      }
    } else if (flag == "--help" || flag == "-h") {
      cursor.NoValue(flag);
      *wants_help = true;
    } else if (flag == "--all") {
      cursor.NoValue(flag);
      d.all = true;
    } else if (flag == "--lake") {
      d.lake = cursor.Value(flag);
    } else {
      UnknownFlag(flag, kFlags, "dlq");
    }
  }
  if (*wants_help) return d;
  if (d.action != "ls" && !has_id) {
    throw UsageError(fmt::format("dlq {} needs an entry id (see 'sluice dlq ls')", d.action),
                     "dlq");
  }
  return d;
}

const char kDlqHelp[] =
    R"HELP(Usage: sluice dlq ls [--all] | show ID | retry ID | discard ID   [--lake DIR]

The dead-letter queue: runs that failed permanently or exhausted their retries, with
their pipeline file, parameters, error kind and message, stage and attempts.

Actions:
  ls [--all]        open entries, newest first (--all: retried and discarded ones too)
  show ID           one entry in full
  retry ID          run the pipeline again with the same parameters; the entry is closed
                    first, so retrying it twice never runs it twice
  discard ID        close the entry without running anything

Exit codes: retry returns the run's code (0, 1, 3); 1 for an unknown or closed entry.
)HELP";

ReportArgs ParseReport(const std::vector<std::string>& args, size_t start, bool* wants_help) {
  static const std::vector<std::string> kFlags = {"--output", "--lake", "--help"};
  ReportArgs r;
  ArgumentCursor cursor(args, start, "report");
  std::string flag, positional;
  while (!cursor.Done()) {
    cursor.Next(&flag, &positional);
    if (flag.empty()) {
      if (positional.empty() && cursor.Done()) break;
      if (!r.run_id.empty()) {
        throw UsageError(fmt::format("unexpected argument '{}'", positional), "report");
      }
      r.run_id = positional;
    } else if (flag == "--help" || flag == "-h") {
      cursor.NoValue(flag);
      *wants_help = true;
    } else if (flag == "--output" || flag == "-o") {
      r.output = cursor.Value(flag);
    } else if (flag == "--lake") {
      r.lake = cursor.Value(flag);
    } else {
      UnknownFlag(flag, kFlags, "report");
    }
  }
  if (*wants_help) return r;
  if (r.run_id.empty()) {
    throw UsageError("missing the run id (see 'sluice runs'; 'latest' is the newest run)",
                     "report");
  }
  return r;
}

LineageArgs ParseLineage(const std::vector<std::string>& args, size_t start, bool* wants_help) {
  static const std::vector<std::string> kFlags = {"--column", "--format", "--lake", "--help"};
  static const std::vector<std::string> kFormats = {"text", "dot", "mermaid"};
  LineageArgs r;
  ArgumentCursor cursor(args, start, "lineage");
  std::string flag, positional;
  while (!cursor.Done()) {
    cursor.Next(&flag, &positional);
    if (flag.empty()) {
      if (positional.empty() && cursor.Done()) break;
      if (!r.table.empty()) {
        throw UsageError(fmt::format("unexpected argument '{}'", positional), "lineage");
      }
      r.table = positional;
    } else if (flag == "--help" || flag == "-h") {
      cursor.NoValue(flag);
      *wants_help = true;
    } else if (flag == "--column" || flag == "-c") {
      r.column = cursor.Value(flag);
    } else if (flag == "--format") {
      r.format = Lower(cursor.Value(flag));
      if (std::find(kFormats.begin(), kFormats.end(), r.format) == kFormats.end()) {
        throw UsageError(
            WithSuggestion(fmt::format("unknown format '{}': expected text, dot or mermaid",
                                       r.format),
                           r.format, kFormats),
            "lineage");
      }
    } else if (flag == "--lake") {
      r.lake = cursor.Value(flag);
    } else {
      UnknownFlag(flag, kFlags, "lineage");
    }
  }
  if (*wants_help) return r;
  if (r.table.empty()) throw UsageError("missing the table (sluice lineage db.table)", "lineage");
  return r;
}

const char kRunHelp[] =
    R"HELP(Usage: sluice run PIPELINE.yaml [options]

Runs a pipeline: extracts its sources, runs its SQL steps in dependency order, checks
data quality, and loads the sinks (lake tables, the warehouse, files). Prints a progress
line per stage on a terminal and a summary at the end; the run is recorded in the run
store (see 'sluice runs').

Options:
  -p, --param KEY=VALUE   set a parameter used as ${KEY} in paths and SQL (repeatable)
      --lake DIR          lake root (default: the spec's lake:, else $SLUICE_LAKE, else ./lake)
      --threads N         worker threads (default: one per core)
      --memory-limit SIZE memory budget such as 4GB (default: 80% of RAM); past it,
                          sorts, aggregates and joins spill to files under $TMPDIR
  -q, --quiet             no progress lines
      --report FILE       also write the run's HTML quality report to FILE
  -h, --help              show this help

Exit codes: 0 success, 1 the run failed or the pipeline file is invalid, 2 bad command
line, 3 a data-quality gate failed.
)HELP";

const char kValidateHelp[] =
    R"HELP(Usage: sluice validate PIPELINE.yaml [--param KEY=VALUE]...

Checks a pipeline file without running it: YAML syntax, unknown keys, wrong types,
references to missing sources or steps, cycles among steps, SQL that does not parse.
Errors name the file, line and key.

Exit codes: 0 valid, 1 invalid.
)HELP";

const char kRunsHelp[] =
    R"HELP(Usage: sluice runs [ls] [--pipeline NAME] [--limit N] [--lake DIR]
       sluice runs show RUN_ID [--lake DIR]

The run history from the run store (<lake>/_catalog.db): each run's status, time,
quality score and error; 'show' adds its stages, rule outcomes and what it wrote.
RUN_ID is a full id, 'latest', or an unambiguous start or end of one (its last six
characters, say).

Options:
      --pipeline NAME     only this pipeline's runs
  -n, --limit N           at most N runs, newest first (default 20)
      --format FORMAT     table (default) or json
      --lake DIR          lake root (default: $SLUICE_LAKE, else ./lake)
)HELP";

const char kReportHelp[] =
    R"HELP(Usage: sluice report RUN_ID [-o FILE] [--lake DIR]

Writes a self-contained HTML page (no network needed) about one run: each quality rule
with its pass rate and failing samples, the quality score against the gate, the score's
history over the dataset's earlier runs as a chart, and a timeline of the stages.
RUN_ID is a full id, 'latest', or an unambiguous start or end of one.

Options:
  -o, --output FILE       where to write (default: report-RUN_ID.html; '-': stdout)
      --lake DIR          lake root (default: $SLUICE_LAKE, else ./lake)
)HELP";

const char kLineageHelp[] =
    R"HELP(Usage: sluice lineage TABLE [--column C] [--format text|dot|mermaid] [--lake DIR]

Where a table's data comes from and where it goes, from the lineage recorded by the
newest run of each pipeline: upstream (sources, steps, files and lake tables it is
computed from) and downstream (steps and sinks that read it), across pipelines that
share lake tables. With --column, the same for one column, edge by edge (direct,
derived, aggregate, window; join and filter for columns that only decide rows).

TABLE is a lake table (db.name), or a node as shown in the output (warehouse:s.t,
file:PATH, PIPELINE:step:NAME), or a step's or source's name.

Options:
  -c, --column C          one column's lineage instead of the table's
      --format FORMAT     text (default, indented trees), dot (Graphviz) or mermaid
      --lake DIR          lake root (default: $SLUICE_LAKE, else ./lake)
)HELP";

const char kCatalogHelp[] =
    R"HELP(Usage: sluice catalog ACTION [TARGET] [--lake DIR]

The lake's catalog: databases, tables, schemas and snapshots (the lake root is --lake,
else $SLUICE_LAKE, else ./lake; the catalog is <lake>/_catalog.db).

Actions:
  ls [DB]                   tables (of one database), with their snapshot, rows and files
  show DB.TABLE             location, partition columns, schema and current snapshot
  history DB.TABLE          every snapshot: time, operation, run id, rows, files, bytes
  vacuum [DB.TABLE]         delete files no snapshot references (left by crashed writes)
      --grace SECONDS       keep such files younger than this (default 3600)

Tables are queried with SQL: sluice query "SELECT * FROM sales.orders VERSION AS OF 3".
)HELP";

const char kOverview[] =
    R"HELP(sluice — a batch ETL engine: SQL over CSV, JSON and Parquet files.

Usage:
  sluice query [SQL | --file FILE] [options]   run SQL and print the last result
  sluice generate retail --rows N --out DIR    write example retail data (CSV)
  sluice run PIPELINE.yaml [--param K=V]       run a pipeline (sources, steps, checks, sinks)
  sluice validate PIPELINE.yaml                check a pipeline file without running it
  sluice runs [show RUN_ID]                    the run history, or one run in detail
  sluice report RUN_ID -o report.html          a run's data-quality report as HTML
  sluice dlq ls|show|retry|discard             failed runs waiting for a retry
  sluice lineage TABLE [--column C]            where a table's data comes from and goes
  sluice catalog ls|show|history|vacuum        the lake catalog: tables and snapshots
  sluice help [COMMAND]                        show help for a command
  sluice --version                             show the version

Examples:
  sluice query "SELECT region, sum(quantity) FROM read_csv('orders.csv') GROUP BY ALL"
  sluice query --file report.sql --format csv > report.csv
  echo "SELECT 42 AS answer" | sluice query --format json

Exit codes: 0 success, 1 error in the query or the data, 2 bad command line,
3 a pipeline's data-quality gate failed.
)HELP";

const char kQueryHelp[] =
    R"HELP(Usage: sluice query [SQL | --file FILE] [options]

Runs one or more SQL statements separated by ';' and prints the result of the last one.
Without SQL and --file, the SQL is read from standard input.

Options:
  -f, --file FILE         read the SQL from FILE ('-' for standard input)
      --format FORMAT     table, csv or json (default: table on a terminal, csv otherwise;
                          with --output, json for *.json files and csv otherwise)
      --threads N         worker threads (default: one per core)
      --memory-limit SIZE memory budget such as 4GB or 512MB (default: 80% of RAM); past
                          it, sorts, aggregates and joins spill to files under $TMPDIR
      --lake DIR          lake root for catalog tables (default: $SLUICE_LAKE, else ./lake)
  -o, --output FILE       write the result to FILE instead of standard output
  -h, --help              show this help

Formats:
  table  aligned columns with types; long results show their first and last rows
  csv    RFC 4180 with a header row; NULL is an empty field, '' is ""
  json   an array of objects, one row per line

Examples:
  sluice query "SELECT 1 + 1 AS two"
  sluice query "SELECT * FROM read_csv('orders.csv', header=true) LIMIT 5"
  sluice query "COPY (SELECT * FROM read_csv('orders.csv')) TO 'orders.parquet' (FORMAT parquet)"

Exit codes: 0 success, 1 error in the query or the data, 2 bad command line.
)HELP";

const char kGenerateHelp[] =
    R"HELP(Usage: sluice generate retail --rows N --out DIR [--seed S]

Writes deterministic example data: DIR/orders.csv (N rows) and DIR/customers.csv
(N/100 rows, at least 1). The same N and seed always give the same bytes.

  orders:    order_id, customer_id, order_ts, status, region, quantity, unit_price,
             discount (about 5% empty), comment (some quoted, with commas and quotes)
  customers: customer_id, name, segment, country, signup_date

Options:
  -n, --rows N      rows of orders.csv (1000000, 1e6 and 1_000_000 all work)
  -o, --out DIR     output directory (created if missing)
      --seed S      random seed (default 42)
  -h, --help        show this help
)HELP";

}  // namespace

std::optional<OutputFormat> ParseOutputFormat(std::string_view name) {
  std::string lower = Lower(name);
  if (lower == "table") return OutputFormat::kTable;
  if (lower == "csv") return OutputFormat::kCsv;
  if (lower == "json") return OutputFormat::kJson;
  return std::nullopt;
}

std::string_view OutputFormatName(OutputFormat format) {
  switch (format) {
    case OutputFormat::kTable: return "table";
    case OutputFormat::kCsv: return "csv";
    case OutputFormat::kJson: return "json";
  }
  return "?";
}

Command ParseCommandLine(const std::vector<std::string>& args) {
  Command cmd;
  if (args.empty()) throw UsageError("missing command (query, run, runs, catalog, help)", "");
  const std::string& first = args[0];
  if (first == "--help" || first == "-h") {
    cmd.kind = Command::Kind::kHelp;
    return cmd;
  }
  if (first == "--version" || first == "-V" || first == "version") {
    cmd.kind = Command::Kind::kVersion;
    return cmd;
  }
  if (first == "help") {
    cmd.kind = Command::Kind::kHelp;
    if (args.size() > 2) throw UsageError("help takes at most one command name", "");
    if (args.size() == 2) {
      HelpText(args[1]);  // validates the topic
      cmd.help_topic = args[1];
    }
    return cmd;
  }
  bool wants_help = false;
  if (first == "query") {
    cmd.query = ParseQuery(args, 1, &wants_help);
    cmd.kind = Command::Kind::kQuery;
  } else if (first == "generate") {
    cmd.generate = ParseGenerate(args, 1, &wants_help);
    cmd.kind = Command::Kind::kGenerate;
  } else if (first == "catalog") {
    cmd.catalog = ParseCatalog(args, 1, &wants_help);
    cmd.kind = Command::Kind::kCatalog;
  } else if (first == "run" || first == "validate") {
    cmd.run = ParseRun(args, 1, &wants_help, first);
    cmd.kind = first == "run" ? Command::Kind::kRun : Command::Kind::kValidate;
  } else if (first == "runs") {
    cmd.runs = ParseRuns(args, 1, &wants_help);
    cmd.kind = Command::Kind::kRuns;
  } else if (first == "dlq") {
    cmd.dlq = ParseDlq(args, 1, &wants_help);
    cmd.kind = Command::Kind::kDlq;
  } else if (first == "report") {
    cmd.report = ParseReport(args, 1, &wants_help);
    cmd.kind = Command::Kind::kReport;
  } else if (first == "lineage") {
    cmd.lineage = ParseLineage(args, 1, &wants_help);
    cmd.kind = Command::Kind::kLineage;
  } else if (first.starts_with("-")) {
    UnknownFlag(first, kTopLevelFlags, "");
  } else {
    throw UsageError(WithSuggestion(fmt::format("unknown command '{}'", first), first, kCommands),
                     "");
  }
  if (wants_help) {
    cmd.help_topic = first;
    cmd.kind = Command::Kind::kHelp;
  }
  return cmd;
}

std::string HelpText(std::string_view topic) {
  if (topic.empty()) return kOverview;
  if (topic == "query") return kQueryHelp;
  if (topic == "generate") return kGenerateHelp;
  if (topic == "catalog") return kCatalogHelp;
  if (topic == "run") return kRunHelp;
  if (topic == "validate") return kValidateHelp;
  if (topic == "runs") return kRunsHelp;
  if (topic == "report") return kReportHelp;
  if (topic == "dlq") return kDlqHelp;
  if (topic == "lineage") return kLineageHelp;
  if (topic == "help") return kOverview;
  if (topic == "version") return "Usage: sluice --version\n";
  throw UsageError(WithSuggestion(fmt::format("unknown command '{}'", topic), topic, kCommands),
                   "");
}

std::string VersionText() {
  return fmt::format("sluice {}\n", SLUICE_VERSION);
}

std::optional<uint64_t> ParseByteSize(std::string_view text) {
  std::string s = Lower(text);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t unit_start = 0;
  while (unit_start < s.size() &&
         (std::isdigit(static_cast<unsigned char>(s[unit_start])) || s[unit_start] == '.')) {
    unit_start++;
  }
  if (unit_start == 0) return std::nullopt;
  double number = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + unit_start, number);
  if (ec != std::errc() || ptr != s.data() + unit_start) return std::nullopt;
  std::string unit = s.substr(unit_start);
  while (!unit.empty() && unit.front() == ' ') unit.erase(unit.begin());
  struct Unit {
    const char* name;
    double factor;
  };
  static const Unit kUnits[] = {
      {"", 1},
      {"b", 1},
      {"k", 1e3},
      {"kb", 1e3},
      {"m", 1e6},
      {"mb", 1e6},
      {"g", 1e9},
      {"gb", 1e9},
      {"t", 1e12},
      {"tb", 1e12},
      {"kib", 1024.0},
      {"mib", 1048576.0},
      {"gib", 1073741824.0},
      {"tib", 1099511627776.0},
  };
  for (const Unit& u : kUnits) {
    if (unit == u.name) {
      double bytes = std::floor(number * u.factor);
      if (!(bytes >= 1) || bytes > 1.8e19) return std::nullopt;
      return static_cast<uint64_t>(bytes);
    }
  }
  return std::nullopt;
}

std::optional<uint64_t> ParseCount(std::string_view text) {
  std::string s;
  for (char c : text) {
    if (c != '_') s += c;
  }
  if (s.empty() || !std::isdigit(static_cast<unsigned char>(s[0]))) return std::nullopt;
  uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec == std::errc() && ptr == s.data() + s.size()) return value;
  // Scientific notation with an integral value: 1e6, 2.5e3.
  double d = 0;
  auto [dptr, dec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (dec != std::errc() || dptr != s.data() + s.size()) return std::nullopt;
  if (!(d >= 0) || d > 1.8e19 || d != std::floor(d)) return std::nullopt;
  return static_cast<uint64_t>(d);
}

}  // namespace sluice::cli
