#include "expr/expression_executor.h"

#include <cstring>
#include <numeric>
#include <string_view>
#include <unordered_set>

#include "common/error.h"
#include "expr/cast.h"

namespace sluice {

// Membership set for `x IN (constants...)`, keyed by the physical value.
struct InSet {
  bool has_null = false;
  std::unordered_set<int64_t> ints;
  std::unordered_set<double> doubles;
  std::unordered_set<std::string_view> strings;
};

struct ExpressionExecutor::NodeState {
  std::vector<std::unique_ptr<NodeState>> children;
  std::vector<Vector> child_results;
  Vector constant;  // kConstant: built once
  bool constant_ready = false;
  std::unique_ptr<InSet> in_set;
  Vector branch;  // CASE/COALESCE branch results
  Vector condition;
  std::vector<sel_t> rows_a, pos_a, rows_b, pos_b, sub_rows, sub_pos;
};

namespace {

using NodeState = ExpressionExecutor::NodeState;

std::unique_ptr<NodeState> BuildState(const Expr& e) {
  auto st = std::make_unique<NodeState>();
  for (const auto& c : e.children) st->children.push_back(BuildState(*c));
  st->child_results.resize(e.children.size());
  return st;
}

size_t Capacity(size_t count) {
  return count > kChunkCapacity ? count : kChunkCapacity;
}

// Copies `count` values selected by `physical(i)` from `source` into flat `out` rows 0..count.
template <typename Index>
void GatherInto(const Vector& source, size_t count, Index physical, Vector& out) {
  size_t width = PhysicalSize(source.type());
  const uint8_t* in = source.raw_data();
  uint8_t* dst = out.raw_data();
  switch (width) {
    case 1:
      for (size_t i = 0; i < count; i++) dst[i] = in[physical(i)];
      break;
    case 4:
      for (size_t i = 0; i < count; i++) {
        reinterpret_cast<uint32_t*>(dst)[i] = reinterpret_cast<const uint32_t*>(in)[physical(i)];
      }
      break;
    case 8:
      for (size_t i = 0; i < count; i++) {
        reinterpret_cast<uint64_t*>(dst)[i] = reinterpret_cast<const uint64_t*>(in)[physical(i)];
      }
      break;
    case 16:
      for (size_t i = 0; i < count; i++) {
        reinterpret_cast<StringRef*>(dst)[i] = reinterpret_cast<const StringRef*>(in)[physical(i)];
      }
      break;
    default: break;
  }
  if (!source.AllValid()) {
    for (size_t i = 0; i < count; i++) {
      if (!source.IsValid(physical(i))) out.SetNull(i);
    }
  }
  if (source.type() == TypeId::kVarchar && source.shared_arena() != nullptr) {
    out.arena().Pin(source.shared_arena());
  }
}

// Writes value `j` of `source` (count-row result, flat or constant) to row `p` of `dst`.
void ScatterOne(const Vector& source, size_t j, Vector& dst, size_t p) {
  size_t idx = source.is_constant() ? 0 : j;
  if (!source.IsValid(idx)) {
    dst.SetNull(p);
    if (dst.type() == TypeId::kVarchar) dst.data<StringRef>()[p] = StringRef("", 0);
    return;
  }
  size_t width = PhysicalSize(source.type());
  std::memcpy(dst.raw_data() + p * width, source.raw_data() + idx * width, width);
}

void Eval(const Expr& e, NodeState& st, const DataChunk& input, const sel_t* rows, size_t count,
          Vector& result);

void EvalCase(const Expr& e, NodeState& st, const DataChunk& input, const sel_t* rows, size_t count,
              Vector& result) {
  result.Initialize(e.type, Capacity(count));
  // Rows still undecided: logical input rows and their output positions.
  st.rows_a.resize(count);
  st.pos_a.resize(count);
  for (size_t i = 0; i < count; i++) {
    st.rows_a[i] = rows ? rows[i] : static_cast<sel_t>(i);
    st.pos_a[i] = static_cast<sel_t>(i);
  }
  size_t remaining = count;
  size_t pairs = (e.children.size() - 1) / 2;
  auto run_branch = [&](size_t child, const sel_t* sub_rows, const sel_t* sub_pos, size_t n) {
    if (n == 0) return;
    Vector& branch = st.child_results[child];
    Eval(*e.children[child], *st.children[child], input, sub_rows, n, branch);
    if (branch.type() == TypeId::kVarchar && branch.shared_arena() != nullptr) {
      result.arena().Pin(branch.shared_arena());
    }
    for (size_t j = 0; j < n; j++) ScatterOne(branch, j, result, sub_pos[j]);
  };
  for (size_t p = 0; p < pairs && remaining > 0; p++) {
    Vector& cond = st.child_results[2 * p];
    Eval(*e.children[2 * p], *st.children[2 * p], input, st.rows_a.data(), remaining, cond);
    ColumnView view(cond, nullptr);
    st.sub_rows.resize(remaining);
    st.sub_pos.resize(remaining);
    st.rows_b.resize(remaining);
    st.pos_b.resize(remaining);
    size_t hit = 0, miss = 0;
    for (size_t i = 0; i < remaining; i++) {
      if (view.IsValid(i) && view.Get<uint8_t>(i) != 0) {
        st.sub_rows[hit] = st.rows_a[i];
        st.sub_pos[hit++] = st.pos_a[i];
      } else {
        st.rows_b[miss] = st.rows_a[i];
        st.pos_b[miss++] = st.pos_a[i];
      }
    }
    run_branch(2 * p + 1, st.sub_rows.data(), st.sub_pos.data(), hit);
    std::swap(st.rows_a, st.rows_b);
    std::swap(st.pos_a, st.pos_b);
    remaining = miss;
  }
  run_branch(e.children.size() - 1, st.rows_a.data(), st.pos_a.data(), remaining);
}

void EvalCoalesce(const Expr& e, NodeState& st, const DataChunk& input, const sel_t* rows,
                  size_t count, Vector& result) {
  result.Initialize(e.type, Capacity(count));
  st.rows_a.resize(count);
  st.pos_a.resize(count);
  for (size_t i = 0; i < count; i++) {
    st.rows_a[i] = rows ? rows[i] : static_cast<sel_t>(i);
    st.pos_a[i] = static_cast<sel_t>(i);
  }
  size_t remaining = count;
  for (size_t c = 0; c < e.children.size() && remaining > 0; c++) {
    Vector& branch = st.child_results[c];
    Eval(*e.children[c], *st.children[c], input, st.rows_a.data(), remaining, branch);
    if (branch.type() == TypeId::kVarchar && branch.shared_arena() != nullptr) {
      result.arena().Pin(branch.shared_arena());
    }
    st.rows_b.resize(remaining);
    st.pos_b.resize(remaining);
    size_t still_null = 0;
    for (size_t j = 0; j < remaining; j++) {
      size_t idx = branch.is_constant() ? 0 : j;
      if (branch.IsValid(idx)) {
        ScatterOne(branch, j, result, st.pos_a[j]);
      } else {
        st.rows_b[still_null] = st.rows_a[j];
        st.pos_b[still_null++] = st.pos_a[j];
      }
    }
    std::swap(st.rows_a, st.rows_b);
    std::swap(st.pos_a, st.pos_b);
    remaining = still_null;
  }
  for (size_t j = 0; j < remaining; j++) {
    result.SetNull(st.pos_a[j]);
    if (e.type == TypeId::kVarchar) result.data<StringRef>()[st.pos_a[j]] = StringRef("", 0);
  }
}

void BuildInSet(const Expr& e, NodeState& st) {
  auto set = std::make_unique<InSet>();
  for (size_t i = 1; i < e.children.size(); i++) {
    const Value& v = e.children[i]->constant;
    if (v.is_null()) {
      set->has_null = true;
      continue;
    }
    switch (v.type()) {
      case TypeId::kDouble: set->doubles.insert(v.double_value()); break;
      case TypeId::kVarchar: set->strings.insert(std::string_view(v.string_value())); break;
      default: set->ints.insert(v.int_value()); break;
    }
  }
  st.in_set = std::move(set);
}

void EvalIn(const Expr& e, NodeState& st, const DataChunk& input, const sel_t* rows, size_t count,
            Vector& result) {
  bool all_constant = true;
  for (size_t i = 1; i < e.children.size(); i++) {
    all_constant = all_constant && e.children[i]->kind == ExprKind::kConstant;
  }
  Vector& probe = st.child_results[0];
  Eval(*e.children[0], *st.children[0], input, rows, count, probe);
  result.Initialize(TypeId::kBoolean, Capacity(count));
  uint8_t* out = result.data<uint8_t>();
  ColumnView pv(probe, nullptr);
  TypeId type = e.children[0]->type;
  if (all_constant) {
    if (!st.in_set) BuildInSet(e, st);
    const InSet& set = *st.in_set;
    for (size_t i = 0; i < count; i++) {
      if (!pv.IsValid(i)) {
        result.SetNull(i);
        continue;
      }
      bool found;
      switch (type) {
        case TypeId::kDouble: found = set.doubles.count(pv.Get<double>(i)) > 0; break;
        case TypeId::kVarchar: found = set.strings.count(pv.Get<StringRef>(i).view()) > 0; break;
        case TypeId::kBoolean: found = set.ints.count(pv.Get<uint8_t>(i)) > 0; break;
        case TypeId::kInteger:
        case TypeId::kDate: found = set.ints.count(pv.Get<int32_t>(i)) > 0; break;
        default: found = set.ints.count(pv.Get<int64_t>(i)) > 0; break;
      }
      if (found) {
        out[i] = e.negated ? 0 : 1;
      } else if (set.has_null) {
        result.SetNull(i);
      } else {
        out[i] = e.negated ? 1 : 0;
      }
    }
    return;
  }
  // General form: compare with each evaluated item, SQL three-valued logic.
  std::vector<int8_t> state(count, 0);  // 0 = no match yet, 1 = match, 2 = saw NULL
  for (size_t c = 1; c < e.children.size(); c++) {
    Vector& item = st.child_results[c];
    Eval(*e.children[c], *st.children[c], input, rows, count, item);
    for (size_t i = 0; i < count; i++) {
      if (state[i] == 1) continue;
      Value a = probe.GetValue(probe.is_constant() ? 0 : i);
      Value b = item.GetValue(item.is_constant() ? 0 : i);
      if (a.is_null() || b.is_null()) {
        state[i] = 2;
      } else if (a.Compare(b) == 0) {
        state[i] = 1;
      }
    }
  }
  for (size_t i = 0; i < count; i++) {
    if (!pv.IsValid(i) || state[i] == 2) {
      result.SetNull(i);
    } else {
      out[i] = (state[i] == 1) != e.negated ? 1 : 0;
    }
  }
}

void EvalConjunction(const Expr& e, NodeState& st, const DataChunk& input, const sel_t* rows,
                     size_t count, Vector& result) {
  bool is_and = e.kind == ExprKind::kAnd;
  // 0 = false, 1 = true, 2 = NULL; start with the identity (true for AND, false for OR).
  result.Initialize(TypeId::kBoolean, Capacity(count));
  uint8_t* out = result.data<uint8_t>();
  std::vector<uint8_t> acc(count, is_and ? 1 : 0);
  for (size_t c = 0; c < e.children.size(); c++) {
    Vector& v = st.child_results[c];
    Eval(*e.children[c], *st.children[c], input, rows, count, v);
    ColumnView view(v, nullptr);
    for (size_t i = 0; i < count; i++) {
      uint8_t x = view.IsValid(i) ? (view.Get<uint8_t>(i) ? 1 : 0) : 2;
      uint8_t& a = acc[i];
      if (is_and) {
        if (a == 0 || x == 0) {
          a = 0;
        } else if (a == 2 || x == 2) {
          a = 2;
        }
      } else {
        if (a == 1 || x == 1) {
          a = 1;
        } else if (a == 2 || x == 2) {
          a = 2;
        }
      }
    }
  }
  for (size_t i = 0; i < count; i++) {
    if (acc[i] == 2) {
      result.SetNull(i);
    } else {
      out[i] = acc[i];
    }
  }
}

void ApplyDefaultNulls(const std::vector<Vector>& args, size_t count, Vector& result) {
  for (const auto& a : args) {
    if (a.AllValid()) continue;
    if (a.is_constant()) {
      if (!a.IsValid(0)) {
        for (size_t i = 0; i < count; i++) result.SetNull(i);
        if (result.type() == TypeId::kVarchar) {
          for (size_t i = 0; i < count; i++) result.data<StringRef>()[i] = StringRef("", 0);
        }
      }
      continue;
    }
    uint64_t* dst = result.mutable_validity_words();
    const uint64_t* src = a.validity_words();
    for (size_t w = 0; w < (count + 63) / 64; w++) dst[w] &= src[w];
    if (result.type() == TypeId::kVarchar) {
      for (size_t i = 0; i < count; i++) {
        if (!a.IsValid(i)) result.data<StringRef>()[i] = StringRef("", 0);
      }
    }
  }
}

void Eval(const Expr& e, NodeState& st, const DataChunk& input, const sel_t* rows, size_t count,
          Vector& result) {
  switch (e.kind) {
    case ExprKind::kColumnRef: {
      const Vector& col = input.column(e.column_index);
      if (col.is_constant() || (rows == nullptr && !input.has_selection())) {
        result.Reference(col);
        return;
      }
      result.Initialize(col.type(), Capacity(count));
      const sel_t* chunk_sel = input.sel();
      if (rows == nullptr) {
        GatherInto(
            col, count, [&](size_t i) { return chunk_sel[i]; }, result);
      } else if (chunk_sel == nullptr) {
        GatherInto(
            col, count, [&](size_t i) { return rows[i]; }, result);
      } else {
        GatherInto(
            col, count, [&](size_t i) { return chunk_sel[rows[i]]; }, result);
      }
      return;
    }
    case ExprKind::kConstant:
      if (!st.constant_ready) {
        st.constant = Vector::Constant(e.constant, e.type);
        st.constant_ready = true;
      }
      result.Reference(st.constant);
      return;
    case ExprKind::kFunction: {
      bool all_constant = !e.function->is_volatile;
      for (size_t c = 0; c < e.children.size(); c++) {
        Eval(*e.children[c], *st.children[c], input, rows, count, st.child_results[c]);
        all_constant = all_constant && st.child_results[c].is_constant();
      }
      size_t n = all_constant ? 1 : count;
      result.Initialize(e.type, Capacity(n));
      e.function->kernel(st.child_results, n, result, e.function_state.get());
      if (e.function->null_handling == NullHandling::kDefault) {
        ApplyDefaultNulls(st.child_results, n, result);
      }
      if (all_constant) result.SetConstant(true);
      return;
    }
    case ExprKind::kCast: {
      Vector& child = st.child_results[0];
      Eval(*e.children[0], *st.children[0], input, rows, count, child);
      if (child.type() == e.type) {
        result.Reference(child);
        return;
      }
      bool constant = child.is_constant();
      CastVector(child, constant ? 1 : count, e.type, e.try_cast, result);
      if (constant) result.SetConstant(true);
      return;
    }
    case ExprKind::kCase: EvalCase(e, st, input, rows, count, result); return;
    case ExprKind::kCoalesce: EvalCoalesce(e, st, input, rows, count, result); return;
    case ExprKind::kAnd:
    case ExprKind::kOr: EvalConjunction(e, st, input, rows, count, result); return;
    case ExprKind::kNot: {
      Vector& child = st.child_results[0];
      Eval(*e.children[0], *st.children[0], input, rows, count, child);
      size_t n = child.is_constant() ? 1 : count;
      result.Initialize(TypeId::kBoolean, Capacity(n));
      for (size_t i = 0; i < n; i++) {
        result.data<uint8_t>()[i] = child.data<uint8_t>()[i] ? 0 : 1;
        if (!child.IsValid(i)) result.SetNull(i);
      }
      if (child.is_constant()) result.SetConstant(true);
      return;
    }
    case ExprKind::kIsNull:
    case ExprKind::kIsNotNull: {
      Vector& child = st.child_results[0];
      Eval(*e.children[0], *st.children[0], input, rows, count, child);
      size_t n = child.is_constant() ? 1 : count;
      result.Initialize(TypeId::kBoolean, Capacity(n));
      bool want_null = e.kind == ExprKind::kIsNull;
      for (size_t i = 0; i < n; i++) {
        result.data<uint8_t>()[i] = (!child.IsValid(i)) == want_null ? 1 : 0;
      }
      if (child.is_constant()) result.SetConstant(true);
      return;
    }
    case ExprKind::kIn: EvalIn(e, st, input, rows, count, result); return;
  }
  throw Error::Internal("unknown expression kind");
}

}  // namespace

ExpressionExecutor::ExpressionExecutor(const std::vector<const Expr*>& expressions) {
  for (const Expr* e : expressions) AddExpression(e);
}
ExpressionExecutor::ExpressionExecutor() = default;
ExpressionExecutor::~ExpressionExecutor() = default;
ExpressionExecutor::ExpressionExecutor(ExpressionExecutor&&) noexcept = default;
ExpressionExecutor& ExpressionExecutor::operator=(ExpressionExecutor&&) noexcept = default;

void ExpressionExecutor::AddExpression(const Expr* expression) {
  roots_.push_back(expression);
  states_.push_back(BuildState(*expression));
}

void ExpressionExecutor::Execute(const DataChunk& input, size_t i, Vector& result) {
  Eval(*roots_[i], *states_[i], input, nullptr, input.size(), result);
}

void ExpressionExecutor::ExecuteAll(const DataChunk& input, DataChunk& output) {
  if (output.column_count() != roots_.size()) output.columns().resize(roots_.size());
  for (size_t i = 0; i < roots_.size(); i++) Execute(input, i, output.column(i));
  output.ClearSelection();
  output.SetSize(input.size());
}

size_t ExpressionExecutor::Select(const DataChunk& input, size_t i, sel_t* selected) {
  Vector result;
  Execute(input, i, result);
  ColumnView view(result, nullptr);
  size_t n = 0;
  size_t count = input.size();
  if (result.is_constant()) {
    if (!view.IsValid(0) || view.Get<uint8_t>(0) == 0) return 0;
    for (size_t r = 0; r < count; r++) selected[r] = static_cast<sel_t>(r);
    return count;
  }
  const uint8_t* data = result.data<uint8_t>();
  if (result.AllValid()) {
    for (size_t r = 0; r < count; r++) {
      selected[n] = static_cast<sel_t>(r);
      n += data[r] != 0;
    }
  } else {
    for (size_t r = 0; r < count; r++) {
      selected[n] = static_cast<sel_t>(r);
      n += (data[r] != 0) & result.IsValid(r);
    }
  }
  return n;
}

Value EvaluateConstant(const Expr& expression) {
  DataChunk empty;
  empty.SetSize(1);
  ExpressionExecutor executor({&expression});
  Vector result;
  executor.Execute(empty, 0, result);
  return result.GetValue(0);
}

}  // namespace sluice
