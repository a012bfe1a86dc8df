#include "cli/csv_renderer.h"

#include "cli/cell_text.h"

namespace sluice::cli {
namespace {
constexpr size_t kFlushBytes = 1 << 18;
}  // namespace

void AppendCsvField(std::string_view field, std::string& line) {
  bool needs_quotes = field.empty() || field.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!needs_quotes) {
    line.append(field);
    return;
  }
  line += '"';
  for (char c : field) {
    if (c == '"') line += '"';
    line += c;
  }
  line += '"';
}

void RenderCsv(const QueryResult& result, std::ostream& out) {
  if (result.schema.empty()) return;
  std::string buffer;
  for (size_t c = 0; c < result.schema.size(); c++) {
    if (c > 0) buffer += ',';
    AppendCsvField(result.schema[c].name, buffer);
  }
  buffer += '\n';
  std::string cell;
  std::vector<ColumnView> views(result.schema.size());
  for (const DataChunk& chunk : result.chunks) {
    for (size_t c = 0; c < views.size(); c++) views[c] = ColumnView(chunk, c);
    for (size_t r = 0; r < chunk.size(); r++) {
      for (size_t c = 0; c < views.size(); c++) {
        if (c > 0) buffer += ',';
        TypeId type = result.schema[c].type;
        if (type == TypeId::kVarchar) {
          // Strings may need quoting; others never contain ',', '"' or newlines.
          cell.clear();
          if (AppendCellText(type, views[c], r, cell)) AppendCsvField(cell, buffer);
        } else {
          AppendCellText(type, views[c], r, buffer);
        }
      }
      buffer += '\n';
      if (buffer.size() >= kFlushBytes) {
        out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        buffer.clear();
      }
    }
  }
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
}

}  // namespace sluice::cli
