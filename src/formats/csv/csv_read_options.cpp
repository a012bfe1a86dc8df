#include "formats/csv/csv_read_options.h"

#include "common/error.h"

namespace sluice {
namespace {

// One character; "\t" may be written as the two characters backslash and t.
char TakeChar(const std::string& context, const std::string& name, const std::string& value) {
  if (value == "\\t") return '\t';
  if (value.size() != 1) {
    throw Error::UserInput("{}: option '{}' expects a single character, got '{}'", context, name,
                           value);
  }
  return value[0];
}

TypeId TakeType(const std::string& context, const std::string& option, const std::string& column,
                const std::string& type_name) {
  auto type = ParseTypeName(type_name);
  if (!type || *type == TypeId::kNull) {
    throw Error::UserInput("{}: option '{}': column '{}': unknown type '{}'", context, option,
                           column, type_name);
  }
  return *type;
}

}  // namespace

CsvReadOptions TakeCsvReadOptions(Options& options) {
  const std::string context = options.context().empty() ? "read_csv" : options.context();
  CsvReadOptions out;
  for (const char* name : {"delim", "sep", "delimiter"}) {
    if (auto v = options.TakeString(name)) out.delimiter = TakeChar(context, name, *v);
  }
  if (auto v = options.TakeString("quote")) out.quote = TakeChar(context, "quote", *v);
  if (auto v = options.TakeString("escape")) out.escape = TakeChar(context, "escape", *v);
  for (const char* name : {"nullstr", "null_string", "nullstring"}) {
    if (auto v = options.TakeString(name)) out.null_string = *v;
  }
  out.header = options.TakeBool("header");
  if (auto v = options.TakeStringStruct("columns")) {
    if (v->empty())
      throw Error::UserInput("{}: option 'columns' must name at least one column", context);
    for (auto& [name, type] : *v) {
      out.columns.emplace_back(name, TakeType(context, "columns", name, type));
    }
  }
  for (const char* name : {"types", "dtypes", "column_types"}) {
    if (auto v = options.TakeStringStruct(name)) {
      for (auto& [column, type] : *v) {
        out.type_overrides.emplace_back(column, TakeType(context, name, column, type));
      }
    }
  }
  if (auto v = options.TakeInt("sample_size")) {
    if (*v == 0 || *v < -1) {
      throw Error::UserInput("{}: option 'sample_size' must be positive or -1, got {}", context,
                             *v);
    }
    out.sample_size = *v;
  }
  if (auto v = options.TakeBool("ignore_errors")) out.ignore_errors = *v;
  if (auto v = options.TakeBool("auto_detect")) out.auto_detect = *v;
  if (auto v = options.TakeInt("skip")) {
    if (*v < 0)
      throw Error::UserInput("{}: option 'skip' must not be negative, got {}", context, *v);
    out.skip = *v;
  }
  if (auto v = options.TakeBool("all_varchar")) out.all_varchar = *v;
  if (auto v = options.TakeBool("filename")) out.filename = *v;
  if (auto v = options.TakeInt("buffer_size")) {
    if (*v < 1)
      throw Error::UserInput("{}: option 'buffer_size' must be positive, got {}", context, *v);
    out.buffer_size = *v;
  }
  options.CheckAllTaken({"delim",        "sep",         "delimiter",     "quote",
                         "escape",       "nullstr",     "null_string",   "nullstring",
                         "header",       "columns",     "types",         "dtypes",
                         "column_types", "sample_size", "ignore_errors", "auto_detect",
                         "skip",         "all_varchar", "filename",      "buffer_size"});
  if (!out.columns.empty() && !out.type_overrides.empty()) {
    throw Error::UserInput("{}: give either 'columns' or 'types', not both", context);
  }
  if (out.delimiter &&
      (*out.delimiter == '\n' || *out.delimiter == '\r' || *out.delimiter == out.quote)) {
    throw Error::UserInput("{}: the delimiter cannot be a newline or the quote character", context);
  }
  return out;
}

}  // namespace sluice
