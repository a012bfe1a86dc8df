// Binding of window function calls: f(args) OVER (PARTITION BY .. ORDER BY .. frame),
// OVER w for named windows, and aggregates used as window functions.
#include <algorithm>

#include "common/error.h"
#include "expr/aggregate_function.h"
#include "expr/expression_executor.h"
#include "sql/aggregate_binding.h"
#include "sql/binder.h"

namespace sluice {

using namespace sql;  // NOLINT: AST node names read better unqualified here

void RebaseWindowColumns(Expr& expr, size_t base) {
  if (expr.kind == ExprKind::kColumnRef && expr.column_index >= WindowBinding::kWindowColumnBase) {
    expr.column_index = base + (expr.column_index - WindowBinding::kWindowColumnBase);
  }
  for (auto& c : expr.children) RebaseWindowColumns(*c, base);
}

namespace {

struct RankingFunction {
  const char* name;
  WindowFunctionKind kind;
};

const RankingFunction kRankingFunctions[] = {
    {"row_number", WindowFunctionKind::kRowNumber},
    {"rank", WindowFunctionKind::kRank},
    {"dense_rank", WindowFunctionKind::kDenseRank},
    {"percent_rank", WindowFunctionKind::kPercentRank},
    {"cume_dist", WindowFunctionKind::kCumeDist},
    {"ntile", WindowFunctionKind::kNtile},
    {"lag", WindowFunctionKind::kLag},
    {"lead", WindowFunctionKind::kLead},
    {"first_value", WindowFunctionKind::kFirstValue},
    {"last_value", WindowFunctionKind::kLastValue},
    {"nth_value", WindowFunctionKind::kNthValue},
};

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

ExprPtr Binder::BindWindowCall(const FunctionExpr& e, ExpressionScope& scope) {
  std::string name = Lower(e.function_name());
  if (scope.windows == nullptr) {
    Fail(e.position, fmt::format("window function '{}' is not allowed in {} (use QUALIFY, or a "
                                 "subquery)",
                                 name, *scope.clause ? scope.clause : "this context"));
  }
  WindowBinding& wb = *scope.windows;
  std::string key = e.ToString();
  for (size_t i = 0; i < wb.keys.size(); i++) {
    if (wb.keys[i] == key)
      return Expr::ColumnRef(WindowBinding::kWindowColumnBase + i, wb.calls[i].type, key);
  }
  ExpressionScope inner = scope;
  inner.windows = nullptr;
  inner.clause = "a window function";
  inner.from_plan = nullptr;
  inner.mutable_context = nullptr;

  // The window specification, possibly based on a named window.
  const WindowSpec& spec = *e.window;
  const WindowSpec* base = nullptr;
  if (!spec.base_name.empty()) {
    if (wb.named != nullptr) {
      for (const auto& w : *wb.named) {
        if (w.name == spec.base_name) base = &w.spec;
      }
    }
    if (base == nullptr) Fail(spec.position, fmt::format("unknown window '{}'", spec.base_name));
  }
  const auto& partition_source =
      base && spec.partition_by.empty() ? base->partition_by : spec.partition_by;
  const auto& order_source = base && spec.order_by.empty() ? base->order_by : spec.order_by;
  const sql::WindowFrame* frame =
      spec.frame ? spec.frame.get() : (base ? base->frame.get() : nullptr);

  WindowCall call;
  call.name = key;
  for (const auto& p : partition_source) call.partition_by.push_back(BindExpression(*p, inner));
  for (const auto& o : order_source) {
    if (!o.expr) Fail(o.position, "ORDER BY ALL is not valid in a window");
    SortKey k;
    k.expression = BindExpression(*o.expr, inner);
    k.descending = o.direction == OrderDirection::kDescending;
    k.nulls_first = o.nulls == NullsOrder::kFirst;
    call.order_by.push_back(std::move(k));
  }
  if (frame != nullptr) {
    if (frame->unit == sql::FrameUnit::kGroups) Fail(spec.position, "not supported: GROUPS frames");
    call.frame.unit =
        frame->unit == sql::FrameUnit::kRows ? sluice::FrameUnit::kRows : sluice::FrameUnit::kRange;
    call.frame.explicit_frame = true;
    auto bound = [&](const sql::FrameBound& b) {
      sluice::FrameBound out;
      switch (b.kind) {
        case sql::FrameBoundKind::kUnboundedPreceding:
          out.kind = sluice::FrameBoundKind::kUnboundedPreceding;
          break;
        case sql::FrameBoundKind::kPreceding: out.kind = sluice::FrameBoundKind::kPreceding; break;
        case sql::FrameBoundKind::kCurrentRow:
          out.kind = sluice::FrameBoundKind::kCurrentRow;
          break;
        case sql::FrameBoundKind::kFollowing: out.kind = sluice::FrameBoundKind::kFollowing; break;
        case sql::FrameBoundKind::kUnboundedFollowing:
          out.kind = sluice::FrameBoundKind::kUnboundedFollowing;
          break;
      }
      if (b.offset) {
        Value v = BindConstant(*b.offset, "a window frame offset");
        Value n = v.TryCastTo(TypeId::kBigint);
        if (n.is_null() || n.int_value() < 0) {
          Fail(b.offset->position,
               fmt::format("a window frame offset must be a non-negative integer, got {}",
                           v.ToSqlLiteral()));
        }
        out.offset = n.int_value();
      }
      return out;
    };
    call.frame.start = bound(frame->start);
    call.frame.end = bound(frame->end);
  }
  if (e.filter) Fail(e.filter->position, "not supported: FILTER on window functions");
  call.ignore_nulls = e.ignore_nulls;
  call.distinct = e.distinct;
  std::vector<ExprPtr> args;
  for (const auto& a : e.args) {
    if (ContainsWindow(*a)) Fail(a->position, "window function calls cannot be nested");
    args.push_back(BindExpression(*a, inner));
  }
  bool ranking = false;
  for (const auto& r : kRankingFunctions) {
    if (name == r.name) {
      call.kind = r.kind;
      ranking = true;
    }
  }
  auto want_args = [&](size_t min, size_t max) {
    if (args.size() < min || args.size() > max) {
      Fail(e.position, fmt::format("{}() takes {} argument{}", name,
                                   min == max ? std::to_string(min)
                                              : std::to_string(min) + " to " + std::to_string(max),
                                   max == 1 ? "" : "s"));
    }
  };
  if (ranking) {
    switch (call.kind) {
      case WindowFunctionKind::kRowNumber:
      case WindowFunctionKind::kRank:
      case WindowFunctionKind::kDenseRank:
        want_args(0, 0);
        call.type = TypeId::kBigint;
        break;
      case WindowFunctionKind::kPercentRank:
      case WindowFunctionKind::kCumeDist:
        want_args(0, 0);
        call.type = TypeId::kDouble;
        break;
      case WindowFunctionKind::kNtile:
        want_args(1, 1);
        args[0] = CastTo(std::move(args[0]), TypeId::kBigint, e.position);
        call.type = TypeId::kBigint;
        break;
      case WindowFunctionKind::kLag:
      case WindowFunctionKind::kLead:
        want_args(1, 3);
        call.type = args[0]->type;
        if (args.size() >= 2) args[1] = CastTo(std::move(args[1]), TypeId::kBigint, e.position);
        if (args.size() == 3) {
          auto common = CommonSupertype(call.type, args[2]->type);
          if (!common) {
            Fail(e.args[2]->position,
                 fmt::format("{}() default of type {} does not match {}", name,
                             ::sluice::TypeName(args[2]->type), ::sluice::TypeName(call.type)));
          }
          call.type = *common;
          args[0] = CastTo(std::move(args[0]), call.type, e.position);
          args[2] = CastTo(std::move(args[2]), call.type, e.position);
        }
        break;
      case WindowFunctionKind::kFirstValue:
      case WindowFunctionKind::kLastValue:
        want_args(1, 1);
        call.type = args[0]->type;
        break;
      case WindowFunctionKind::kNthValue:
        want_args(2, 2);
        call.type = args[0]->type;
        args[1] = CastTo(std::move(args[1]), TypeId::kBigint, e.position);
        break;
      default: break;
    }
  } else {
    std::string function_name = name;
    if (e.star) {
      if (name != "count") Fail(e.position, fmt::format("{}(*) is not valid; only count(*)", name));
      function_name = "count_star";
    }
    if (!AggregateFunctionRegistry::Exists(function_name)) {
      std::vector<std::string> names;
      for (const auto& r : kRankingFunctions) names.emplace_back(r.name);
      for (const auto& n : AggregateFunctionRegistry::Names()) names.push_back(n);
      std::string suggestion = ClosestMatch(name, names);
      Fail(e.position,
           fmt::format("unknown window function '{}'{}", name,
                       suggestion.empty() ? "" : " (did you mean '" + suggestion + "'?)"));
    }
    std::vector<TypeId> types;
    for (const auto& a : args) types.push_back(a->type);
    auto resolved = AggregateFunctionRegistry::Resolve(function_name, types);
    if (!resolved) {
      std::string candidates;
      for (const auto& sig : AggregateFunctionRegistry::Signatures(function_name))
        candidates += "\n  " + sig;
      Fail(e.position,
           fmt::format("no aggregate function matches {}; candidates are:{}", key, candidates));
    }
    for (size_t i = 0; i < args.size(); i++) {
      args[i] = CastTo(std::move(args[i]), resolved->argument_types[i], e.position);
    }
    call.kind = WindowFunctionKind::kAggregate;
    call.aggregate = resolved->function;
    call.type = resolved->function->return_type;
  }
  call.arguments = std::move(args);
  TypeId type = call.type;
  wb.calls.push_back(std::move(call));
  wb.keys.push_back(key);
  return Expr::ColumnRef(WindowBinding::kWindowColumnBase + wb.calls.size() - 1, type, key);
}

}  // namespace sluice
