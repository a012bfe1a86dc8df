// What the SQLite warehouse stores: table naming, storage classes, value text.
#include "warehouse/sqlite_warehouse.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "common/error.h"
#include "types/text_codec.h"
#include "warehouse/warehouse.h"
#include "warehouse_test_support.h"

namespace sluice::warehouse::testing {
namespace {

class SqliteWarehouseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_ = &SqliteTestBackend();
    backend_->Clean();
    warehouse_ = OpenWarehouse(backend_->Uri());
  }
  Backend* backend_ = nullptr;
  std::unique_ptr<Warehouse> warehouse_;
};

TEST_F(SqliteWarehouseTest, EveryTypeRoundTripsWithNulls) {
  Schema schema = {{"b", TypeId::kBoolean},   {"i", TypeId::kInteger}, {"l", TypeId::kBigint},
                   {"d", TypeId::kDouble},    {"s", TypeId::kVarchar}, {"day", TypeId::kDate},
                   {"ts", TypeId::kTimestamp}};
  int32_t day = 0;
  int64_t ts = 0, ts2 = 0;
  ASSERT_TRUE(ParseDate("2024-02-29", &day));
  ASSERT_TRUE(ParseTimestamp("2024-02-29 13:45:01.250000", &ts));
  ASSERT_TRUE(ParseTimestamp("1969-12-31 23:59:59", &ts2));
  std::vector<Row> rows = {
      {Value::Boolean(true), Value::Integer(-7), Value::Bigint(9007199254740993),
       Value::Double(0.1), Value::Varchar("it's \"quoted\" | déjà vu ✓"), Value::Date(day),
       Value::Timestamp(ts)},
      {Value::Boolean(false), Value::Integer(2147483647), Value::Bigint(-1), Value::Double(-1e300),
       Value::Varchar(""), Value::Date(-1), Value::Timestamp(ts2)},
      {Value::Null(), Value::Null(), Value::Null(), Value::Null(), Value::Null(), Value::Null(),
       Value::Null()},
  };
  LoadRequest request{.table = "analytics.types",
                      .schema = schema,
                      .mode = LoadMode::kAppend,
                      .key = {},
                      .pipeline = "p",
                      .run_id = "r",
                      .sink = "s"};
  ChunkFeed feed(schema, rows, 2);
  EXPECT_EQ(warehouse_->Load(request, feed.Producer()).rows_loaded, 3u);
  auto stored = backend_->Query(
      "SELECT b, i, l, d, s, day, ts, typeof(b), typeof(l), typeof(d), typeof(day), typeof(ts) "
      "FROM \"analytics.types\" ORDER BY rowid");
  ASSERT_EQ(stored.size(), 3u);
  EXPECT_EQ(stored[0],
            "1|-7|9007199254740993|0.1|it's \"quoted\" | déjà vu ✓|2024-02-29|2024-02-29 "
            "13:45:01.25|integer|integer|real|text|text");
  EXPECT_EQ(stored[1],
            "0|2147483647|-1|-1.0e+300||1969-12-31|1969-12-31 23:59:59|integer|integer|real|text|"
            "text");
  EXPECT_EQ(stored[2], "NULL|NULL|NULL|NULL|NULL|NULL|NULL|null|null|null|null|null");
  // The double is stored exactly (not through text).
  EXPECT_EQ(backend_->Query("SELECT count(*) FROM \"analytics.types\" WHERE d = 0.1"),
            (std::vector<std::string>{"1"}));
}

