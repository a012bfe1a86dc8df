#include "quality/flagged_rows.h"

#include <fmt/format.h>

#include <cmath>
#include <cstring>

#include "types/value.h"

namespace sluice::quality {
namespace {

// Length of the valid UTF-8 sequence at text[i], or 0 when it is not valid.
size_t Utf8Length(std::string_view text, size_t i) {
  auto c = static_cast<unsigned char>(text[i]);
  size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
  if (n == 0 || i + n > text.size()) return 0;
  for (size_t k = 1; k < n; k++) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 0;
  }
  return n;
}

// `text` as a JSON string, at most `max_chars` characters (then "…"); bytes that are not
// UTF-8 become U+FFFD.
std::string JsonString(std::string_view text, size_t max_chars = SIZE_MAX) {
  std::string out = "\"";
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); chars++) {
    if (chars == max_chars) {
      out += "\u2026";
      break;
    }
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      size_t n = Utf8Length(text, i);
      out += n == 0 ? std::string_view("\\ufffd") : text.substr(i, n);
      i += n == 0 ? 1 : n;
      continue;
    }
    i++;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

// One sample row: the rule's columns (or every column) of row `row` of `chunk`.
std::string SampleRow(const DataChunk& chunk, const CheckQuery& query, const RowRule& rule,
                      size_t row) {
  std::string out = "{";
  auto add = [&](size_t c) {
    if (out.size() > 1) out += ", ";
    out += JsonString(query.schema[c].name) + ": " + ValueJson(chunk.column(c).GetValue(row));
  };
  if (rule.columns.empty() || rule.spec.kind == "row") {
    for (size_t c = 0; c < query.schema.size(); c++) add(c);
  } else {
    for (size_t c : rule.columns) add(c);
  }
  return out + "}";
}

template <typename T>
void GatherValues(const Vector& src, const sel_t* rows, size_t count, Vector& dst) {
  const T* in = src.data<T>();
  T* out = dst.data<T>();
  for (size_t i = 0; i < count; i++) out[i] = in[rows[i]];
}

// The rows `selected` of a chunk (flat or constant columns, no selection) as a new flat
// chunk. Strings are not copied: the new VARCHAR vectors keep the source's arena alive and
// point into it.
DataChunk GatherRows(const DataChunk& chunk, const sel_t* selected, size_t count) {
  DataChunk out;
  out.columns().resize(chunk.column_count());
  const std::vector<sel_t> first(count, 0);
  for (size_t c = 0; c < chunk.column_count(); c++) {
    const Vector& src = chunk.column(c);
    Vector& dst = out.column(c);
    const sel_t* rows = src.is_constant() ? first.data() : selected;
    dst.Initialize(src.type(), count);
    switch (PhysicalSize(src.type())) {
      case 1: GatherValues<uint8_t>(src, rows, count, dst); break;
      case 4: GatherValues<uint32_t>(src, rows, count, dst); break;
      case 8: GatherValues<uint64_t>(src, rows, count, dst); break;
      default: GatherValues<StringRef>(src, rows, count, dst); break;
    }
    if (src.type() == TypeId::kVarchar && src.shared_arena() != nullptr) {
      dst.arena().Pin(src.shared_arena());
    }
    if (src.validity_words() != nullptr) {
      for (size_t i = 0; i < count; i++) {
        if (!src.IsValid(rows[i])) dst.SetNull(i);
      }
    }
  }
  out.SetSize(count);
  return out;
}

// Rows failing at least one error-level rule, rows [offset, offset + n).
void ErrorRows(const RowFlags& flags, const CheckQuery& query, uint64_t offset, size_t n,
               std::vector<uint8_t>& out) {
  out.assign(n, 0);
  for (size_t r = 0; r < query.rules.size(); r++) {
    if (!query.rules[r].error || flags.failed[r].empty()) continue;
    const uint8_t* flag = flags.failed[r].data() + offset;
    for (size_t i = 0; i < n; i++) out[i] |= flag[i];
  }
}

}  // namespace

