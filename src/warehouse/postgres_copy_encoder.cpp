#include "warehouse/postgres_copy_encoder.h"

#include <cstring>
#include <limits>

#include "common/error.h"

namespace sluice::warehouse {
namespace {

// Days and microseconds between 1970-01-01 (sluice's epoch) and 2000-01-01 (PostgreSQL's).
constexpr int64_t kEpochShiftDays = 10957;
constexpr int64_t kEpochShiftMicros = kEpochShiftDays * 86400LL * 1000000LL;

void PutInt16(int16_t value, std::string& out) {
  uint16_t be = __builtin_bswap16(static_cast<uint16_t>(value));
  out.append(reinterpret_cast<const char*>(&be), sizeof(be));
}

void PutInt32(int32_t value, std::string& out) {
  uint32_t be = __builtin_bswap32(static_cast<uint32_t>(value));
  out.append(reinterpret_cast<const char*>(&be), sizeof(be));
}

void PutInt64(int64_t value, std::string& out) {
  uint64_t be = __builtin_bswap64(static_cast<uint64_t>(value));
  out.append(reinterpret_cast<const char*>(&be), sizeof(be));
}

}  // namespace

PostgresCopyEncoder::PostgresCopyEncoder(Schema schema, std::string where, bool with_row_number)
    : schema_(std::move(schema)), where_(std::move(where)), with_row_number_(with_row_number) {}

void PostgresCopyEncoder::AppendHeader(std::string& out) const {
  static constexpr char kSignature[] = {'P',  'G',    'C',  'O',  'P', 'Y',
                                        '\n', '\377', '\r', '\n', '\0'};
  out.append(kSignature, sizeof(kSignature));
  PutInt32(0, out);  // flags: no OIDs
  PutInt32(0, out);  // no header extension
}

void PostgresCopyEncoder::AppendTrailer(std::string& out) const {
  PutInt16(-1, out);
}

void PostgresCopyEncoder::AppendChunk(const DataChunk& chunk, uint64_t first_row,
                                      std::string& out) const {
  size_t columns = schema_.size();
  std::vector<ColumnView> views;
  views.reserve(columns);
  for (size_t c = 0; c < columns; c++) views.emplace_back(chunk, c);
  auto fields = static_cast<int16_t>(columns + (with_row_number_ ? 1 : 0));
  for (size_t row = 0; row < chunk.size(); row++) {
    PutInt16(fields, out);
    for (size_t c = 0; c < columns; c++) {
      const ColumnView& view = views[c];
      TypeId type = schema_[c].type;
      if (type == TypeId::kNull || !view.IsValid(row)) {
        PutInt32(-1, out);
        continue;
      }
      switch (type) {
        case TypeId::kBoolean:
          PutInt32(1, out);
          out.push_back(view.Get<uint8_t>(row) != 0 ? 1 : 0);
          break;
        case TypeId::kInteger:
          PutInt32(4, out);
          PutInt32(view.Get<int32_t>(row), out);
          break;
        case TypeId::kBigint:
          PutInt32(8, out);
          PutInt64(view.Get<int64_t>(row), out);
          break;
        case TypeId::kDouble: {
          int64_t bits;
          double value = view.Get<double>(row);
          std::memcpy(&bits, &value, sizeof(bits));
          PutInt32(8, out);
          PutInt64(bits, out);
          break;
        }
        case TypeId::kVarchar: {
          std::string_view text = view.Get<StringRef>(row).view();
          PutInt32(static_cast<int32_t>(text.size()), out);
          out.append(text);
          break;
        }
        case TypeId::kDate: {
          int64_t days = int64_t{view.Get<int32_t>(row)} - kEpochShiftDays;
          if (days <= std::numeric_limits<int32_t>::min())
            throw Error::UserInput("{}: row {}, column '{}': date out of range for PostgreSQL",
                                   where_, first_row + row, schema_[c].name);
          PutInt32(4, out);
          PutInt32(static_cast<int32_t>(days), out);
          break;
        }
        case TypeId::kTimestamp: {
          int64_t micros = 0;
          if (__builtin_sub_overflow(view.Get<int64_t>(row), kEpochShiftMicros, &micros) ||
              micros == std::numeric_limits<int64_t>::min())
            throw Error::UserInput("{}: row {}, column '{}': timestamp out of range for PostgreSQL",
                                   where_, first_row + row, schema_[c].name);
          PutInt32(8, out);
          PutInt64(micros, out);
          break;
        }
        case TypeId::kNull: break;
      }
    }
    if (with_row_number_) {
      PutInt32(8, out);
      PutInt64(static_cast<int64_t>(first_row + row), out);
    }
  }
}

}  // namespace sluice::warehouse
