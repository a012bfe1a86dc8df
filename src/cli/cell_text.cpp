#include "cli/cell_text.h"

#include "types/text_codec.h"

namespace sluice::cli {

bool AppendCellText(TypeId type, const ColumnView& view, size_t row, std::string& out) {
  if (type == TypeId::kNull || !view.IsValid(row)) return false;
  switch (type) {
    case TypeId::kNull: return false;
    case TypeId::kBoolean: AppendBoolean(view.Get<uint8_t>(row) != 0, out); break;
    case TypeId::kInteger: AppendInt64(view.Get<int32_t>(row), out); break;
    case TypeId::kBigint: AppendInt64(view.Get<int64_t>(row), out); break;
    case TypeId::kDouble: AppendDouble(view.Get<double>(row), out); break;
    case TypeId::kVarchar: {
      const StringRef& s = view.Get<StringRef>(row);
      out.append(s.data, s.size);
      break;
    }
    case TypeId::kDate: AppendDate(view.Get<int32_t>(row), out); break;
    case TypeId::kTimestamp: AppendTimestamp(view.Get<int64_t>(row), out); break;
  }
  return true;
}

bool IsNumberType(TypeId type) {
  return type == TypeId::kInteger || type == TypeId::kBigint || type == TypeId::kDouble;
}

}  // namespace sluice::cli
