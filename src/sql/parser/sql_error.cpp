#include "sql/parser/sql_error.h"

#include <fmt/format.h>

#include <algorithm>

namespace sluice::sql {
namespace {

struct LineInfo {
  size_t line = 1;
  size_t column = 1;
  size_t line_start = 0;
  size_t line_end = 0;
};

LineInfo Locate(std::string_view sql, size_t position) {
  position = std::min(position, sql.size());
  LineInfo info;
  for (size_t i = 0; i < position; ++i) {
    if (sql[i] == '\n') {
      ++info.line;
      info.line_start = i + 1;
    }
  }
  info.column = position - info.line_start + 1;
  info.line_end = sql.find('\n', info.line_start);
  if (info.line_end == std::string_view::npos) info.line_end = sql.size();
  if (info.line_end > info.line_start && sql[info.line_end - 1] == '\r') --info.line_end;
  return info;
}

}  // namespace

std::string SqlLocation(std::string_view sql, size_t position) {
  LineInfo info = Locate(sql, position);
  return fmt::format("{}:{}", info.line, info.column);
}

std::string FormatSqlError(std::string_view sql, size_t position, std::string_view message) {
  LineInfo info = Locate(sql, position);
  std::string_view line = sql.substr(info.line_start, info.line_end - info.line_start);
  // Long lines (generated SQL) are cut to a window around the column.
  constexpr size_t kMaxExcerpt = 120;
  size_t caret_at = info.column - 1;
  std::string prefix, suffix;
  if (line.size() > kMaxExcerpt) {
    size_t start = caret_at > kMaxExcerpt / 2 ? caret_at - kMaxExcerpt / 2 : 0;
    start = std::min(start, line.size() - std::min(line.size(), kMaxExcerpt));
    if (start > 0) prefix = "...";
    if (start + kMaxExcerpt < line.size()) suffix = "...";
    line = line.substr(start, kMaxExcerpt);
    caret_at -= start;
  }
  std::string caret(prefix.size(), ' ');
  for (size_t i = 0; i < caret_at; ++i) {
    caret.push_back(i < line.size() && line[i] == '\t' ? '\t' : ' ');
  }
  caret.push_back('^');
  return fmt::format("SQL {}:{}: {}\n  {}{}{}\n  {}", info.line, info.column, message, prefix, line,
                     suffix, caret);
}

}  // namespace sluice::sql
