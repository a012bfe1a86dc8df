#include "sqllogic/result_matcher.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "cli/cell_text.h"

namespace sluice::sqllogic {
namespace {

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    fields.push_back(
        line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  return fields;
}

bool ParseNumber(const std::string& text, double* out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

bool ValuesEqual(const std::string& expected, const std::string& actual, bool numeric) {
  if (expected == actual) return true;
  if (!numeric) return false;
  double e = 0, a = 0;
  if (!ParseNumber(expected, &e) || !ParseNumber(actual, &a)) return false;
  if (std::isnan(e) || std::isnan(a)) return std::isnan(e) && std::isnan(a);
  double scale = std::max({std::fabs(e), std::fabs(a), 1e-300});
  return std::fabs(e - a) <= 1e-9 * scale || std::fabs(e - a) < 1e-12;
}

// Expected lines -> rows of `columns` values. Accepts one row per line, or (for several
// columns) one value per line. nullopt if neither layout fits.
std::optional<TextRows> ExpectedRows(const std::vector<std::string>& lines, size_t columns) {
  TextRows rows;
  bool row_wise = true;
  for (const std::string& line : lines) {
    rows.push_back(SplitTabs(line));
    if (rows.back().size() != columns) row_wise = false;
  }
  if (row_wise) return rows;
  bool value_wise = columns > 1 && lines.size() % columns == 0 &&
                    std::all_of(rows.begin(), rows.end(), [](auto& r) { return r.size() == 1; });
  if (!value_wise) return std::nullopt;
  TextRows grouped;
  for (size_t i = 0; i < lines.size(); i += columns) {
    grouped.emplace_back(lines.begin() + static_cast<std::ptrdiff_t>(i),
                         lines.begin() + static_cast<std::ptrdiff_t>(i + columns));
  }
  return grouped;
}

void Sort(TextRows& rows, SortMode mode, size_t columns) {
  if (mode == SortMode::kRowSort) {
    std::sort(rows.begin(), rows.end());
  } else if (mode == SortMode::kValueSort) {
    std::vector<std::string> values;
    for (auto& row : rows) values.insert(values.end(), row.begin(), row.end());
    std::sort(values.begin(), values.end());
    rows.clear();
    for (size_t i = 0; i < values.size(); i += columns) {
      rows.emplace_back(
          values.begin() + static_cast<std::ptrdiff_t>(i),
          values.begin() + static_cast<std::ptrdiff_t>(std::min(i + columns, values.size())));
    }
  }
}

std::string Report(const std::string& expected_text, const TextRows& actual,
                   const std::string& detail) {
  return fmt::format("expected:\n{}actual:\n{}{}",
                     expected_text.empty() ? "  (no rows)\n" : expected_text,
                     actual.empty() ? "  (no rows)\n" : FormatRows(actual, "  "), detail);
}

}  // namespace

TextRows ResultToText(const QueryResult& result) {
  TextRows rows;
  for (const DataChunk& chunk : result.chunks) {
    std::vector<ColumnView> views;
    for (size_t c = 0; c < result.schema.size(); c++) views.emplace_back(chunk, c);
    for (size_t r = 0; r < chunk.size(); r++) {
      std::vector<std::string> row;
      for (size_t c = 0; c < views.size(); c++) {
        std::string text;
        if (!cli::AppendCellText(result.schema[c].type, views[c], r, text)) {
          text = "NULL";
        } else if (text.empty()) {
          text = "(empty)";
        }
        row.push_back(std::move(text));
      }
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

std::string FormatRows(const TextRows& rows, const std::string& indent) {
  std::string out;
  for (const auto& row : rows) {
    out += indent;
    for (size_t c = 0; c < row.size(); c++) {
      if (c > 0) out += '\t';
      out += row[c];
    }
    out += '\n';
  }
  return out;
}

std::optional<std::string> MatchQueryResult(const TestRecord& record, TextRows actual) {
  size_t columns = record.column_types.size();
  std::string expected_text;
  for (const std::string& line : record.expected_lines) expected_text += "  " + line + "\n";
  size_t actual_columns = actual.empty() ? columns : actual[0].size();
  if (actual_columns != columns) {
    return fmt::format("query declares {} column(s) ('{}') but the result has {}\n", columns,
                       record.column_types, actual_columns) +
           Report(expected_text, actual, "");
  }
  std::optional<TextRows> expected = ExpectedRows(record.expected_lines, columns);
  if (!expected) {
    std::string hint;
    for (size_t i = 0; i < record.expected_lines.size(); i++) {
      const std::string& line = record.expected_lines[i];
      if (SplitTabs(line).size() != columns && line.find(' ') != std::string::npos) {
        hint = fmt::format(
            "hint: expected line {} has {} tab-separated value(s) for {} "
            "column(s); separate values with tabs, not spaces\n",
            record.expected_line + static_cast<int>(i), SplitTabs(line).size(), columns);
        break;
      }
    }
    return fmt::format("expected values do not fit {} column(s)\n", columns) +
           Report(expected_text, actual, hint);
  }
  Sort(*expected, record.sort_mode, columns);
  Sort(actual, record.sort_mode, columns);
  if (expected->size() != actual.size()) {
    return fmt::format("expected {} row(s) but got {}\n", expected->size(), actual.size()) +
           Report(FormatRows(*expected, "  "), actual, "");
  }
  for (size_t r = 0; r < actual.size(); r++) {
    for (size_t c = 0; c < columns; c++) {
      const std::string& e = (*expected)[r][c];
      const std::string& a = actual[r][c];
      bool numeric = record.sort_mode != SortMode::kValueSort && (record.column_types[c] == 'R');
      if (!ValuesEqual(e, a, numeric)) {
        std::string where = record.sort_mode == SortMode::kNoSort ? "" : " (after sorting)";
        return fmt::format("row {} column {}{}: expected '{}' but got '{}'\n", r + 1, c + 1, where,
                           e, a) +
               Report(FormatRows(*expected, "  "), actual, "");
      }
    }
  }
  return std::nullopt;
}

}  // namespace sluice::sqllogic
