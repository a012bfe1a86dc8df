#include "formats/json/json_schema_inference.h"

#include <simdjson.h>

#include <cstring>
#include <unordered_map>
#include <utility>
#include <vector>

#include "types/text_codec.h"

namespace sluice {

namespace ondemand = simdjson::ondemand;

namespace {

// The lattice of inferred types; kNullOnly is the bottom.
enum class Inferred { kNullOnly, kBoolean, kBigint, kDouble, kDate, kTimestamp, kVarchar };

Inferred Merge(Inferred a, Inferred b) {
  if (a == b || b == Inferred::kNullOnly) return a;
  if (a == Inferred::kNullOnly) return b;
  auto either = [&](Inferred x, Inferred y) { return (a == x && b == y) || (a == y && b == x); };
  if (either(Inferred::kBigint, Inferred::kDouble)) return Inferred::kDouble;
  if (either(Inferred::kDate, Inferred::kTimestamp)) return Inferred::kTimestamp;
  return Inferred::kVarchar;
}

TypeId ToType(Inferred inferred) {
  switch (inferred) {
    case Inferred::kBoolean: return TypeId::kBoolean;
    case Inferred::kBigint: return TypeId::kBigint;
    case Inferred::kDouble: return TypeId::kDouble;
    case Inferred::kDate: return TypeId::kDate;
    case Inferred::kTimestamp: return TypeId::kTimestamp;
    case Inferred::kNullOnly:
    case Inferred::kVarchar: return TypeId::kVarchar;
  }
  return TypeId::kVarchar;
}

Inferred ClassifyString(std::string_view s) {
  // Cheap shape test first: dates and timestamps start with YYYY-.
  if (s.size() < 10 || s[4] != '-' || s[0] < '0' || s[0] > '9') return Inferred::kVarchar;
  int32_t days;
  if (ParseDate(s, &days)) return Inferred::kDate;
  int64_t micros;
  if (ParseTimestamp(s, &micros)) return Inferred::kTimestamp;
  return Inferred::kVarchar;
}

}  // namespace

struct JsonSchemaInference::Impl {
  ondemand::parser parser;
  std::vector<std::pair<std::string, Inferred>> columns;
  std::unordered_map<std::string, size_t> index;
  std::vector<std::pair<size_t, Inferred>> row;  // this record's findings, kept until it parsed

  explicit Impl(uint64_t max_record_size)
      : parser(static_cast<size_t>(max_record_size) + simdjson::SIMDJSON_PADDING) {}

  simdjson::error_code Classify(ondemand::value& value, Inferred* out) {
    ondemand::json_type type;
    if (auto code = value.type().get(type)) return code;
    switch (type) {
      case ondemand::json_type::null: {
        bool is_null = false;
        if (auto code = value.is_null().get(is_null)) return code;
        if (!is_null) return simdjson::N_ATOM_ERROR;
        *out = Inferred::kNullOnly;
        return simdjson::SUCCESS;
      }
      case ondemand::json_type::boolean: {
        bool b;
        *out = Inferred::kBoolean;
        return value.get_bool().get(b);
      }
      case ondemand::json_type::number: {
        ondemand::number number;
        if (value.get_number().get(number)) {
          // Integers beyond 64 bits: simdjson reads them only as doubles.
          double d;
          *out = Inferred::kDouble;
          return value.get_double().get(d);
        }
        *out = number.get_number_type() == ondemand::number_type::signed_integer
                   ? Inferred::kBigint
                   : Inferred::kDouble;
        return simdjson::SUCCESS;
      }
      case ondemand::json_type::string: {
        std::string_view s;
        if (auto code = value.get_string().get(s)) return code;
        *out = ClassifyString(s);
        return simdjson::SUCCESS;
      }
      case ondemand::json_type::object:
      case ondemand::json_type::array:
        *out = Inferred::kVarchar;  // kept as JSON text; skipped by the iteration
        return simdjson::SUCCESS;
    }
    return simdjson::INCORRECT_TYPE;
  }

  bool Observe(const JsonRecord& record, std::string* error) {
    if (record.too_large) {
      *error = "record is larger than maximum_object_size";
      return false;
    }
    std::string_view text = record.text;
    size_t capacity = record.capacity;
    if (record.file_offset == 0 && text.size() >= 3 &&
        std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0) {
      text.remove_prefix(3);
      capacity -= 3;
    }
    auto fail = [&](simdjson::error_code code) {
      *error = std::string("malformed JSON: ") + simdjson::error_message(code);
      return false;
    };
    ondemand::document doc;
    if (auto code = parser.iterate(text.data(), text.size(), capacity).get(doc)) return fail(code);
    ondemand::object object;
    if (auto code = doc.get_object().get(object)) {
      if (code != simdjson::INCORRECT_TYPE) return fail(code);
      *error = "expected a JSON object";
      return false;
    }
    row.clear();
    std::vector<std::string> new_keys;
    for (auto field_result : object) {
      ondemand::field field;
      if (auto code = std::move(field_result).get(field)) return fail(code);
      std::string_view key;
      if (auto code = field.unescaped_key().get(key)) return fail(code);
      std::string key_copy(key);
      Inferred inferred;
      if (auto code = Classify(field.value(), &inferred)) return fail(code);
      auto it = index.find(key_copy);
      if (it != index.end()) {
        row.emplace_back(it->second, inferred);
        continue;
      }
      // Keys new in this record join the schema only once the whole record parsed.
      size_t slot = 0;
      while (slot < new_keys.size() && new_keys[slot] != key_copy) slot++;
      if (slot == new_keys.size()) new_keys.push_back(std::move(key_copy));
      row.emplace_back(columns.size() + slot, inferred);
    }
    if (!doc.current_location().error()) {
      *error = "malformed JSON: unexpected content after the object";
      return false;
    }
    for (auto& key : new_keys) {
      index.emplace(key, columns.size());
      columns.emplace_back(std::move(key), Inferred::kNullOnly);
    }
    for (const auto& [column, inferred] : row) {
      columns[column].second = Merge(columns[column].second, inferred);
    }
    return true;
  }
};

JsonSchemaInference::JsonSchemaInference(uint64_t max_record_size)
    : impl_(std::make_unique<Impl>(max_record_size)) {}

JsonSchemaInference::~JsonSchemaInference() = default;

bool JsonSchemaInference::Observe(const JsonRecord& record, std::string* error) {
  if (!impl_->Observe(record, error)) return false;
  records_++;
  return true;
}

Schema JsonSchemaInference::Finish() const {
  Schema schema;
  for (const auto& [name, inferred] : impl_->columns)
    schema.push_back(Field{name, ToType(inferred)});
  return schema;
}

}  // namespace sluice
