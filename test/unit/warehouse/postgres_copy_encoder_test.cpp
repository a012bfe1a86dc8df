// The binary COPY bytes and warehouse URI descriptions, without a server.
#include "warehouse/postgres_copy_encoder.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "warehouse/warehouse.h"

namespace sluice::warehouse {
namespace {

std::string Hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : bytes) {
    hex += digits[c >> 4];
    hex += digits[c & 15];
  }
  return hex;
}

TEST(PostgresCopyEncoder, WritesHeaderTuplesAndTrailer) {
  Schema schema = {{"b", TypeId::kBoolean},
                   {"i", TypeId::kInteger},
                   {"d", TypeId::kDate},
                   {"s", TypeId::kVarchar},
                   {"ts", TypeId::kTimestamp}};
  DataChunk chunk;
  chunk.Initialize(
      {TypeId::kBoolean, TypeId::kInteger, TypeId::kDate, TypeId::kVarchar, TypeId::kTimestamp});
  chunk.column(0).SetValue(0, Value::Boolean(true));
  chunk.column(1).SetValue(0, Value::Integer(-2));
  chunk.column(2).SetValue(0, Value::Date(10958));  // 2000-01-02
  chunk.column(3).SetValue(0, Value::Varchar("hé"));
  chunk.column(4).SetValue(0, Value::Null(TypeId::kTimestamp));
  chunk.SetSize(1);
  PostgresCopyEncoder encoder(schema, "t", /*with_row_number=*/true);
  std::string out;
  encoder.AppendHeader(out);
  encoder.AppendChunk(chunk, 7, out);
  encoder.AppendTrailer(out);
  EXPECT_EQ(Hex(out),
            "5047434f50590aff0d0a00"    // signature
            "00000000"                  // flags
            "00000000"                  // header extension
            "0006"                      // fields: 5 columns and the row number
            "0000000101"                // true
            "00000004fffffffe"          // -2
            "0000000400000001"          // one day after 2000-01-01
            "0000000368c3a9"            // "hé"
            "ffffffff"                  // NULL
            "000000080000000000000007"  // row 7
            "ffff");                    // trailer
}

TEST(PostgresCopyEncoder, ATimestampPostgresCannotHoldIsAUserError) {
  Schema schema = {{"ts", TypeId::kTimestamp}};
  DataChunk chunk;
  chunk.Initialize({TypeId::kTimestamp});
  chunk.column(0).SetValue(0, Value::Timestamp(std::numeric_limits<int64_t>::min() + 5));
  chunk.SetSize(1);
  PostgresCopyEncoder encoder(schema, "warehouse table 't'", false);
  std::string out;
  try {
    encoder.AppendChunk(chunk, 41, out);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_NE(e.message().find("row 41, column 'ts'"), std::string::npos) << e.message();
  }
}

TEST(WarehouseUri, DescriptionsNeverHoldThePassword) {
  EXPECT_EQ(DescribeWarehouseUri("postgresql://loader:hunter2@db.example:6543/dw?sslmode=require"),
            "postgresql db.example:6543/dw");
  EXPECT_EQ(DescribeWarehouseUri("postgres://u@10.0.0.5/warehouse"),
            "postgresql 10.0.0.5:5432/warehouse");
  EXPECT_EQ(DescribeWarehouseUri("postgresql://u:hunter2@h/db?bogus_option=1").find("hunter2"),
            std::string::npos);
  EXPECT_EQ(DescribeWarehouseUri("./warehouse.db"), "sqlite ./warehouse.db");
}

}  // namespace
}  // namespace sluice::warehouse
