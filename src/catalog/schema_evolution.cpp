#include "catalog/schema_evolution.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/error.h"

namespace sluice::catalog {

bool IsAllowedWidening(TypeId from, TypeId to) {
  return (from == TypeId::kInteger && (to == TypeId::kBigint || to == TypeId::kDouble)) ||
         (from == TypeId::kBigint && to == TypeId::kDouble);
}

std::string SchemaToString(const Schema& schema) {
  std::string out = "(";
  for (size_t i = 0; i < schema.size(); i++) {
    if (i > 0) out += ", ";
    out += schema[i].name + " " + std::string(TypeName(schema[i].type));
  }
  return out + ")";
}

Schema EvolveSchema(std::string_view table, const Schema& current, const Schema& incoming) {
  Schema result = current;
  std::vector<std::string> problems;
  for (const Field& field : incoming) {
    if (field.type == TypeId::kNull) {
      problems.push_back(
          fmt::format("column '{}' has no type (an untyped NULL); cast it", field.name));
      continue;
    }
    auto it = std::find_if(result.begin(), result.end(),
                           [&](const Field& f) { return f.name == field.name; });
    if (it == result.end()) {
      result.push_back(field);  // a new (nullable) column
    } else if (it->type == field.type || IsAllowedWidening(field.type, it->type)) {
      // same type, or narrower data into a wider column: nothing changes
    } else if (IsAllowedWidening(it->type, field.type)) {
      it->type = field.type;
    } else {
      problems.push_back(fmt::format("cannot change column '{}' from {} to {}", field.name,
                                     TypeName(it->type), TypeName(field.type)));
    }
  }
  if (!problems.empty()) {
    std::string joined;
    for (const auto& p : problems) joined += p + "; ";
    throw Error::UserInput(
        "{}: {}table schema {}, new data {} (allowed: new columns, INTEGER->BIGINT, "
        "INTEGER->DOUBLE, BIGINT->DOUBLE)",
        table, joined, SchemaToString(current), SchemaToString(incoming));
  }
  return result;
}

std::string SchemaToJson(const Schema& schema) {
  nlohmann::json array = nlohmann::json::array();
  for (const Field& f : schema)
    array.push_back({{"name", f.name}, {"type", std::string(TypeName(f.type))}});
  return array.dump();
}

Schema SchemaFromJson(std::string_view json) {
  Schema schema;
  try {
    nlohmann::json array = nlohmann::json::parse(json);
    for (const auto& item : array) {
      std::string name = item.at("name").get<std::string>();
      auto type = ParseTypeName(item.at("type").get<std::string>());
      if (!type) throw Error::Internal("catalog: unknown type in stored schema {}", json);
      schema.push_back(Field{name, *type});
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error::Internal("catalog: stored schema is not valid JSON ({}): {}", e.what(), json);
  }
  return schema;
}

}  // namespace sluice::catalog
