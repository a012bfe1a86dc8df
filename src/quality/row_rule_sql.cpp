#include "quality/row_rule_sql.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "common/error.h"
#include "formats/options.h"
#include "sql/parser/ast_expression.h"
#include "types/value.h"

namespace sluice::quality {
namespace {

using sql::QuoteIdentifier;
using sql::QuoteString;

using pipeline::FixSpec;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Ident(const std::string& name) {
  return QuoteIdentifier(name);
}

// "db.table" or "name" as a FROM item.
std::string RelationName(const std::string& name) {
  std::string out;
  size_t start = 0;
  while (true) {
    size_t dot = name.find('.', start);
    if (!out.empty()) out += '.';
    out += Ident(name.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return out;
}

std::string NumberLiteral(double v) {
  if (std::floor(v) == v && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<int64_t>(v));
  return fmt::format("{}", v);
}

// A value written in the spec as a literal of `type`.
std::string TypedLiteral(const std::string& text, TypeId type, const std::string& context,
                         const std::string& what) {
  if (type == TypeId::kVarchar) return QuoteString(text);
  Value out = Value::Varchar(text).TryCastTo(type);
  if (out.is_null()) {
    throw Error::UserInput("{}: {} '{}' is not a valid {} for the column", context, what, text,
                           TypeName(type));
  }
  return out.ToSqlLiteral();
}

bool IsText(TypeId type) {
  return type == TypeId::kVarchar;
}

class QueryBuilder {
 public:
  QueryBuilder(const std::string& dataset, const Schema& input, const Schema& declared,
               std::vector<RowRule> rules)
      : dataset_(dataset), input_(input), declared_(declared) {
    query_.rules = std::move(rules);
    query_.schema = input;
  }

  CheckQuery Build() {
    ResolveColumns();
    std::string from = RelationName(dataset_);
    std::vector<std::string> ctes;
    std::string cast_layer = CastLayer(from);
    query_.base_sql = from;
    if (!cast_layer.empty()) {
      ctes.push_back("__q0 AS (" + cast_layer + ")");
      from = "__q0";
      query_.base_sql = "(" + cast_layer + ") __qb";
    }
    for (size_t r = 0; r < query_.rules.size(); r++) {
      if (!query_.rules[r].has_fix) continue;
      std::string layer = FixLayer(from, r);
      from = fmt::format("__q{}", ctes.size() + 1);
      ctes.push_back(from + " AS (" + layer + ")");
    }
    std::string final_sql = FinalLayer(from);
    if (!ctes.empty() && !final_sql.empty()) {
      std::string with = "WITH ";
      for (size_t i = 0; i < ctes.size(); i++) with += (i ? ", " : "") + ctes[i];
      final_sql = with + " " + final_sql;
    }
    query_.sql = final_sql;
    return std::move(query_);
  }

 private:
  std::string Context(const RowRule& rule) const { return RuleContext(dataset_, rule.spec); }

  void ResolveColumns() {
    for (const auto& field : declared_) {
      for (size_t c = 0; c < input_.size(); c++) {
        if (Lower(input_[c].name) != Lower(field.name) || input_[c].type == field.type) continue;
        query_.schema[c].type = field.type;
        casts_.push_back(c);
        query_.rewrites_columns = true;
      }
    }
    for (auto& rule : query_.rules) {
      const auto& spec = rule.spec;
      if (!rule.declared_cast_column.empty()) {
        rule.columns = {ResolveColumn(input_, rule.declared_cast_column, dataset_, spec)};
        continue;
      }
      if (!spec.column.empty())
        rule.columns.push_back(ResolveColumn(input_, spec.column, dataset_, spec));
      if (spec.kind == "not_null" || spec.kind == "unique") {
        for (const auto& name : spec.columns)
          rule.columns.push_back(ResolveColumn(input_, name, dataset_, spec));
      }
      if (rule.has_fix) query_.rewrites_columns = true;
      if (spec.kind == "row" && spec.expression.empty())
        throw Error::UserInput("{}: the row condition is empty", Context(rule));
    }
  }

  std::string ColumnList(const std::vector<std::string>& exprs) const {
    std::string out;
    for (size_t c = 0; c < exprs.size(); c++) {
      if (c) out += ", ";
      out += exprs[c] + " AS " + Ident(query_.schema[c].name);
    }
    return out;
  }

  std::vector<std::string> PlainColumns(const std::string& qualifier) const {
    std::vector<std::string> out;
    for (const auto& f : query_.schema) out.push_back(qualifier + Ident(f.name));
    return out;
  }

  // Flags computed so far (declared casts, fired fixes), carried through later layers.
  std::string CarriedFlags(const std::string& qualifier) const {
    std::string out;
    for (const auto& flag : carried_) out += ", " + qualifier + flag;
    return out;
  }

  std::string CastLayer(const std::string& from) {
    if (casts_.empty()) return "";
    std::vector<std::string> exprs = PlainColumns("");
    for (size_t c : casts_) {
      exprs[c] =
          fmt::format("TRY_CAST({} AS {})", Ident(input_[c].name), TypeName(query_.schema[c].type));
    }
    std::string sql = "SELECT " + ColumnList(exprs);
    for (size_t r = 0; r < query_.rules.size(); r++) {
      auto& rule = query_.rules[r];
      if (rule.declared_cast_column.empty()) continue;
      size_t c = rule.columns[0];
      std::string raw = Ident(input_[c].name);
      if (input_[c].type == query_.schema[c].type) {
        rule.fail_sql = "false";
      } else {
        rule.fail_sql = fmt::format("{} IS NOT NULL AND TRY_CAST({} AS {}) IS NULL", raw, raw,
                                    TypeName(query_.schema[c].type));
      }
      std::string flag = fmt::format("__qf{}", r);
      sql += fmt::format(", {} AS {}", rule.fail_sql, flag);
      carried_.push_back(flag);
    }
    return sql + " FROM " + from;
  }

  // The failure condition of `rule` for the value `x` of column `c`; `join` is the alias of
  // the rule's joined set (unique, foreign_key).
  std::string FailCondition(const RowRule& rule, const std::string& x, size_t c,
                            const std::string& join) const {
    const auto& spec = rule.spec;
    TypeId type = query_.schema[c].type;
    if (spec.kind == "not_null") return x + " IS NULL";
    if (spec.kind == "accepted_values") {
      if (spec.values.empty()) return x + " IS NOT NULL";
      std::string list;
      for (const auto& v : spec.values) {
        list += (list.empty() ? "" : ", ") + TypedLiteral(v, type, Context(rule), "accepted value");
      }
      return fmt::format("{} NOT IN ({})", x, list);
    }
    if (spec.kind == "range") {
      if (!IsNumeric(type)) {
        throw Error::UserInput("{}: column '{}' is {}, a range needs a numeric column",
                               Context(rule), query_.schema[c].name, TypeName(type));
      }
      std::vector<std::string> parts;
      const char* below = spec.inclusive ? "<" : "<=";
      const char* above = spec.inclusive ? ">" : ">=";
      if (spec.min) parts.push_back(fmt::format("{} {} {}", x, below, NumberLiteral(*spec.min)));
      if (spec.max) parts.push_back(fmt::format("{} {} {}", x, above, NumberLiteral(*spec.max)));
      return parts.empty() ? "false" : fmt::format("({})", fmt::join(parts, " OR "));
    }
    std::string text = IsText(type) ? x : fmt::format("CAST({} AS VARCHAR)", x);
    if (spec.kind == "regex") {
      return fmt::format("NOT regexp_matches({}, {})", text, QuoteString(spec.pattern));
    }
    if (spec.kind == "length") {
      // Characters are counted only where the byte length (free) cannot decide: a UTF-8
      // character takes 1 to 4 bytes.
      std::vector<std::string> parts;
      if (spec.min) {
        parts.push_back(
            fmt::format("CASE WHEN strlen({0}) < {1} THEN length({0}) < {2} ELSE false END", text,
                        NumberLiteral(*spec.min * 4), NumberLiteral(*spec.min)));
      }
      if (spec.max) {
        parts.push_back(
            fmt::format("CASE WHEN strlen({0}) > {1} THEN length({0}) > {1} ELSE false END", text,
                        NumberLiteral(*spec.max)));
      }
      return parts.empty() ? "false" : fmt::format("({})", fmt::join(parts, " OR "));
    }
    if (spec.kind == "foreign_key")
      return fmt::format("{} IS NOT NULL AND {}.__k IS NULL", x, join);
    throw Error::Internal("quality: no row condition for rule kind '{}'", spec.kind);
  }

  std::string FixValue(const RowRule& rule, const std::string& x, size_t c) const {
    const FixSpec& fix = rule.spec.fix;
    TypeId type = query_.schema[c].type;
    auto need_text = [&](const char* name) {
      if (!IsText(type)) {
        throw Error::UserInput("{}: fix '{}' needs a text column; '{}' is {}", Context(rule), name,
                               query_.schema[c].name, TypeName(type));
      }
    };
    switch (fix.kind) {
      case FixSpec::Kind::kDefault: return TypedLiteral(fix.value, type, Context(rule), "default");
      case FixSpec::Kind::kTrim: need_text("trim"); return fmt::format("trim({})", x);
      case FixSpec::Kind::kLower: need_text("lower"); return fmt::format("lower({})", x);
      case FixSpec::Kind::kUpper: need_text("upper"); return fmt::format("upper({})", x);
      case FixSpec::Kind::kNullIfInvalid: return fmt::format("CAST(NULL AS {})", TypeName(type));
      case FixSpec::Kind::kSql: return fmt::format("CAST(({}) AS {})", fix.value, TypeName(type));
      case FixSpec::Kind::kNone: break;
    }
    return x;
  }

  // A fixed foreign_key is judged before its fix by a LEFT JOIN of the referenced keys to
  // the relation aliased __p; empty for other rules.
  std::string JoinFor(const RowRule& rule, const std::string& alias) const {
    const auto& spec = rule.spec;
    if (spec.kind == "foreign_key") {
      std::string ref_column =
          spec.references_column.empty() ? spec.column : spec.references_column;
      return fmt::format(" LEFT JOIN (SELECT DISTINCT {} AS __k FROM {}) {} ON __p.{} = {}.__k",
                         Ident(ref_column), RelationName(spec.references), alias,
                         Ident(query_.schema[rule.columns[0]].name), alias);
    }
    return "";
  }

  std::string FixLayer(const std::string& from, size_t r) {
    RowRule& rule = query_.rules[r];
    std::string alias = fmt::format("__j{}", r);
    std::vector<std::string> exprs = PlainColumns("__p.");
    std::vector<std::string> fired;
    for (size_t c : rule.columns) {
      std::string x = "__p." + Ident(query_.schema[c].name);
      std::string fail = "(" + FailCondition(rule, x, c, alias) + ")";
      exprs[c] = fmt::format("CASE WHEN {} THEN {} ELSE {} END", fail, FixValue(rule, x, c), x);
      fired.push_back(fail);
    }
    std::string flag = fmt::format("__qx{}", query_.fixed.size());
    query_.fixed.push_back(r);
    std::string sql = "SELECT " + ColumnList(exprs) + CarriedFlags("__p.") +
                      fmt::format(", ({}) AS {}", fmt::join(fired, " OR "), flag) + " FROM " +
                      from + " __p" + JoinFor(rule, alias);
    carried_.push_back(flag);
    return sql;
  }

  std::string FinalLayer(const std::string& from) {
    std::vector<std::string> select;
    if (query_.rewrites_columns) select = PlainColumns("__p.");
    for (size_t c = 0; c < select.size(); c++) select[c] += " AS " + Ident(query_.schema[c].name);
    query_.flag_column.assign(query_.rules.size(), -1);
    for (size_t r = 0; r < query_.rules.size(); r++) {
      RowRule& rule = query_.rules[r];
      std::string flag;
      if (!rule.declared_cast_column.empty()) {
        flag = fmt::format("__p.__qf{}", r);
      } else if (IsNativeRule(rule.spec.kind)) {
        continue;
      } else if (rule.spec.kind == "row") {
        rule.fail_sql = fmt::format("NOT ({})", rule.spec.expression);
      } else {
        std::vector<std::string> parts;
        for (size_t c : rule.columns) {
          parts.push_back(FailCondition(rule, "__p." + Ident(query_.schema[c].name), c, ""));
        }
        rule.fail_sql = fmt::format("{}", fmt::join(parts, " OR "));
      }
      // NULL (a NULL value, a NULL row condition) passes: read natively as not failed.
      if (flag.empty()) flag = "(" + rule.fail_sql + ")";
      query_.flag_column[r] = static_cast<int>(select.size());
      select.push_back(fmt::format("{} AS __qf{}", flag, r));
    }
    for (size_t k = 0; k < query_.fixed.size(); k++) {
      query_.fired_column.push_back(select.size());
      select.push_back(fmt::format("__p.__qx{}", k));
    }
    if (select.empty()) return "";
    return fmt::format("SELECT {} FROM {} __p", fmt::join(select, ", "), from);
  }

  const std::string& dataset_;
  const Schema& input_;
  const Schema& declared_;
  CheckQuery query_;
  std::vector<size_t> casts_;
  std::vector<std::string> carried_;
};

}  // namespace

bool IsNativeRule(const std::string& kind) {
  return kind == "unique" || kind == "foreign_key";
}

std::string RuleContext(const std::string& dataset, const pipeline::RuleSpec& rule) {
  std::string out = fmt::format("checks.{}: rule {}", dataset, rule.Describe());
  if (rule.line > 0) out += fmt::format(" (line {})", rule.line);
  return out;
}

size_t ResolveColumn(const Schema& schema, const std::string& name, const std::string& dataset,
                     const pipeline::RuleSpec& rule) {
  std::vector<std::string> names;
  for (size_t c = 0; c < schema.size(); c++) {
    if (schema[c].name == name) return c;
    names.push_back(schema[c].name);
  }
  for (size_t c = 0; c < schema.size(); c++) {
    if (Lower(schema[c].name) == Lower(name)) return c;
  }
  std::string hint = ClosestMatch(name, names);
  throw Error::UserInput("{}: unknown column '{}' in '{}'{}", RuleContext(dataset, rule), name,
                         dataset,
                         hint.empty() ? fmt::format(" (columns: {})", fmt::join(names, ", "))
                                      : fmt::format(" (did you mean '{}'?)", hint));
}

CheckQuery BuildCheckQuery(const std::string& dataset, const Schema& input, const Schema& declared,
                           std::vector<RowRule> rules) {
  return QueryBuilder(dataset, input, declared, std::move(rules)).Build();
}

}  // namespace sluice::quality
