#include "expr/expression.h"

#include "common/error.h"

namespace sluice {

std::unique_ptr<Expr> Expr::Clone() const {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->type = type;
  e->name = name;
  e->column_index = column_index;
  e->constant = constant;
  e->function = function;
  e->function_state = function_state;
  e->try_cast = try_cast;
  e->negated = negated;
  for (const auto& c : children) e->children.push_back(c->Clone());
  return e;
}

std::string Expr::ToString(const std::vector<std::string>* column_names) const {
  auto child = [&](size_t i) { return children[i]->ToString(column_names); };
  auto join = [&](size_t from, const char* sep) {
    std::string s;
    for (size_t i = from; i < children.size(); i++) s += (i > from ? sep : "") + child(i);
    return s;
  };
  switch (kind) {
    case ExprKind::kColumnRef:
      if (column_names != nullptr && column_index < column_names->size()) {
        return (*column_names)[column_index];
      }
      return name.empty() ? "#" + std::to_string(column_index) : name;
    case ExprKind::kConstant: return constant.ToSqlLiteral();
    case ExprKind::kFunction: {
      const std::string& f = function->name;
      bool is_operator = !f.empty() && !std::isalpha(static_cast<unsigned char>(f[0]));
      if (is_operator && children.size() == 2) {
        std::string op = f == "~~"     ? "LIKE"
                         : f == "~~*"  ? "ILIKE"
                         : f == "!~~"  ? "NOT LIKE"
                         : f == "!~~*" ? "NOT ILIKE"
                                       : f;
        return "(" + child(0) + " " + op + " " + child(1) + ")";
      }
      if (f == "negate") return "(-" + child(0) + ")";
      return f + "(" + join(0, ", ") + ")";
    }
    case ExprKind::kCast:
      return std::string(try_cast ? "TRY_CAST(" : "CAST(") + child(0) + " AS " +
             std::string(TypeName(type)) + ")";
    case ExprKind::kCase: {
      std::string s = "CASE";
      size_t pairs = (children.size() - 1) / 2;
      for (size_t i = 0; i < pairs; i++) s += " WHEN " + child(2 * i) + " THEN " + child(2 * i + 1);
      return s + " ELSE " + child(children.size() - 1) + " END";
    }
    case ExprKind::kAnd: return "(" + join(0, " AND ") + ")";
    case ExprKind::kOr: return "(" + join(0, " OR ") + ")";
    case ExprKind::kNot: return "(NOT " + child(0) + ")";
    case ExprKind::kIsNull: return "(" + child(0) + " IS NULL)";
    case ExprKind::kIsNotNull: return "(" + child(0) + " IS NOT NULL)";
    case ExprKind::kIn:
      return "(" + child(0) + (negated ? " NOT IN (" : " IN (") + join(1, ", ") + "))";
    case ExprKind::kCoalesce: return "COALESCE(" + join(0, ", ") + ")";
  }
  return "?";
}

bool Expr::IsConstant() const {
  if (kind == ExprKind::kColumnRef) return false;
  if (kind == ExprKind::kFunction && function->is_volatile) return false;
  for (const auto& c : children) {
    if (!c->IsConstant()) return false;
  }
  return true;
}

bool Expr::Equals(const Expr& o) const {
  if (kind != o.kind || type != o.type || children.size() != o.children.size()) return false;
  switch (kind) {
    case ExprKind::kColumnRef:
      if (column_index != o.column_index) return false;
      break;
    case ExprKind::kConstant:
      if (constant.is_null() != o.constant.is_null() || constant.Compare(o.constant) != 0) {
        return false;
      }
      break;
    case ExprKind::kFunction:
      if (function != o.function) return false;
      break;
    case ExprKind::kCast:
      if (try_cast != o.try_cast) return false;
      break;
    case ExprKind::kIn:
      if (negated != o.negated) return false;
      break;
    default: break;
  }
  for (size_t i = 0; i < children.size(); i++) {
    if (!children[i]->Equals(*o.children[i])) return false;
  }
  return true;
}

void Expr::CollectColumns(std::vector<size_t>& out) const {
  if (kind == ExprKind::kColumnRef) out.push_back(column_index);
  for (const auto& c : children) c->CollectColumns(out);
}

void Expr::RemapColumns(const std::vector<size_t>& mapping) {
  if (kind == ExprKind::kColumnRef) {
    SLUICE_ASSERT(column_index < mapping.size());
    column_index = mapping[column_index];
  }
  for (auto& c : children) c->RemapColumns(mapping);
}

std::unique_ptr<Expr> Expr::ColumnRef(size_t index, TypeId type, std::string name) {
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::kColumnRef;
  e->column_index = index;
  e->type = type;
  e->name = std::move(name);
  return e;
}

std::unique_ptr<Expr> Expr::Constant(Value value) {
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::kConstant;
  e->type = value.type();
  e->constant = std::move(value);
  return e;
}

std::unique_ptr<Expr> Expr::Cast(std::unique_ptr<Expr> child, TypeId type, bool try_cast) {
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::kCast;
  e->type = type;
  e->try_cast = try_cast;
  e->name = child->name;
  e->children.push_back(std::move(child));
  return e;
}

std::unique_ptr<Expr> Expr::Function(const ScalarFunction* function,
                                     std::vector<std::unique_ptr<Expr>> args, std::string name) {
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::kFunction;
  e->function = function;
  e->type = function->return_type;
  e->children = std::move(args);
  e->name = std::move(name);
  if (function->build_state) {
    std::vector<const Value*> constants;
    for (const auto& c : e->children) {
      constants.push_back(c->kind == ExprKind::kConstant ? &c->constant : nullptr);
    }
    e->function_state = function->build_state(constants);
  }
  return e;
}

}  // namespace sluice
