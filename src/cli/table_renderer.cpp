#include "cli/table_renderer.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cli/cell_text.h"

namespace sluice::cli {
namespace {

constexpr size_t kMinColumnWidth = 5;

// Code points in a UTF-8 string (continuation bytes do not count).
size_t DisplayWidth(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Keeps the first `width` code points; ends in "…" when something was cut.
std::string Truncate(const std::string& s, size_t width) {
  if (DisplayWidth(s) <= width) return s;
  if (width == 0) return "";
  size_t keep = width - 1, seen = 0, i = 0;
  for (; i < s.size(); i++) {
    bool starts_code_point = (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
    if (starts_code_point) {
      if (seen == keep) break;
      seen++;
    }
  }
  return s.substr(0, i) + "…";
}

// Control characters would break the row onto several lines.
std::string Printable(const std::string& s) {
  if (std::none_of(s.begin(), s.end(),
                   [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    return s;
  }
  std::string out;
  for (char c : s) {
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string Pad(const std::string& text, size_t width, char align) {
  size_t w = DisplayWidth(text);
  size_t space = width > w ? width - w : 0;
  size_t left = align == 'r' ? space : align == 'c' ? space / 2 : 0;
  return std::string(left, ' ') + text + std::string(space - left, ' ');
}

std::string Repeat(std::string_view s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; i++) out += s;
  return out;
}

std::string TypeLabel(TypeId type) {
  std::string name(TypeName(type));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return name;
}

// The rows to show: all of them, or the first and last `max_rows / 2`.
struct RowPlan {
  size_t total = 0;
  size_t head = 0;  // rows [0, head) shown
  size_t tail = 0;  // rows [total - tail, total) shown
  bool elided() const { return head + tail < total; }
};

RowPlan PlanRows(const QueryResult& result, size_t max_rows) {
  RowPlan plan;
  for (const DataChunk& chunk : result.chunks) plan.total += chunk.size();
  if (max_rows == 0 || plan.total <= max_rows) {
    plan.head = plan.total;
  } else {
    plan.head = std::max<size_t>(1, max_rows / 2);
    plan.tail = std::max<size_t>(1, max_rows - plan.head);
  }
  return plan;
}

// cells[column][shown row], NULL as "NULL".
std::vector<std::vector<std::string>> CollectCells(const QueryResult& result, const RowPlan& plan) {
  std::vector<std::vector<std::string>> cells(result.schema.size());
  size_t base = 0;
  for (const DataChunk& chunk : result.chunks) {
    size_t n = chunk.size();
    for (size_t r = 0; r < n; r++) {
      size_t row = base + r;
      if (row >= plan.head && row < plan.total - plan.tail) continue;
      for (size_t c = 0; c < cells.size(); c++) {
        std::string text;
        if (!AppendCellText(result.schema[c].type, ColumnView(chunk, c), r, text)) text = "NULL";
        cells[c].push_back(Printable(text));
      }
    }
    base += n;
  }
  return cells;
}

// Shrinks the widest columns until the table fits in max_width (never below the minimum).
void FitWidths(std::vector<size_t>& widths, size_t max_width) {
  if (max_width == 0) return;
  auto total = [&] {
    size_t t = 1;
    for (size_t w : widths) t += w + 3;
    return t;
  };
  size_t current = total();
  while (current > max_width) {
    auto widest = std::max_element(widths.begin(), widths.end());
    if (widest == widths.end() || *widest <= kMinColumnWidth) return;
    size_t second = kMinColumnWidth;
    for (size_t w : widths) {
      if (w < *widest) second = std::max(second, w);
    }
    size_t cut = std::min(current - max_width, *widest - second);
    *widest -= std::max<size_t>(cut, 1);
    current = total();
  }
}

std::string Border(const std::vector<size_t>& widths, std::string_view left, std::string_view mid,
                   std::string_view right) {
  std::string line(left);
  for (size_t c = 0; c < widths.size(); c++) {
    if (c > 0) line += mid;
    line += Repeat("─", widths[c] + 2);
  }
  line += right;
  line += '\n';
  return line;
}

std::string Row(const std::vector<std::string>& texts, const std::vector<size_t>& widths,
                const std::vector<char>& aligns) {
  std::string line = "│";
  for (size_t c = 0; c < widths.size(); c++) {
    line += ' ';
    line += Pad(Truncate(texts[c], widths[c]), widths[c], aligns[c]);
    line += " │";
  }
  line += '\n';
  return line;
}

}  // namespace

void RenderTable(const QueryResult& result, const TableOptions& options, std::ostream& out) {
  size_t ncols = result.schema.size();
  if (ncols == 0) return;
  RowPlan plan = PlanRows(result, options.max_rows);
  std::vector<std::vector<std::string>> cells = CollectCells(result, plan);

  std::vector<std::string> names, types;
  std::vector<size_t> widths(ncols);
  std::vector<char> aligns(ncols), centered(ncols, 'c');
  for (size_t c = 0; c < ncols; c++) {
    names.push_back(Printable(result.schema[c].name));
    types.push_back(TypeLabel(result.schema[c].type));
    aligns[c] = IsNumberType(result.schema[c].type) ? 'r' : 'l';
    widths[c] = std::max({DisplayWidth(names[c]), DisplayWidth(types[c]), size_t{1}});
    for (const std::string& cell : cells[c]) widths[c] = std::max(widths[c], DisplayWidth(cell));
  }
  FitWidths(widths, options.max_width);

  std::string footer;
  if (plan.elided()) {
    footer = fmt::format("{} rows ({} shown)", plan.total, plan.head + plan.tail);
  } else if (plan.total == 0) {
    footer = "0 rows";
  }
  size_t inner = 3 * ncols - 1;
  for (size_t w : widths) inner += w;
  if (!footer.empty() && DisplayWidth(footer) + 2 > inner) {
    widths.back() += DisplayWidth(footer) + 2 - inner;
    inner = DisplayWidth(footer) + 2;
  }

  std::string text = Border(widths, "┌", "┬", "┐");
  text += Row(names, widths, centered);
  text += Row(types, widths, centered);
  size_t shown = plan.head + plan.tail;
  if (shown > 0) text += Border(widths, "├", "┼", "┤");
  std::vector<std::string> row(ncols);
  for (size_t r = 0; r < shown; r++) {
    if (plan.elided() && r == plan.head) {
      text += Row(std::vector<std::string>(ncols, "·"), widths, centered);
    }
    for (size_t c = 0; c < ncols; c++) row[c] = cells[c][r];
    text += Row(row, widths, aligns);
  }
  if (footer.empty()) {
    text += Border(widths, "└", "┴", "┘");
  } else {
    text += Border(widths, "├", "┴", "┤");
    text += "│ " + Pad(footer, inner - 2, 'l') + " │\n";
    text += "└" + Repeat("─", inner) + "┘\n";
  }
  out << text;
}

}  // namespace sluice::cli
