#include "cli/query_command.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "cli/csv_renderer.h"
#include "cli/exit_codes.h"
#include "cli/json_renderer.h"
#include "cli/progress_bar.h"
#include "cli/table_renderer.h"
#include "common/error.h"
#include "sql/session.h"

namespace sluice::cli {
namespace {

std::string ReadAll(std::istream& in) {
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string ReadSql(const QueryArgs& args) {
  if (args.sql) return *args.sql;
  if (args.file && *args.file != "-") {
    std::ifstream in(*args.file, std::ios::binary);
    if (!in) throw Error::UserInput("{}: cannot read SQL file (does it exist?)", *args.file);
    return ReadAll(in);
  }
  if (!args.file && isatty(STDIN_FILENO)) {
    throw UsageError("no SQL given: pass it as an argument, with --file FILE, or on stdin",
                     "query");
  }
  return ReadAll(std::cin);
}

OutputFormat ChooseFormat(const QueryArgs& args) {
  if (args.format) return *args.format;
  if (args.output) {
    const std::string& path = *args.output;
    return path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0 ? OutputFormat::kJson
                                                                              : OutputFormat::kCsv;
  }
  return isatty(STDOUT_FILENO) ? OutputFormat::kTable : OutputFormat::kCsv;
}

size_t TerminalWidth() {
  winsize size{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  if (const char* columns = std::getenv("COLUMNS")) {
    long n = std::strtol(columns, nullptr, 10);
    if (n > 0) return static_cast<size_t>(n);
  }
  return 120;
}

std::string LakeRoot(const QueryArgs& args) {
  if (args.lake) return *args.lake;
  if (const char* env = std::getenv("SLUICE_LAKE"); env != nullptr && *env != '\0') return env;
  return "./lake";
}

void Render(const QueryResult& result, OutputFormat format, bool to_terminal, std::ostream& out) {
  switch (format) {
    case OutputFormat::kTable: {
      TableOptions options;
      if (to_terminal) options.max_width = TerminalWidth();
      RenderTable(result, options, out);
      break;
    }
    case OutputFormat::kCsv: RenderCsv(result, out); break;
    case OutputFormat::kJson: RenderJson(result, out); break;
  }
}

}  // namespace

int RunQueryCommand(const QueryArgs& args) {
  std::string sql = ReadSql(args);
  if (sql.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw UsageError("no SQL given: the SQL text is empty", "query");
  }
  OutputFormat format = ChooseFormat(args);
  bool stderr_is_terminal = isatty(STDERR_FILENO) != 0;

  SessionOptions options;
  options.threads = args.threads;
  options.memory_limit_bytes = args.memory_limit_bytes;
  options.lake_root = LakeRoot(args);
  if (args.catalog) options.catalog = *args.catalog;
  std::unique_ptr<ProgressBar> progress;
  if (stderr_is_terminal) {
    progress = std::make_unique<ProgressBar>(stderr);
    options.progress = [bar = progress.get()](double fraction, const std::string& label) {
      bar->Update(fraction, label);
    };
  }

  // Each statement's message ("created table t (10 rows)", "wrote 1000 rows to out.parquet")
  // shows on a terminal as it finishes; only the last result is rendered.
  // The session outlives the rendering: result strings may live in buffers it owns.
  Session session(options);
  QueryResult result;
  uint64_t rows_rejected = 0;
  try {
    session.ExecuteEach(sql, [&](QueryResult& statement_result) {
      if (progress) progress->Clear();
      if (!statement_result.message.empty() && stderr_is_terminal) {
        std::fprintf(stderr, "%s\n", statement_result.message.c_str());
      }
      rows_rejected += statement_result.rows_rejected;
      result = std::move(statement_result);
    });
  } catch (...) {
    if (progress) progress->Clear();
    throw;
  }
  if (progress) progress->Clear();

  if (rows_rejected > 0) {
    std::fprintf(stderr, "Warning: skipped %llu rows with errors (ignore_errors=true)\n",
                 static_cast<unsigned long long>(rows_rejected));
  }
  if (result.schema.empty()) return kExitOk;
  if (args.output) {
    std::ofstream file(*args.output, std::ios::binary | std::ios::trunc);
    if (!file) throw Error::Permanent("{}: cannot open output file for writing", *args.output);
    Render(result, format, false, file);
    file.flush();
    if (!file) throw Error::Permanent("{}: write failed (disk full?)", *args.output);
    return kExitOk;
  }
  Render(result, format, isatty(STDOUT_FILENO) != 0, std::cout);
  std::cout.flush();
  if (!std::cout) throw Error::Permanent("cannot write the result to standard output");
  return kExitOk;
}

}  // namespace sluice::cli
