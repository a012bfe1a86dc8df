#include "sql/parser/ast_statement.h"

namespace sluice::sql {
namespace {

std::string JoinNames(const std::vector<std::string>& names, const char* separator) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += separator;
    out += QuoteIdentifier(names[i]);
  }
  return out;
}

std::string CreatePrefix(const char* what, bool or_replace, bool temporary, bool if_not_exists,
                         const std::vector<std::string>& name) {
  std::string out = "CREATE ";
  if (or_replace) out += "OR REPLACE ";
  if (temporary) out += "TEMPORARY ";
  out += what;
  if (if_not_exists) out += " IF NOT EXISTS";
  return out + " " + JoinNames(name, ".");
}

}  // namespace

std::string SelectStatement::ToString() const {
  return query->ToString();
}

std::string CopyOption::ToString() const {
  std::string out = name;
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  if (value) out += " " + value->ToString();
  return out;
}

std::string CopyStatement::ToString() const {
  std::string out = "COPY ";
  out += query ? "(" + query->ToString() + ")" : JoinNames(table, ".");
  out += " TO " + QuoteString(path);
  if (!options.empty()) {
    out += " (";
    for (size_t i = 0; i < options.size(); ++i) {
      if (i > 0) out += ", ";
      out += options[i].ToString();
    }
    out += ")";
  }
  return out;
}

std::string CreateTableStatement::ToString() const {
  std::string out = CreatePrefix("TABLE", or_replace, temporary, if_not_exists, name);
  if (query) return out + " AS " + query->ToString();
  out += " (";
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) out += ", ";
    out += QuoteIdentifier(columns[i].name) + " " + columns[i].type.ToString();
    if (columns[i].not_null) out += " NOT NULL";
  }
  return out + ")";
}

std::string CreateViewStatement::ToString() const {
  std::string out = CreatePrefix("VIEW", or_replace, temporary, if_not_exists, name);
  if (!column_aliases.empty()) out += "(" + JoinNames(column_aliases, ", ") + ")";
  return out + " AS " + query->ToString();
}

std::string InsertStatement::ToString() const {
  std::string out = "INSERT INTO " + JoinNames(table, ".");
  if (!columns.empty()) out += " (" + JoinNames(columns, ", ") + ")";
  return out + " " + query->ToString();
}

std::string DropStatement::ToString() const {
  std::string out = drop_kind == DropKind::kTable ? "DROP TABLE " : "DROP VIEW ";
  if (if_exists) out += "IF EXISTS ";
  return out + JoinNames(name, ".");
}

std::string ExplainStatement::ToString() const {
  return std::string(analyze ? "EXPLAIN ANALYZE " : "EXPLAIN ") + statement->ToString();
}

std::string DescribeStatement::ToString() const {
  return "DESCRIBE " + (query ? query->ToString() : JoinNames(table, "."));
}

std::string SetStatement::ToString() const {
  return "SET " + name + " = " + value->ToString();
}

std::string ShowTablesStatement::ToString() const {
  return "SHOW TABLES";
}

}  // namespace sluice::sql
