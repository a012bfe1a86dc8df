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

const std::vector<std::string> kCommandNames = {"query",    "generate", "catalog", "run",
                                                "validate", "runs",     "dlq",     "report",
                                                "help",     "version",  "lineage", "checkpoint"};
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

  // The "=value" the flag just read carried, if any.
  const std::optional<std::string>& InlineValue() const { return inline_value_; }

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
        fmt::format("--threads: expected a number of threads (1..4096), got '{}'", value), command);
  }
  return static_cast<size_t>(*n);
}

QueryArgs ParseQuery(const std::vector<std::string>& args, size_t start, bool* wants_help) {
  static const std::vector<std::string> kFlags = {"--file",         "--format", "--threads",
                                                  "--memory-limit", "--lake",   "--catalog",
                                                  "--output",       "--help"};
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
    } else if (flag == "--catalog") {
      q.catalog = cursor.Value(flag);
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
  static const std::vector<std::string> kFlags = {"--lake", "--catalog", "--grace", "--help"};
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
    } else if (flag == "--catalog") {
      c.catalog = cursor.Value(flag);
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
      "--param",  "--lake",          "--threads", "--memory-limit", "--quiet",
      "--report", "--resume",        "--abandon", "--full-refresh", "--from",
      "--to",     "--no-checkpoint", "--help"};
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
        if (r.resume && r.resume_run_id.empty()) {
          // --resume RUN_ID: the run id is the positional that is not a YAML file.
          bool first_is_spec =
              r.pipeline_file.ends_with(".yaml") || r.pipeline_file.ends_with(".yml");
          r.resume_run_id = first_is_spec ? positional : r.pipeline_file;
          if (!first_is_spec) r.pipeline_file = positional;
          continue;
        }
        throw UsageError(
            fmt::format("unexpected argument '{}' (one pipeline file per {})", positional, command),
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
    } else if (run && flag == "--resume") {
      // "--resume=ID" carries the id; "--resume ID" gives it as a positional (above).
      r.resume = true;
      if (cursor.InlineValue()) r.resume_run_id = *cursor.InlineValue();
    } else if (run && flag == "--abandon") {
      cursor.NoValue(flag);
      r.abandon = true;
    } else if (run && flag == "--no-checkpoint") {
      cursor.NoValue(flag);
      r.no_checkpoint = true;
    } else if (run && flag == "--full-refresh") {
      cursor.NoValue(flag);
      r.full_refresh = true;
    } else if (run && flag == "--from") {
      r.from = cursor.Value(flag);
    } else if (run && flag == "--to") {
      r.to = cursor.Value(flag);
    } else {
      UnknownFlag(flag, run ? kRunFlags : kValidateFlags, command);
    }
  }
  if (*wants_help) return r;
  if (r.pipeline_file.empty()) {
    throw UsageError(fmt::format("missing the pipeline file (sluice {} pipeline.yaml)", command),
                     command);
  }
  if (r.resume && (r.abandon || r.full_refresh || r.from || r.to)) {
    throw UsageError(
        "--resume continues a run as it was started: it takes no --abandon, --full-refresh, "
        "--from or --to",
        command);
  }
  if (r.full_refresh && (r.from || r.to)) {
    throw UsageError("--full-refresh reads everything; --from/--to read a window: pick one",
                     command);
  }
  return r;
}

