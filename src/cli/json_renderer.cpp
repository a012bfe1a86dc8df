#include "cli/json_renderer.h"

#include <cmath>

#include "cli/cell_text.h"
#include "types/text_codec.h"

namespace sluice::cli {
namespace {
constexpr size_t kFlushBytes = 1 << 18;

void AppendJsonValue(TypeId type, const ColumnView& view, size_t row, std::string& cell,
                     std::string& out) {
  if (type == TypeId::kNull || !view.IsValid(row)) {
    out += "null";
    return;
  }
  switch (type) {
    case TypeId::kDouble: {
      double d = view.Get<double>(row);
      if (!std::isfinite(d)) {
        out += "null";
      } else {
        AppendDouble(d, out);
      }
      return;
    }
    case TypeId::kBoolean:
    case TypeId::kInteger:
    case TypeId::kBigint: AppendCellText(type, view, row, out); return;
    default:
      cell.clear();
      AppendCellText(type, view, row, cell);
      AppendJsonString(cell, out);
      return;
  }
}
}  // namespace

void AppendJsonString(std::string_view text, std::string& out) {
  static const char kHex[] = "0123456789abcdef";
  out += '"';
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

void RenderJson(const QueryResult& result, std::ostream& out) {
  if (result.schema.empty()) return;
  std::vector<std::string> keys;
  for (const Field& f : result.schema) {
    std::string key;
    AppendJsonString(f.name, key);
    key += ':';
    keys.push_back(std::move(key));
  }
  std::string buffer = "[";
  std::string cell;
  bool first_row = true;
  std::vector<ColumnView> views(result.schema.size());
  for (const DataChunk& chunk : result.chunks) {
    for (size_t c = 0; c < views.size(); c++) views[c] = ColumnView(chunk, c);
    for (size_t r = 0; r < chunk.size(); r++) {
      if (!first_row) buffer += ",\n";
      first_row = false;
      buffer += '{';
      for (size_t c = 0; c < views.size(); c++) {
        if (c > 0) buffer += ',';
        buffer += keys[c];
        AppendJsonValue(result.schema[c].type, views[c], r, cell, buffer);
      }
      buffer += '}';
      if (buffer.size() >= kFlushBytes) {
        out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        buffer.clear();
      }
    }
  }
  buffer += "]\n";
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
}

}  // namespace sluice::cli