std::string ValueJson(const Value& value) {
  if (value.is_null()) return "null";
  switch (value.type()) {
    case TypeId::kBoolean: return value.bool_value() ? "true" : "false";
    case TypeId::kInteger:
    case TypeId::kBigint: return fmt::format("{}", value.int_value());
    case TypeId::kDouble:
      if (std::isfinite(value.double_value())) return value.ToString();
      return JsonString(value.ToString());
    default: return JsonString(value.ToString(), kSampleChars);
  }
}

void TakeQueryFlags(const QueryResult& result, const CheckQuery& query, RowFlags& flags) {
  flags.rows = result.row_count();
  flags.failed.assign(query.rules.size(), {});
  flags.fired.assign(query.fixed.size(), {});
  auto take = [&](size_t column, std::vector<uint8_t>& out) {
    out.resize(flags.rows);
    uint64_t offset = 0;
    for (const DataChunk& chunk : result.chunks) {
      const size_t n = chunk.size();
      ColumnView view(chunk, column);
      uint8_t* dst = out.data() + offset;
      if (view.constant) {
        std::memset(dst, view.IsValid(0) && view.Get<uint8_t>(0) != 0, n);
      } else {
        const uint8_t* src = view.data;  // result chunks are flat
        if (view.validity == nullptr) {
          for (size_t i = 0; i < n; i++) dst[i] = src[i] != 0;
        } else {  // NULL passes
          for (size_t i = 0; i < n; i++) dst[i] = (src[i] != 0) & view.IsValid(i);
        }
      }
      offset += n;
    }
  };
  for (size_t r = 0; r < query.rules.size(); r++) {
    if (query.flag_column[r] >= 0) take(static_cast<size_t>(query.flag_column[r]), flags.failed[r]);
  }
  for (size_t k = 0; k < query.fixed.size(); k++) take(query.fired_column[k], flags.fired[k]);
}

std::shared_ptr<ChunkCollection> TakeQueryData(QueryResult& result, const CheckQuery& query) {
  std::vector<TypeId> types;
  for (const auto& f : query.schema) types.push_back(f.type);
  auto data = std::make_shared<ChunkCollection>(types);
  for (DataChunk& chunk : result.chunks) {
    DataChunk owned;
    owned.columns().resize(types.size());
    for (size_t c = 0; c < types.size(); c++) owned.column(c) = std::move(chunk.column(c));
    owned.SetSize(chunk.size());
    data->AppendOwned(std::move(owned));
  }
  result.chunks.clear();
  return data;
}

FlagCounts CountFlags(const ChunkCollection& data, const RowFlags& flags, const CheckQuery& query,
                      size_t sample_size) {
  const size_t rules = query.rules.size();
  FlagCounts counts;
  counts.failed.assign(rules, 0);
  counts.corrected.assign(rules, 0);
  counts.samples.assign(rules, "[]");
  std::vector<uint8_t> any(flags.rows, 0);
  for (size_t r = 0; r < rules; r++) {
    const auto& flag = flags.failed[r];
    if (flag.empty()) continue;
    uint64_t failed = 0;
    for (uint8_t f : flag) failed += f;
    counts.failed[r] = failed;
    if (failed > 0 && query.rules[r].error) {
      for (size_t i = 0; i < flags.rows; i++) any[i] |= flag[i];
    }
  }
  for (uint8_t a : any) counts.error_failing += a;
  std::fill(any.begin(), any.end(), 0);
  for (size_t k = 0; k < query.fixed.size(); k++) {
    const auto& fired = flags.fired[k];
    const auto& failed = flags.failed[query.fixed[k]];
    uint64_t corrected = 0;
    for (size_t i = 0; i < flags.rows; i++) {
      corrected += fired[i] & (failed.empty() ? 1 : (failed[i] ^ 1));
      any[i] |= fired[i];
    }
    counts.corrected[query.fixed[k]] += corrected;
  }
  if (!query.fixed.empty()) {
    for (uint8_t a : any) counts.changed += a;
  }
  // Samples: the first failing rows of each rule, found by chunk.
  std::vector<uint64_t> starts;
  uint64_t offset = 0;
  for (size_t c = 0; c < data.chunk_count(); c++) {
    starts.push_back(offset);
    offset += data.chunk(c).size();
  }
  for (size_t r = 0; r < rules; r++) {
    if (counts.failed[r] == 0) continue;
    std::vector<std::string> rows;
    const auto& flag = flags.failed[r];
    size_t chunk = 0;
    for (uint64_t i = 0; i < flags.rows && rows.size() < sample_size; i++) {
      if (!flag[i]) continue;
      while (chunk + 1 < starts.size() && starts[chunk + 1] <= i) chunk++;
      rows.push_back(SampleRow(data.chunk(chunk), query, query.rules[r], i - starts[chunk]));
    }
    counts.samples[r] = "[" + fmt::format("{}", fmt::join(rows, ", ")) + "]";
  }
  return counts;
}

