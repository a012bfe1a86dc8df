#include "formats/json/json_row_parser.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <bit>
#include <cmath>
#include <cstring>

#include "formats/json/json_text.h"
#include "types/text_codec.h"

namespace sluice {

namespace ondemand = simdjson::ondemand;

namespace {

// Field positions remembered per row: rows of one file nearly always list their keys in
// the same order, so one comparison usually resolves a key.
constexpr size_t kMaxCachedFields = 256;

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// The raw text of a key (between its quotes, escapes kept), from simdjson's pointer just
// past the opening quote. Stage 1 has checked that the string is closed.
std::string_view RawKeyBody(const char* start, const char* limit, bool* has_escape) {
  const char* p = start;
  *has_escape = false;
  while (p < limit && *p != '"') {
    if (*p == '\\') {
      *has_escape = true;
      p++;
    }
    p++;
  }
  return std::string_view(start, static_cast<size_t>(std::min(p, limit) - start));
}

// Cached keys carry this many zero bytes after their text so that SameBytes may load
// whole words from them.
constexpr size_t kKeySlack = 8;

uint64_t LoadWord(const char* p) {
  uint64_t word;
  std::memcpy(&word, p, sizeof(word));
  return word;
}

// Compares `size` bytes of a key in a record (readable 8 bytes past its end thanks to
// the padding) with a cached key (followed by kKeySlack bytes), a word at a time: keys
// are short, and this runs once per field of every row.
bool SameBytes(const char* raw, const char* cached, size_t size) {
  if (size < 8) {
    uint64_t mask = 0;
    if (size > 0) {
      // The first `size` bytes in memory order.
      mask = std::endian::native == std::endian::little ? ~uint64_t{0} >> (64 - 8 * size)
                                                        : ~uint64_t{0} << (64 - 8 * size);
    }
    return ((LoadWord(raw) ^ LoadWord(cached)) & mask) == 0;
  }
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    if (LoadWord(raw + i) != LoadWord(cached + i)) return false;
  }
  return i == size || LoadWord(raw + size - 8) == LoadWord(cached + size - 8);
}

}  // namespace

struct JsonRowParser::Impl {
  ondemand::parser parser;
  std::vector<JsonColumnTarget> targets;
  std::vector<uint8_t> seen;
  std::vector<std::string> cached_key;  // raw key text at each field position
  std::vector<int> cached_target;       // its target, -1 if not needed
  std::string decoded_key;
  std::string* error = nullptr;

  Impl(std::vector<JsonColumnTarget> t, uint64_t max_record_size)
      : parser(static_cast<size_t>(max_record_size) + simdjson::SIMDJSON_PADDING),
        targets(std::move(t)),
        seen(targets.size()) {}

  bool Fail(std::string message) {
    *error = std::move(message);
    return false;
  }
  bool Malformed(simdjson::error_code code) {
    if (code == simdjson::CAPACITY) return Fail("record is larger than maximum_object_size");
    return Fail(std::string("malformed JSON: ") + simdjson::error_message(code));
  }
  bool CannotRead(const JsonColumnTarget& target, ondemand::value& value) {
    std::string_view raw = TrimRight(value.raw_json_token());
    constexpr size_t kMaxShown = 80;
    std::string shown(raw.substr(0, kMaxShown));
    if (raw.size() > kMaxShown) shown += "...";
    return Fail(
        fmt::format("key '{}': cannot read {} as {}", target.key, shown, TypeName(target.type)));
  }

  int FindTarget(std::string_view key) const {
    for (size_t i = 0; i < targets.size(); i++) {
      if (targets[i].key == key) return static_cast<int>(i);
    }
    return -1;
  }

  int Lookup(ondemand::raw_json_string key, size_t field_index, const char* record_end) {
    const char* raw = reinterpret_cast<const char*>(key.raw());
    if (field_index < cached_key.size()) {
      const std::string& cached = cached_key[field_index];
      size_t size = cached.size() - kKeySlack;
      if (raw + size < record_end && raw[size] == '"' && SameBytes(raw, cached.data(), size)) {
        return cached_target[field_index];
      }
    }
    return LookupSlow(raw, field_index, record_end);
  }

