// Concatenation: the || operator (NULL if either side is NULL, as DuckDB), concat(...)
// (NULL arguments skipped) and concat_ws(separator, ...). Non-text arguments are
// rendered with their canonical text (types/text_codec.h).
#include "expr/functions/builtin_functions.h"
#include "expr/functions/string_kernels.h"
#include "expr/functions/vector_loops.h"
#include "expr/scalar_function.h"
#include "types/text_codec.h"

namespace sluice::functions {
namespace {

// Appends the text of row `row` of `v` (valid) to `out`.
void AppendText(const Vector& v, size_t row, std::string& out) {
  switch (v.type()) {
    case TypeId::kNull: break;
    case TypeId::kBoolean: AppendBoolean(RowValue<uint8_t>(v, row) != 0, out); break;
    case TypeId::kInteger: AppendInt64(RowValue<int32_t>(v, row), out); break;
    case TypeId::kBigint: AppendInt64(RowValue<int64_t>(v, row), out); break;
    case TypeId::kDouble: AppendDouble(RowValue<double>(v, row), out); break;
    case TypeId::kVarchar: out.append(RowValue<StringRef>(v, row).view()); break;
    case TypeId::kDate: AppendDate(RowValue<int32_t>(v, row), out); break;
    case TypeId::kTimestamp: AppendTimestamp(RowValue<int64_t>(v, row), out); break;
  }
}

void ConcatOperatorKernel(const std::vector<Vector>& args, size_t count, Vector& result,
                          const void*) {
  std::string buffer;
  MapStrings(args, count, result, [&](size_t row) {
    buffer.clear();
    AppendText(args[0], row, buffer);
    AppendText(args[1], row, buffer);
    return std::string_view(buffer);
  });
}

void ConcatKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  StringRef* out = result.data<StringRef>();
  std::string buffer;
  for (size_t i = 0; i < count; i++) {
    buffer.clear();
    for (const Vector& arg : args) {
      if (RowValid(arg, i)) AppendText(arg, i, buffer);
    }
    out[i] = result.AddString(buffer);
  }
}

void ConcatWsKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  StringRef* out = result.data<StringRef>();
  std::string buffer;
  for (size_t i = 0; i < count; i++) {
    buffer.clear();
    if (!RowValid(args[0], i)) {
      out[i] = StringRef("", 0);
      result.SetNull(i);
      continue;
    }
    std::string_view separator = RowValue<StringRef>(args[0], i).view();
    bool first = true;
    for (size_t a = 1; a < args.size(); a++) {
      if (!RowValid(args[a], i)) continue;
      if (!first) buffer.append(separator);
      first = false;
      AppendText(args[a], i, buffer);
    }
    out[i] = result.AddString(buffer);
  }
}

}  // namespace

void RegisterConcatFunctions() {
  constexpr TypeId kVarchar = TypeId::kVarchar;
  constexpr TypeId kAny = TypeId::kNull;
  // The VARCHAR overload is registered first so it wins ties with the ANY one.
  ScalarFunctionRegistry::Register({.name = "||",
                                    .parameters = {kVarchar, kVarchar},
                                    .return_type = kVarchar,
                                    .kernel = ConcatOperatorKernel});
  ScalarFunctionRegistry::Register({.name = "||",
                                    .parameters = {kAny, kAny},
                                    .return_type = kVarchar,
                                    .kernel = ConcatOperatorKernel});
  ScalarFunctionRegistry::Register({.name = "concat",
                                    .parameters = {kAny},
                                    .varargs = kAny,
                                    .return_type = kVarchar,
                                    .kernel = ConcatKernel,
                                    .null_handling = NullHandling::kSpecial});
  ScalarFunctionRegistry::Register({.name = "concat_ws",
                                    .parameters = {kVarchar, kAny},
                                    .varargs = kAny,
                                    .return_type = kVarchar,
                                    .kernel = ConcatWsKernel,
                                    .null_handling = NullHandling::kSpecial});
}

}  // namespace sluice::functions
