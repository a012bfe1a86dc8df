#include "lineage/column_lineage.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "common/error.h"
#include "formats/table_source.h"
#include "plan/logical_operator.h"

namespace sluice::lineage {
namespace {

int Strength(EdgeKind kind) {
  return static_cast<int>(kind);
}

// The kind of a path: an outer expression applied to what an inner one produced.
// A plain reference keeps the inner kind; an expression over an aggregate stays an
// aggregate; an aggregate or window over anything is that aggregate or window.
EdgeKind Compose(EdgeKind outer, EdgeKind inner) {
  if (outer == EdgeKind::kDirect) return inner;
  if (inner == EdgeKind::kDirect) return outer;
  if (outer == EdgeKind::kDerived) return inner;
  return outer;
}

// Input columns keyed by (input, table, column); the value is the strongest kind seen.
using Origins = std::map<std::tuple<InputKind, std::string, std::string>, EdgeKind>;

void Merge(Origins& into, const Origins& from, EdgeKind outer) {
  for (const auto& [key, kind] : from) {
    EdgeKind composed = Compose(outer, kind);
    auto [it, inserted] = into.emplace(key, composed);
    if (!inserted && Strength(composed) > Strength(it->second)) it->second = composed;
  }
}

// Row influences keep their own kind (join or filter): the first one seen wins.
void MergeInfluence(Origins& into, const Origins& from, EdgeKind kind) {
  for (const auto& [key, unused] : from) into.emplace(key, kind);
}

// "read_csv(data/orders.csv and 2 more files)" -> "data/orders.csv".
std::string TableFunctionInput(const TableSource& source) {
  std::string text = source.Describe();
  size_t open = text.find('(');
  size_t close = text.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close <= open) return text;
  std::string inner = text.substr(open + 1, close - open - 1);
  for (std::string_view suffix : {std::string_view(", ..."), std::string_view(" more files")}) {
    if (inner.size() >= suffix.size() &&
        inner.compare(inner.size() - suffix.size(), suffix.size(), suffix) == 0) {
      inner.resize(inner.size() - suffix.size());
      if (suffix == " more files") {
        size_t and_pos = inner.rfind(" and ");
        if (and_pos != std::string::npos) inner.resize(and_pos);
      }
    }
  }
  return inner;
}

class PlanLineage {
 public:
  PlanLineage(const Session& session, const Session::BoundPlan& bound)
      : session_(session), bound_(bound) {}

  // Origins of each output column of `op`; row influences and inputs are gathered on the
  // side.
  std::vector<Origins> Visit(const LogicalOperator& op) {
    switch (op.kind) {
      case LogicalKind::kGet: return VisitGet(op);
      case LogicalKind::kChunkGet: return VisitChunkGet(op);
      case LogicalKind::kEmpty: return {};
      case LogicalKind::kProjection: {
        std::vector<Origins> input = Visit(*op.children[0]);
        std::vector<Origins> out;
        for (const auto& e : op.expressions) out.push_back(OfExpr(*e, input));
        return out;
      }
      case LogicalKind::kFilter: {
        std::vector<Origins> input = Visit(*op.children[0]);
        for (const auto& e : op.expressions) Influence(*e, input, EdgeKind::kFilter);
        return input;
      }
      case LogicalKind::kAggregate: return VisitAggregate(op);
      case LogicalKind::kOrder:
      case LogicalKind::kLimit:
      case LogicalKind::kCopy: return Visit(*op.children[0]);
      case LogicalKind::kJoin: return VisitJoin(op);
      case LogicalKind::kUnion: {
        std::vector<Origins> out(op.types.size());
        for (const auto& child : op.children) {
          std::vector<Origins> branch = Visit(*child);
          for (size_t i = 0; i < out.size() && i < branch.size(); i++) {
            Merge(out[i], branch[i], EdgeKind::kDirect);
          }
        }
        return out;
      }
      case LogicalKind::kWindow: return VisitWindow(op);
    }
    throw Error::Internal("lineage: unknown logical operator kind");
  }

  const Origins& influences() const { return influences_; }
  const Origins& inputs() const { return inputs_; }

 private:
  std::vector<Origins> VisitGet(const LogicalOperator& op) {
    InputKind input = InputKind::kTableFunction;
    std::string table;
    auto it = bound_.catalog_tables.find(op.source.get());
    if (it != bound_.catalog_tables.end()) {
      input = InputKind::kCatalogTable;
      table = it->second;
    } else {
      table = TableFunctionInput(*op.source);
    }
    inputs_.emplace(std::make_tuple(input, table, std::string()), EdgeKind::kDirect);
    const Schema& schema = op.source->schema();
    std::vector<Origins> out;
    for (size_t i = 0; i < op.column_ids.size(); i++) {
      size_t id = op.column_ids[i];
      std::string column = id < schema.size() ? schema[id].name : op.names[i];
      out.push_back(Origins{{{input, table, column}, EdgeKind::kDirect}});
    }
    for (const auto& e : op.expressions) Influence(*e, out, EdgeKind::kFilter);
    return out;
  }

  std::vector<Origins> VisitChunkGet(const LogicalOperator& op) {
    std::vector<Origins> out(op.types.size());
    // Rows held by the plan itself (VALUES) are constants; an in-session table is the
    // session's own data under that name.
    Session::TableData table = session_.GetTable(op.data_name);
    if (op.data_name.empty() || !table.data || table.data != op.data) return out;
    inputs_.emplace(std::make_tuple(InputKind::kSessionTable, op.data_name, std::string()),
                    EdgeKind::kDirect);
    // `FROM t AS x(a, b)` renames the columns in the plan; lineage names the table's own.
    for (size_t i = 0; i < out.size(); i++) {
      std::string column = i < table.schema.size() ? table.schema[i].name : op.names[i];
      out[i].emplace(std::make_tuple(InputKind::kSessionTable, op.data_name, column),
                     EdgeKind::kDirect);
    }
    return out;
  }