  int LookupSlow(const char* raw, size_t field_index, const char* record_end) {
    bool has_escape;
    std::string_view body = RawKeyBody(raw, record_end, &has_escape);
    int target;
    if (!has_escape) {
      target = FindTarget(body);
    } else {
      target = DecodeJsonString(body, &decoded_key) ? FindTarget(decoded_key) : -1;
    }
    if (field_index < kMaxCachedFields) {
      if (field_index >= cached_key.size()) {
        cached_key.resize(field_index + 1);
        cached_target.resize(field_index + 1, -1);
      }
      cached_key[field_index].assign(body);
      cached_key[field_index].append(kKeySlack, '\0');
      cached_target[field_index] = target;
    }
    return target;
  }

  bool ReadInteger(ondemand::value& value, ondemand::json_type type, const JsonColumnTarget& target,
                   int64_t* out) {
    if (type == ondemand::json_type::number) {
      if (!value.get_int64().get(*out)) return true;
      double d;
      if (!value.get_double().get(d) && d == std::floor(d) && d >= -9.2233720368547758e18 &&
          d < 9.2233720368547758e18) {
        *out = static_cast<int64_t>(d);
        return true;
      }
    } else if (type == ondemand::json_type::string) {
      std::string_view s;
      if (auto code = value.get_string().get(s)) return Malformed(code);
      if (ParseInt64(s, out)) return true;
    }
    return CannotRead(target, value);
  }

  bool ReadDouble(ondemand::value& value, ondemand::json_type type, const JsonColumnTarget& target,
                  double* out) {
    if (type == ondemand::json_type::number) {
      if (auto code = value.get_double().get(*out)) {
        return code == simdjson::NUMBER_ERROR || code == simdjson::INCORRECT_TYPE
                   ? CannotRead(target, value)
                   : Malformed(code);
      }
      return true;
    }
    std::string_view s;
    if (type == ondemand::json_type::string && !value.get_string().get(s) && ParseDouble(s, out)) {
      return true;
    }
    return CannotRead(target, value);
  }

  bool ReadBoolean(ondemand::value& value, ondemand::json_type type, const JsonColumnTarget& target,
                   uint8_t* out) {
    bool b = false;
    std::string_view s;
    if (type == ondemand::json_type::boolean) {
      if (auto code = value.get_bool().get(b)) return Malformed(code);
    } else if (!(type == ondemand::json_type::string && !value.get_string().get(s) &&
                 ParseBoolean(s, &b))) {
      return CannotRead(target, value);
    }
    *out = b ? 1 : 0;
    return true;
  }

  // DATE and TIMESTAMP come from ISO strings (a TIMESTAMP column also takes a date).
  bool ReadTemporal(ondemand::value& value, ondemand::json_type type,
                    const JsonColumnTarget& target, Vector& column, size_t row) {
    std::string_view s;
    if (type == ondemand::json_type::string && !value.get_string().get(s)) {
      if (target.type == TypeId::kDate ? ParseDate(s, &column.data<int32_t>()[row])
                                       : ParseTimestamp(s, &column.data<int64_t>()[row])) {
        return true;
      }
    }
    return CannotRead(target, value);
  }

  bool ReadVarchar(ondemand::value& value, ondemand::json_type type, Vector& column, size_t row) {
    StringRef& slot = column.data<StringRef>()[row];
    std::string_view text;
    switch (type) {
      case ondemand::json_type::string:
        if (auto code = value.get_string().get(text)) return Malformed(code);
        slot = column.AddString(text);
        return true;
      case ondemand::json_type::number: {
        ondemand::number number;
        double d;
        if (value.get_number().get(number)) {
          if (auto code = value.get_double().get(d)) return Malformed(code);
        }
        slot = column.AddString(TrimRight(value.raw_json_token()));
        return true;
      }
      case ondemand::json_type::boolean: {
        bool b;
        if (auto code = value.get_bool().get(b)) return Malformed(code);
        slot = column.AddString(b ? "true" : "false");
        return true;
      }
      case ondemand::json_type::object: {
        ondemand::object object;
        if (auto code = value.get_object().get(object)) return Malformed(code);
        if (auto code = object.raw_json().get(text)) return Malformed(code);
        break;
      }
      case ondemand::json_type::array: {
        ondemand::array array;
        if (auto code = value.get_array().get(array)) return Malformed(code);
        if (auto code = array.raw_json().get(text)) return Malformed(code);
        break;
      }
      case ondemand::json_type::null: break;
    }
    // Nested JSON is kept as compact text.
    char* buffer = column.arena().Allocate(text.size() + 1);
    size_t length = 0;
    if (auto code = simdjson::minify(text.data(), text.size(), buffer, length)) {
      return Malformed(code);
    }
    slot = StringRef(buffer, static_cast<uint32_t>(length));
    return true;
  }

