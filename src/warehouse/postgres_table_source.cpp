#include "warehouse/postgres_table_source.h"

#include <cstring>
#include <limits>
#include <mutex>

#include "common/error.h"
#include "postgres/postgres_connection.h"
#include "warehouse/load_request.h"

namespace sluice::warehouse {
namespace {

using postgres::PostgresConnection;
using postgres::PostgresResult;

constexpr int64_t kEpochShiftDays = 10957;  // 1970-01-01 -> 2000-01-01
constexpr int64_t kEpochShiftMicros = kEpochShiftDays * 86400LL * 1000000LL;
constexpr size_t kCopyHeaderBytes = 19;  // signature, flags, extension length

struct SourceColumn {
  std::string name;
  TypeId type;
  std::string select;  // the expression that yields the value in that type's binary form
};

SourceColumn MapColumn(const std::string& name, const std::string& pg_type) {
  std::string quoted = QuoteIdentifier(name);
  auto starts = [&](std::string_view prefix) { return pg_type.rfind(prefix, 0) == 0; };
  if (pg_type == "boolean") return {name, TypeId::kBoolean, quoted};
  if (pg_type == "smallint" || pg_type == "integer")
    return {name, TypeId::kInteger, quoted + "::integer"};
  if (pg_type == "bigint") return {name, TypeId::kBigint, quoted};
  if (pg_type == "real" || pg_type == "double precision" || starts("numeric"))
    return {name, TypeId::kDouble, quoted + "::double precision"};
  if (pg_type == "date") return {name, TypeId::kDate, quoted};
  if (starts("timestamp") && pg_type.find("with time zone") != std::string::npos &&
      pg_type.find("without") == std::string::npos)
    return {name, TypeId::kTimestamp, "(" + quoted + " AT TIME ZONE 'UTC')"};
  if (starts("timestamp")) return {name, TypeId::kTimestamp, quoted + "::timestamp"};
  return {name, TypeId::kVarchar, quoted + "::text"};
}

uint16_t ReadUint16(const char* p) {
  uint16_t v;
  std::memcpy(&v, p, 2);
  return __builtin_bswap16(v);
}
uint32_t ReadUint32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return __builtin_bswap32(v);
}
uint64_t ReadUint64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return __builtin_bswap64(v);
}

class PostgresTableScan final : public SourceScan {
 public:
  PostgresTableScan(const std::string& uri, std::string where, std::vector<SourceColumn> columns,
                    const std::string& qualified)
      : connection_(uri, "warehouse"), where_(std::move(where)), columns_(std::move(columns)) {
    std::string select;
    for (const SourceColumn& column : columns_)
      select += (select.empty() ? "" : ", ") + column.select;
    connection_.CopyOutStart(
        "COPY (SELECT " + select + " FROM " + qualified + ") TO STDOUT (FORMAT binary)", where_);
    for (const SourceColumn& column : columns_) types_.push_back(column.type);
  }

  std::unique_ptr<SourceLocalState> InitLocal() override {
    return std::make_unique<SourceLocalState>();
  }
  size_t MaxThreads() const override { return 1; }

  bool Next(SourceLocalState& local, DataChunk& out) override {
    std::lock_guard<std::mutex> lock(mutex_);
    local.batch_index = 0;
    if (done_) return false;
    out.Initialize(types_);
    size_t rows = 0;
    while (rows < kChunkCapacity && DecodeRow(out, rows)) rows++;
    out.SetSize(rows);
    return rows > 0;
  }

 private:
  // Makes `bytes` unread bytes available; false at the end of the data.
  bool Fill(size_t bytes) {
    while (buffer_.size() - offset_ < bytes) {
      if (offset_ > (1 << 20)) {
        buffer_.erase(0, offset_);
        offset_ = 0;
      }
      if (!connection_.CopyGet(buffer_, where_)) return false;
    }
    return true;
  }

  [[noreturn]] void Malformed() const {
    throw Error::Internal("{}: unexpected binary COPY data from the server", where_);
  }

  // Decodes one tuple into row `row` of `out`; false at the trailer.
  bool DecodeRow(DataChunk& out, size_t row) {
    if (!header_read_) {
      if (!Fill(kCopyHeaderBytes)) Malformed();
      uint32_t extension = ReadUint32(buffer_.data() + offset_ + 15);
      if (!Fill(kCopyHeaderBytes + extension)) Malformed();
      offset_ += kCopyHeaderBytes + extension;
      header_read_ = true;
    }
    if (!Fill(2)) Malformed();
    auto fields = static_cast<int16_t>(ReadUint16(buffer_.data() + offset_));
    offset_ += 2;
    if (fields == -1) {
      while (connection_.CopyGet(buffer_, where_)) {
      }
      done_ = true;
      return false;
    }
    if (static_cast<size_t>(fields) != columns_.size()) Malformed();
    row_number_++;
    for (size_t c = 0; c < columns_.size(); c++) {
      if (!Fill(4)) Malformed();
      auto length = static_cast<int32_t>(ReadUint32(buffer_.data() + offset_));
      offset_ += 4;
      Vector& vector = out.column(c);
      if (length < 0) {
        vector.SetNull(row);
        continue;
      }
      if (!Fill(static_cast<size_t>(length))) Malformed();
      DecodeValue(c, buffer_.data() + offset_, static_cast<size_t>(length), vector, row);
      offset_ += static_cast<size_t>(length);
    }
    return true;
  }

