#include "lake/chunk_schema_adapter.h"

#include "catalog/schema_evolution.h"
#include "common/error.h"

namespace sluice::lake {

ChunkSchemaAdapter::ChunkSchemaAdapter(const Schema& source, const Schema& target,
                                       std::string_view context)
    : target_(target) {
  identity_ = source.size() == target.size();
  for (size_t t = 0; t < target.size(); t++) {
    std::optional<size_t> found;
    for (size_t s = 0; s < source.size(); s++) {
      if (source[s].name == target[t].name) found = s;
    }
    if (found && source[*found].type != target[t].type &&
        !catalog::IsAllowedWidening(source[*found].type, target[t].type)) {
      throw Error::UserInput("{}: column '{}' is {} in the data but {} in the table", context,
                             target[t].name, TypeName(source[*found].type),
                             TypeName(target[t].type));
    }
    identity_ = identity_ && found == t && source[*found].type == target[t].type;
    source_of_.push_back(found);
  }
  for (const Field& f : source) source_types_.push_back(f.type);
}

Vector WidenVector(const Vector& in, size_t rows, TypeId to) {
  Vector out(to, std::max<size_t>(rows, 1));
  ColumnView view(in, nullptr);
  for (size_t r = 0; r < rows; r++) {
    if (!view.IsValid(r)) {
      out.SetNull(r);
      continue;
    }
    int64_t v = in.type() == TypeId::kInteger ? view.Get<int32_t>(r) : view.Get<int64_t>(r);
    if (to == TypeId::kBigint) {
      out.data<int64_t>()[r] = v;
    } else {
      out.data<double>()[r] = static_cast<double>(v);
    }
  }
  return out;
}

void ChunkSchemaAdapter::Adapt(DataChunk& in, DataChunk& out) const {
  if (in.has_selection()) in.Flatten();
  size_t rows = in.size();
  out.columns().clear();
  out.columns().resize(target_.size());
  out.ClearSelection();
  for (size_t t = 0; t < target_.size(); t++) {
    const auto& source = source_of_[t];
    if (!source) {
      out.column(t) = Vector::Constant(Value::Null(target_[t].type), target_[t].type);
    } else if (source_types_[*source] == target_[t].type) {
      out.column(t).Reference(in.column(*source));
    } else {
      const Vector& column = in.column(*source);
      if (column.is_constant()) {
        Value v = column.GetValue(0);
        out.column(t) =
            Vector::Constant(v.is_null() ? Value::Null(target_[t].type) : v.CastTo(target_[t].type),
                             target_[t].type);
      } else {
        out.column(t) = WidenVector(column, rows, target_[t].type);
      }
    }
  }
  out.SetSize(rows);
}

}  // namespace sluice::lake
