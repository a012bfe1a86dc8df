#include "formats/json/json_read_options.h"

#include <algorithm>
#include <cctype>

#include "common/error.h"

namespace sluice {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

JsonFormat ParseFormat(const std::string& text, const std::string& function) {
  std::string f = Lower(text);
  if (f == "auto") return JsonFormat::kAuto;
  if (f == "newline_delimited" || f == "nd" || f == "ndjson" || f == "jsonl") {
    return JsonFormat::kNewlineDelimited;
  }
  if (f == "array") return JsonFormat::kArray;
  throw Error::UserInput(
      "{}: option 'format' must be 'auto', 'newline_delimited' or 'array', got '{}'", function,
      text);
}

Schema ParseColumns(const std::vector<std::pair<std::string, std::string>>& fields,
                    const std::string& function) {
  if (fields.empty())
    throw Error::UserInput("{}: option 'columns' needs at least one column", function);
  Schema schema;
  for (const auto& [name, type_name] : fields) {
    auto type = ParseTypeName(type_name);
    if (!type || *type == TypeId::kNull) {
      throw Error::UserInput("{}: column '{}': unknown type '{}'", function, name, type_name);
    }
    for (const auto& field : schema) {
      if (field.name == name) {
        throw Error::UserInput("{}: column '{}' appears twice in 'columns'", function, name);
      }
    }
    schema.push_back(Field{name, *type});
  }
  return schema;
}

}  // namespace

JsonReadOptions TakeJsonReadOptions(Options& options, const std::string& function) {
  options.SetContext(function);
  JsonReadOptions out;
  if (auto columns = options.TakeStringStruct("columns")) {
    out.columns = ParseColumns(*columns, function);
  }
  if (auto format = options.TakeString("format")) out.format = ParseFormat(*format, function);
  if (auto sample = options.TakeInt("sample_size")) {
    // -1 means "the whole input", as in DuckDB.
    if (*sample == -1) {
      out.sample_size = INT64_MAX;
    } else if (*sample <= 0) {
      throw Error::UserInput("{}: option 'sample_size' must be positive or -1, got {}", function,
                             *sample);
    } else {
      out.sample_size = *sample;
    }
  }
  if (auto ignore = options.TakeBool("ignore_errors")) out.ignore_errors = *ignore;
  if (auto max_size = options.TakeInt("maximum_object_size")) {
    if (*max_size <= 0) {
      throw Error::UserInput("{}: option 'maximum_object_size' must be positive, got {}", function,
                             *max_size);
    }
    out.maximum_object_size = static_cast<uint64_t>(*max_size);
  }
  if (auto records = options.TakeString("records")) {
    std::string r = Lower(*records);
    if (r == "false") {
      throw Error::NotSupported("{}: records=false (rows must be JSON objects)", function);
    }
    if (r != "true" && r != "auto") {
      throw Error::UserInput("{}: option 'records' must be true or 'auto', got '{}'", function,
                             *records);
    }
  }
  if (auto filename = options.TakeBool("filename")) out.filename = *filename;
  if (auto auto_detect = options.TakeBool("auto_detect");
      auto_detect && !*auto_detect && out.columns.empty()) {
    throw Error::UserInput(
        "{}: auto_detect=false needs the schema in columns={{'name': 'TYPE', ...}}", function);
  }
  if (auto compression = options.TakeString("compression")) {
    std::string c = Lower(*compression);
    if (c != "none" && c != "auto" && c != "uncompressed") {
      throw Error::NotSupported("{}: compression '{}' (JSON files are read uncompressed)", function,
                                *compression);
    }
  }
  options.CheckAllTaken({"columns", "format", "sample_size", "ignore_errors", "maximum_object_size",
                         "records", "filename", "auto_detect", "compression"});
  if (options.positional().size() > 1) {
    throw Error::UserInput("{}: expects one path (or a list of paths), got {} arguments", function,
                           options.positional().size());
  }
  return out;
}

}  // namespace sluice