  std::vector<Origins> VisitAggregate(const LogicalOperator& op) {
    std::vector<Origins> input = Visit(*op.children[0]);
    std::vector<Origins> out;
    for (const auto& g : op.groups) out.push_back(OfExpr(*g, input));
    for (const auto& a : op.aggregates) {
      Origins origins;
      for (const auto& arg : a.arguments) Merge(origins, OfExpr(*arg, input), EdgeKind::kAggregate);
      if (a.filter) Merge(origins, OfExpr(*a.filter, input), EdgeKind::kAggregate);
      out.push_back(std::move(origins));
    }
    return out;
  }

  std::vector<Origins> VisitJoin(const LogicalOperator& op) {
    std::vector<Origins> left = Visit(*op.children[0]);
    std::vector<Origins> right = Visit(*op.children[1]);
    std::vector<Origins> both = left;
    both.insert(both.end(), right.begin(), right.end());
    bool semi = op.join_type == LogicalJoinType::kSemi || op.join_type == LogicalJoinType::kAnti;
    for (const auto& e : op.expressions) {
      Influence(*e, both, semi ? EdgeKind::kFilter : EdgeKind::kJoin);
    }
    return semi ? left : both;
  }

  std::vector<Origins> VisitWindow(const LogicalOperator& op) {
    std::vector<Origins> out = Visit(*op.children[0]);
    std::vector<Origins> input = out;
    for (const auto& call : op.window_calls) {
      Origins origins;
      for (const auto& arg : call.arguments) Merge(origins, OfExpr(*arg, input), EdgeKind::kWindow);
      for (const auto& p : call.partition_by) Merge(origins, OfExpr(*p, input), EdgeKind::kWindow);
      for (const auto& key : call.order_by) {
        Merge(origins, OfExpr(*key.expression, input), EdgeKind::kWindow);
      }
      out.push_back(std::move(origins));
    }
    return out;
  }

  Origins OfExpr(const Expr& e, const std::vector<Origins>& input) {
    Origins out;
    switch (e.kind) {
      case ExprKind::kColumnRef:
        if (e.column_index < input.size()) out = input[e.column_index];
        return out;
      case ExprKind::kConstant: return out;
      case ExprKind::kCast:
        for (const auto& c : e.children) Merge(out, OfExpr(*c, input), EdgeKind::kDirect);
        return out;
      default:
        for (const auto& c : e.children) Merge(out, OfExpr(*c, input), EdgeKind::kDerived);
        return out;
    }
  }

  void Influence(const Expr& e, const std::vector<Origins>& input, EdgeKind kind) {
    MergeInfluence(influences_, OfExpr(e, input), kind);
  }

  const Session& session_;
  const Session::BoundPlan& bound_;
  Origins influences_;
  Origins inputs_;
};

std::vector<ColumnSource> ToSources(const Origins& origins) {
  std::vector<ColumnSource> out;
  for (const auto& [key, kind] : origins) {
    out.push_back(ColumnSource{std::get<0>(key), std::get<1>(key), std::get<2>(key), kind});
  }
  return out;
}

}  // namespace

std::string_view EdgeKindName(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::kDirect: return "direct";
    case EdgeKind::kDerived: return "derived";
    case EdgeKind::kAggregate: return "aggregate";
    case EdgeKind::kWindow: return "window";
    case EdgeKind::kJoin: return "join";
    case EdgeKind::kFilter: return "filter";
  }
  return "derived";
}

EdgeKind ParseEdgeKind(std::string_view name) {
  for (auto kind : {EdgeKind::kDirect, EdgeKind::kDerived, EdgeKind::kAggregate, EdgeKind::kWindow,
                    EdgeKind::kJoin, EdgeKind::kFilter}) {
    if (EdgeKindName(kind) == name) return kind;
  }
  throw Error::UserInput(
      "unknown lineage edge kind '{}' (expected direct, derived, aggregate, window, join or "
      "filter)",
      name);
}

QueryLineage AnalyzeBoundPlan(const Session& session, const Session::BoundPlan& bound) {
  PlanLineage walker(session, bound);
  QueryLineage lineage;
  lineage.output_columns = bound.names;
  std::vector<Origins> columns = walker.Visit(*bound.plan);
  for (const auto& origins : columns) lineage.columns.push_back(ToSources(origins));
  lineage.columns.resize(lineage.output_columns.size());
  Origins influences = walker.influences();
  Origins inputs = walker.inputs();
  // An uncorrelated subquery (a constant once run) decides values or rows: everything it
  // reads is a filter-level influence.
  for (const auto& subquery : bound.subquery_plans) {
    PlanLineage inner(session, bound);
    for (const auto& origins : inner.Visit(*subquery)) {
      MergeInfluence(influences, origins, EdgeKind::kFilter);
    }
    MergeInfluence(influences, inner.influences(), EdgeKind::kFilter);
    for (const auto& [key, kind] : inner.inputs()) inputs.emplace(key, kind);
  }
  lineage.row_influences = ToSources(influences);
  lineage.tables = ToSources(inputs);
  return lineage;
}

QueryLineage ColumnLineage(Session& session, std::string_view query) {
  Session::BoundPlan bound = session.BindPlan(query);
  return AnalyzeBoundPlan(session, bound);
}

}  // namespace sluice::lineage