void SplitRows(const ChunkCollection& data, const RowFlags& flags, const CheckQuery& query,
               const QuarantineColumns& extra, ChunkCollection& good,
               ChunkCollection* quarantined) {
  const size_t data_columns = query.schema.size();
  std::vector<TypeId> types;
  for (const auto& f : query.schema) types.push_back(f.type);
  good.SetTypes(types);
  if (quarantined != nullptr) {
    std::vector<TypeId> qtypes = types;
    qtypes.insert(qtypes.end(), {TypeId::kVarchar, TypeId::kVarchar, TypeId::kTimestamp});
    quarantined->SetTypes(qtypes);
  }
  Vector run_id = Vector::Constant(Value::Varchar(extra.run_id), TypeId::kVarchar);
  Vector checked_at =
      Vector::Constant(Value::Timestamp(extra.checked_at_micros), TypeId::kTimestamp);
  std::vector<uint8_t> failing;
  std::vector<sel_t> keep;
  std::vector<sel_t> drop;
  uint64_t offset = 0;
  for (size_t index = 0; index < data.chunk_count(); index++) {
    const DataChunk& chunk = data.chunk(index);
    const size_t n = chunk.size();
    if (quarantined != nullptr) {
      ErrorRows(flags, query, offset, n, failing);
    } else {
      failing.assign(n, 0);
    }
    keep.clear();
    drop.clear();
    for (size_t i = 0; i < n; i++) (failing[i] ? drop : keep).push_back(static_cast<sel_t>(i));
    if (!drop.empty()) {
      DataChunk bad;
      bad.columns().resize(data_columns + 3);
      for (size_t c = 0; c < data_columns; c++) bad.column(c).Reference(chunk.column(c));
      Vector names(TypeId::kVarchar, n);
      for (sel_t i : drop) {
        std::string text;
        for (size_t r = 0; r < query.rules.size(); r++) {
          const auto& flag = flags.failed[r];
          if (!query.rules[r].error || flag.empty() || !flag[offset + i]) continue;
          if (!text.empty()) text += ", ";
          text += query.rules[r].name;
        }
        names.SetValue(i, Value::Varchar(text));
      }
      bad.column(data_columns).Reference(names);
      bad.column(data_columns + 1).Reference(run_id);
      bad.column(data_columns + 2).Reference(checked_at);
      bad.SetSize(n);
      if (drop.size() < kChunkCapacity / 8) {
        bad.Select(drop.data(), drop.size());
        quarantined->Append(bad);  // a few rows: packed into full chunks
      } else {
        quarantined->AppendOwned(GatherRows(bad, drop.data(), drop.size()));
      }
    }
    DataChunk shared;
    shared.Reference(chunk);
    if (keep.size() == n) {
      good.AppendOwned(std::move(shared));
    } else if (!keep.empty()) {
      good.AppendOwned(GatherRows(chunk, keep.data(), keep.size()));
    }
    offset += n;
  }
}

}  // namespace sluice::quality