  bool ReadValue(ondemand::value& value, const JsonColumnTarget& target, Vector& column,
                 size_t row) {
    ondemand::json_type type;
    if (auto code = value.type().get(type)) return Malformed(code);
    if (type == ondemand::json_type::null) {
      bool is_null = false;
      if (value.is_null().get(is_null) || !is_null) return Fail("malformed JSON: bad literal");
      column.SetNull(row);
      if (target.type == TypeId::kVarchar) column.data<StringRef>()[row] = StringRef("", 0);
      return true;
    }
    column.SetValid(row);
    switch (target.type) {
      case TypeId::kBigint: return ReadInteger(value, type, target, &column.data<int64_t>()[row]);
      case TypeId::kInteger: {
        int64_t v;
        if (!ReadInteger(value, type, target, &v)) return false;
        if (v < INT32_MIN || v > INT32_MAX) return CannotRead(target, value);
        column.data<int32_t>()[row] = static_cast<int32_t>(v);
        return true;
      }
      case TypeId::kDouble: return ReadDouble(value, type, target, &column.data<double>()[row]);
      case TypeId::kBoolean: return ReadBoolean(value, type, target, &column.data<uint8_t>()[row]);
      case TypeId::kDate:
      case TypeId::kTimestamp: return ReadTemporal(value, type, target, column, row);
      case TypeId::kVarchar: return ReadVarchar(value, type, column, row);
      case TypeId::kNull: break;
    }
    return Fail("unsupported column type");
  }

  bool Parse(const JsonRecord& record, DataChunk& out, size_t row) {
    if (record.too_large) return Fail("record is larger than maximum_object_size");
    std::string_view text = record.text;
    size_t capacity = record.capacity;
    if (record.file_offset == 0 && text.size() >= 3 &&
        std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0) {
      text.remove_prefix(3);  // UTF-8 byte order mark
      capacity -= 3;
    }
    const char* record_end = text.data() + text.size();
    ondemand::document doc;
    if (auto code = parser.iterate(text.data(), text.size(), capacity).get(doc)) {
      return Malformed(code);
    }
    ondemand::object object;
    if (auto code = doc.get_object().get(object)) {
      return code == simdjson::INCORRECT_TYPE ? Fail("expected a JSON object") : Malformed(code);
    }
    std::fill(seen.begin(), seen.end(), 0);
    size_t field_index = 0;
    for (auto field_result : object) {
      if (auto code = field_result.error()) return Malformed(code);
      ondemand::field& field = field_result.value_unsafe();  // no copy of the field
      int t = Lookup(field.key(), field_index++, record_end);
      if (t < 0) continue;
      const JsonColumnTarget& target = targets[static_cast<size_t>(t)];
      if (!ReadValue(field.value(), target, out.column(target.output), row)) return false;
      seen[static_cast<size_t>(t)] = 1;
    }
    if (!doc.current_location().error()) {
      return Fail("malformed JSON: unexpected content after the object");
    }
    for (size_t i = 0; i < targets.size(); i++) {
      if (seen[i]) continue;
      Vector& column = out.column(targets[i].output);
      column.SetNull(row);
      if (targets[i].type == TypeId::kVarchar) column.data<StringRef>()[row] = StringRef("", 0);
    }
    return true;
  }
};

JsonRowParser::JsonRowParser(std::vector<JsonColumnTarget> targets, uint64_t max_record_size)
    : impl_(std::make_unique<Impl>(std::move(targets), max_record_size)) {}

JsonRowParser::~JsonRowParser() = default;

bool JsonRowParser::Parse(const JsonRecord& record, DataChunk& out, size_t row,
                          std::string* error) {
  impl_->error = error;
  return impl_->Parse(record, out, row);
}

}  // namespace sluice
