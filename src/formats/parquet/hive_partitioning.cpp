#include "formats/parquet/hive_partitioning.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace sluice::parquet {
namespace {

bool SafeInPath(unsigned char c) {
  return std::isalnum(c) || c == '.' || c == '_' || c == '-' || c == ' ' || c == ':' || c == '+' ||
         c == '@' || c == ',' || c == '~';
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Strict: "2.5" is not a BIGINT here even where a SQL cast would round it.
bool ParsesAs(const std::string& text, TypeId type) {
  if (text.empty()) return false;
  if (type == TypeId::kBigint) {
    size_t start = text[0] == '-' || text[0] == '+' ? 1 : 0;
    if (start == text.size() || text.size() - start > 18) return false;
    return std::all_of(text.begin() + static_cast<std::ptrdiff_t>(start), text.end(),
                       [](unsigned char c) { return std::isdigit(c) != 0; });
  }
  if (type == TypeId::kDouble) {
    char* end = nullptr;
    std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size() && !std::isspace(static_cast<unsigned char>(text[0]));
  }
  return !Value::Varchar(text).TryCastTo(type).is_null();
}

}  // namespace

std::vector<std::pair<std::string, std::optional<std::string>>> ParseHivePartitions(
    std::string_view path) {
  std::vector<std::pair<std::string, std::optional<std::string>>> out;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) break;  // the last segment is the file name
    std::string_view segment = path.substr(start, slash - start);
    size_t eq = segment.find('=');
    if (eq != std::string_view::npos && eq > 0) {
      std::string key(segment.substr(0, eq));
      std::string_view raw = segment.substr(eq + 1);
      std::optional<std::string> value;
      if (raw != kHiveNullValue) value = UnescapePartitionValue(raw);
      bool replaced = false;
      for (auto& [k, v] : out) {
        if (k == key) {
          v = value;  // the deepest segment wins
          replaced = true;
        }
      }
      if (!replaced) out.emplace_back(std::move(key), std::move(value));
    }
    start = slash + 1;
  }
  return out;
}

TypeId InferPartitionType(const std::vector<const std::string*>& values) {
  for (TypeId candidate : {TypeId::kBigint, TypeId::kDouble, TypeId::kDate, TypeId::kTimestamp}) {
    bool all = true;
    for (const std::string* v : values) {
      if (v == nullptr) continue;
      bool date_like = v->size() >= 10 && (*v)[4] == '-' && (*v)[7] == '-';
      if ((candidate == TypeId::kDate && (v->size() != 10 || !date_like)) ||
          (candidate == TypeId::kTimestamp && (v->size() <= 10 || !date_like))) {
        all = false;
        break;
      }
      if (!ParsesAs(*v, candidate)) {
        all = false;
        break;
      }
    }
    if (all) return candidate;
  }
  return TypeId::kVarchar;
}

Value PartitionValue(const std::optional<std::string>& text, TypeId type) {
  if (!text) return Value::Null(type);
  if (type == TypeId::kVarchar) return Value::Varchar(*text);
  return Value::Varchar(*text).TryCastTo(type);
}

std::string EscapePartitionValue(std::string_view value) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (SafeInPath(c)) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  if (out.empty()) return "%00";  // an empty string must not look like a missing value
  return out;
}

std::string UnescapePartitionValue(std::string_view value) {
  if (value == "%00") return "";
  std::string out;
  for (size_t i = 0; i < value.size(); i++) {
    if (value[i] == '%' && i + 2 < value.size() && HexDigit(value[i + 1]) >= 0 &&
        HexDigit(value[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexDigit(value[i + 1]) * 16 + HexDigit(value[i + 2])));
      i += 2;
    } else {
      out.push_back(value[i]);
    }
  }
  return out;
}

std::string PartitionSegment(const std::string& key, const Value& value) {
  if (value.is_null()) return key + "=" + std::string(kHiveNullValue);
  return key + "=" + EscapePartitionValue(value.ToString());
}

}  // namespace sluice::parquet