  void DecodeValue(size_t c, const char* p, size_t length, Vector& vector, size_t row) {
    switch (columns_[c].type) {
      case TypeId::kBoolean: vector.data<uint8_t>()[row] = *p != 0 ? 1 : 0; break;
      case TypeId::kInteger:
        vector.data<int32_t>()[row] = static_cast<int32_t>(ReadUint32(p));
        break;
      case TypeId::kBigint:
        vector.data<int64_t>()[row] = static_cast<int64_t>(ReadUint64(p));
        break;
      case TypeId::kDouble: {
        uint64_t bits = ReadUint64(p);
        std::memcpy(&vector.data<double>()[row], &bits, sizeof(double));
        break;
      }
      case TypeId::kDate: {
        auto days = static_cast<int32_t>(ReadUint32(p));
        if (days == std::numeric_limits<int32_t>::max() ||
            days == std::numeric_limits<int32_t>::min())
          Infinite(c);
        vector.data<int32_t>()[row] = static_cast<int32_t>(days + kEpochShiftDays);
        break;
      }
      case TypeId::kTimestamp: {
        auto micros = static_cast<int64_t>(ReadUint64(p));
        int64_t shifted = 0;
        if (micros == std::numeric_limits<int64_t>::max() ||
            micros == std::numeric_limits<int64_t>::min() ||
            __builtin_add_overflow(micros, kEpochShiftMicros, &shifted))
          Infinite(c);
        vector.data<int64_t>()[row] = shifted;
        break;
      }
      default: vector.data<StringRef>()[row] = vector.AddString(std::string_view(p, length)); break;
    }
  }

  [[noreturn]] void Infinite(size_t c) const {
    throw Error::UserInput(
        "{}: row {}, column '{}': infinite or out-of-range value (sluice has "
        "no infinity); filter it out in PostgreSQL",
        where_, row_number_, columns_[c].name);
  }

  std::mutex mutex_;
  PostgresConnection connection_;
  std::string where_;
  std::vector<SourceColumn> columns_;
  std::vector<TypeId> types_;
  std::string buffer_;
  size_t offset_ = 0;
  bool header_read_ = false;
  bool done_ = false;
  uint64_t row_number_ = 0;
};

class PostgresTableSource final : public TableSource {
 public:
  PostgresTableSource(std::string uri, std::string table) : uri_(std::move(uri)) {
    TableName name = ParseTableName(table);
    display_ = name.Display();
    qualified_ = (name.schema.empty() ? "" : QuoteIdentifier(name.schema) + ".") +
                 QuoteIdentifier(name.name);
    PostgresConnection connection(uri_, "warehouse");
    where_ = "read_postgres: table '" + display_ + "' (postgresql " + connection.Describe() + ")";
    PostgresResult columns = connection.Execute(
        "SELECT to_regclass($1) IS NOT NULL, a.attname, format_type(a.atttypid, a.atttypmod) "
        "FROM (SELECT 1) one LEFT JOIN pg_attribute a ON a.attrelid = to_regclass($1) AND "
        "a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        {qualified_}, where_);
    if (columns.rows() == 0 || columns.Text(0, 0) != "t")
      throw Error::UserInput("{}: no such table (or no privilege to see it)", where_);
    for (int row = 0; row < columns.rows(); row++) {
      if (columns.IsNull(row, 1)) continue;
      columns_.push_back(MapColumn(columns.Text(row, 1), columns.Text(row, 2)));
      schema_.push_back({columns_.back().name, columns_.back().type});
    }
  }

  const Schema& schema() const override { return schema_; }

  std::unique_ptr<SourceScan> Scan(const ScanRequest& request) override {
    std::vector<SourceColumn> wanted;
    for (size_t index : request.columns) wanted.push_back(columns_.at(index));
    return std::make_unique<PostgresTableScan>(uri_, where_, std::move(wanted), qualified_);
  }

  std::string Describe() const override { return "read_postgres(" + display_ + ")"; }

 private:
  std::string uri_;
  std::string display_;
  std::string qualified_;
  std::string where_;
  std::vector<SourceColumn> columns_;
  Schema schema_;
};

std::string PositionalString(const Options& options, size_t index, const char* what) {
  const auto& positional = options.positional();
  if (positional.size() <= index || positional[index].kind != OptionValue::Kind::kScalar ||
      positional[index].scalar.is_null() || positional[index].scalar.type() != TypeId::kVarchar)
    throw Error::UserInput(
        "read_postgres: expects {} as argument {}, e.g. "
        "read_postgres('postgresql://user@host:5432/db', 'analytics.daily_revenue')",
        what, index + 1);
  return positional[index].scalar.string_value();
}

std::unique_ptr<TableSource> MakePostgresSource(Options& options) {
  std::string uri = PositionalString(options, 0, "a postgresql:// URI");
  std::string table = PositionalString(options, 1, "a table name");
  if (options.positional().size() > 2)
    throw Error::UserInput("read_postgres: takes two arguments (the URI and the table)");
  options.CheckAllTaken({});
  if (uri.rfind("postgresql://", 0) != 0 && uri.rfind("postgres://", 0) != 0)
    throw Error::UserInput("read_postgres: the first argument must be a postgresql:// URI");
  return OpenPostgresTable(uri, table);
}

}  // namespace

std::unique_ptr<TableSource> OpenPostgresTable(const std::string& uri, const std::string& table) {
  return std::make_unique<PostgresTableSource>(uri, table);
}

void RegisterPostgresTableFunction() {
  static std::once_flag once;
  std::call_once(once,
                 [] { TableFunctionRegistry::Register("read_postgres", &MakePostgresSource); });
}

}  // namespace sluice::warehouse