TEST_F(SqliteWarehouseTest, TablesAreNamedSchemaDotNameAndMergeTablesHaveAPrimaryKey) {
  Schema schema = {
      {"region", TypeId::kVarchar}, {"day", TypeId::kDate}, {"amount", TypeId::kDouble}};
  LoadRequest request{.table = "analytics.daily_revenue",
                      .schema = schema,
                      .mode = LoadMode::kMerge,
                      .key = {"day", "region"},
                      .pipeline = "p",
                      .run_id = "r",
                      .sink = "s"};
  ChunkFeed feed(schema, {{Value::Varchar("EU"), Value::Date(0), Value::Double(1)}});
  warehouse_->Load(request, feed.Producer());
  EXPECT_EQ(backend_->Query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"),
            (std::vector<std::string>{"_sluice_load_ledger", "analytics.daily_revenue"}));
  EXPECT_EQ(
      backend_->Query("SELECT name, type, pk FROM pragma_table_info('analytics.daily_revenue')"),
      (std::vector<std::string>{"region|TEXT|2", "day|TEXT|1", "amount|REAL|0"}));
  EXPECT_EQ(backend_->Query("SELECT pipeline, run_id, sink, table_name, mode, rows FROM "
                            "_sluice_load_ledger"),
            (std::vector<std::string>{"p|r|s|analytics.daily_revenue|merge|1"}));
}

TEST_F(SqliteWarehouseTest, AppendingADuplicateIntoAKeyedTableNamesTheRow) {
  Schema schema = {{"id", TypeId::kBigint}};
  LoadRequest request{.table = "t",
                      .schema = schema,
                      .mode = LoadMode::kMerge,
                      .key = {"id"},
                      .pipeline = "p",
                      .run_id = "r1",
                      .sink = "s"};
  ChunkFeed first(schema, {{Value::Bigint(1)}, {Value::Bigint(2)}});
  warehouse_->Load(request, first.Producer());
  request.mode = LoadMode::kAppend;
  request.run_id = "r2";
  ChunkFeed second(schema, {{Value::Bigint(3)}, {Value::Bigint(2)}});
  try {
    warehouse_->Load(request, second.Producer());
    FAIL() << "expected a constraint error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_NE(e.message().find("row 2"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("UNIQUE"), std::string::npos) << e.message();
  }
  EXPECT_EQ(backend_->Query("SELECT count(*) FROM t"), (std::vector<std::string>{"2"}));
}

TEST_F(SqliteWarehouseTest, BadTableNamesAreUserErrors) {
  Schema schema = {{"id", TypeId::kBigint}};
  for (const char* name : {"", "a.b.c", ".x", "x.", "a\"b"}) {
    LoadRequest request{.table = name, .schema = schema};
    ChunkFeed feed(schema, {});
    try {
      warehouse_->Load(request, feed.Producer());
      FAIL() << "expected an error for '" << name << "'";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kUserInput) << e.message();
    }
  }
}

TEST_F(SqliteWarehouseTest, ALockedDatabaseIsRetryable) {
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(backend_->Uri().c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  SqliteWarehouse warehouse(backend_->Uri(), /*busy_timeout_ms=*/50);
  Schema schema = {{"id", TypeId::kBigint}};
  LoadRequest request{.table = "t",
                      .schema = schema,
                      .mode = LoadMode::kAppend,
                      .key = {},
                      .pipeline = "p",
                      .run_id = "r1",
                      .sink = "s"};
  ChunkFeed feed(schema, {{Value::Bigint(1)}});
  try {
    warehouse.Load(request, feed.Producer());
    ADD_FAILURE() << "loaded into a locked database";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kRetryable) << e.message();
  }
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  ChunkFeed retry(schema, {{Value::Bigint(1)}});
  EXPECT_EQ(warehouse.Load(request, retry.Producer()).rows_loaded, 1u);
}

TEST_F(SqliteWarehouseTest, DescribeNamesTheFile) {
  EXPECT_EQ(warehouse_->Describe(), "sqlite " + backend_->Uri());
}

TEST(SqliteWarehouseOpen, AFileThatIsNotADatabaseIsAUserError) {
  std::string path = ::testing::TempDir() + "not_a_database.db";
  FILE* file = std::fopen(path.c_str(), "w");
  ASSERT_NE(file, nullptr);
  std::fputs("this is not a SQLite database, it is just text that is long enough", file);
  std::fclose(file);
  try {
    OpenWarehouse(path);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput) << e.message();
    EXPECT_NE(e.message().find(path), std::string::npos) << e.message();
  }
  std::remove(path.c_str());
}

}  // namespace

BackendFactory TestedBackend() {
  return &SqliteTestBackend;
}
const char* TestedBackendName() {
  return "sqlite";
}

}  // namespace sluice::warehouse::testing