CheckpointArgs ParseCheckpoint(const std::vector<std::string>& args, size_t start,
                               bool* wants_help) {
  static const std::vector<std::string> kFlags = {"--lake", "--catalog", "--help"};
  static const std::vector<std::string> kActions = {"show", "set", "reset"};
  CheckpointArgs c;
  std::vector<std::string> positionals;
  ArgumentCursor cursor(args, start, "checkpoint");
  std::string flag, positional;
  while (!cursor.Done()) {
    cursor.Next(&flag, &positional);
    if (flag.empty()) {
      if (positional.empty() && cursor.Done()) break;
      positionals.push_back(positional);
    } else if (flag == "--help" || flag == "-h") {
      cursor.NoValue(flag);
      *wants_help = true;
    } else if (flag == "--lake") {
      c.lake = cursor.Value(flag);
    } else if (flag == "--catalog") {
      c.catalog = cursor.Value(flag);
    } else {
      UnknownFlag(flag, kFlags, "checkpoint");
    }
  }
  if (*wants_help) return c;
  if (positionals.empty()) {
    throw UsageError("missing the action (show, set, reset) and the pipeline", "checkpoint");
  }
  c.action = positionals[0];
  if (std::find(kActions.begin(), kActions.end(), c.action) == kActions.end()) {
    throw UsageError(
        WithSuggestion(fmt::format("unknown checkpoint action '{}' (show, set, reset)", c.action),
                       c.action, kActions),
        "checkpoint");
  }
  if (positionals.size() < 2) {
    throw UsageError(
        fmt::format("checkpoint {} needs a pipeline (its name or YAML file)", c.action),
        "checkpoint");
  }
  c.pipeline = positionals[1];
  if (positionals.size() > 2) c.source = positionals[2];
  size_t most = c.action == "set" ? 4 : 3;
  if (c.action == "set" && positionals.size() < 4) {
    throw UsageError("checkpoint set needs a pipeline, a source and a value (the new watermark)",
                     "checkpoint");
  }
  if (c.action == "set") c.value = positionals[3];
  if (positionals.size() > most) {
    throw UsageError(fmt::format("unexpected argument '{}'", positionals[most]), "checkpoint");
  }
  return c;
}

RunsArgs ParseRuns(const std::vector<std::string>& args, size_t start, bool* wants_help) {
  static const std::vector<std::string> kFlags = {"--pipeline", "--limit",  "--lake",
                                                  "--catalog",  "--format", "--help"};
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
          throw UsageError(
              WithSuggestion(fmt::format("unknown runs action '{}' (ls, show)", positional),
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
    } else if (flag == "--catalog") {
      r.catalog = cursor.Value(flag);
    } else if (flag == "--format") {
      std::string value = cursor.Value(flag);
      r.format = ParseOutputFormat(value);
      if (!r.format || *r.format == OutputFormat::kCsv) {
        throw UsageError(fmt::format("unknown format '{}': expected table or json", value), "runs");
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
  static const std::vector<std::string> kFlags = {"--all", "--lake", "--catalog", "--help"};
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
              WithSuggestion(
                  fmt::format("unknown dlq action '{}' (ls, show, retry, discard)", positional),
                  positional, kActions),
              "dlq");
        }
        d.action = positional;
        has_action = true;
      } else if (d.action != "ls" && !has_id) {
        std::optional<uint64_t> id = ParseCount(positional);
        if (!id || *id == 0) {
          throw UsageError(
              fmt::format("expected an entry id (see 'sluice dlq ls'), got '{}'", positional),
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
    } else if (flag == "--catalog") {
      d.catalog = cursor.Value(flag);
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

ReportArgs ParseReport(const std::vector<std::string>& args, size_t start, bool* wants_help) {
  static const std::vector<std::string> kFlags = {"--output", "--lake", "--catalog", "--help"};
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
    } else if (flag == "--catalog") {
      r.catalog = cursor.Value(flag);
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
  static const std::vector<std::string> kFlags = {"--column", "--format", "--lake", "--catalog",
                                                  "--help"};
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
            WithSuggestion(
                fmt::format("unknown format '{}': expected text, dot or mermaid", r.format),
                r.format, kFormats),
            "lineage");
      }
    } else if (flag == "--lake") {
      r.lake = cursor.Value(flag);
    } else if (flag == "--catalog") {
      r.catalog = cursor.Value(flag);
    } else {
      UnknownFlag(flag, kFlags, "lineage");
    }
  }
  if (*wants_help) return r;
  if (r.table.empty()) throw UsageError("missing the table (sluice lineage db.table)", "lineage");
  return r;
}

}  // namespace

const std::vector<std::string>& CommandNames() {
  return kCommandNames;
}

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
  } else if (first == "checkpoint") {
    cmd.checkpoint = ParseCheckpoint(args, 1, &wants_help);
    cmd.kind = Command::Kind::kCheckpoint;
  } else if (first.starts_with("-")) {
    UnknownFlag(first, kTopLevelFlags, "");
  } else {
    throw UsageError(
        WithSuggestion(fmt::format("unknown command '{}'", first), first, kCommandNames), "");
  }
  if (wants_help) {
    cmd.help_topic = first;
    cmd.kind = Command::Kind::kHelp;
  }
  return cmd;
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
