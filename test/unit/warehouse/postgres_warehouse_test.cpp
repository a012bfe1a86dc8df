// What the PostgreSQL warehouse stores, and how it fails: types, server errors naming the
// row and column, a connection killed mid-load, authentication, no password in messages.
#include <gtest/gtest.h>

#include "common/error.h"
#include "formats/table_source.h"
#include "postgres_test_backend.h"
#include "types/text_codec.h"
#include "warehouse/postgres_table_source.h"
#include "warehouse/warehouse.h"
#include "warehouse_test_support.h"

namespace sluice::warehouse::testing {
namespace {

class PostgresWarehouseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (PostgresTestUri().empty()) GTEST_SKIP() << PostgresSkipReason();
    PostgresTestBackend().Clean();
    warehouse_ = OpenWarehouse(PostgresTestUri());
  }

  static LoadRequest Request(std::string table, Schema schema, std::string run_id = "r1") {
    return LoadRequest{.table = std::move(table),
                       .schema = std::move(schema),
                       .mode = LoadMode::kAppend,
                       .key = {},
                       .pipeline = "p",
                       .run_id = std::move(run_id),
                       .sink = "s"};
  }

  // Loads and returns the error it must fail with.
  Error LoadFails(const LoadRequest& request, std::vector<Row> rows) {
    ChunkFeed feed(request.schema, std::move(rows), 2);
    try {
      warehouse_->Load(request, feed.Producer());
    } catch (const Error& e) {
      return e;
    }
    ADD_FAILURE() << "the load succeeded";
    return Error(ErrorKind::kInternal, "");
  }

  // The URI with a different user and password in it.
  static std::string UriWith(const std::string& credentials) {
    std::string uri = PostgresTestUri();
    size_t at = uri.find('@');
    return "postgresql://" + credentials + uri.substr(at);
  }

  std::unique_ptr<Warehouse> warehouse_;
};

TEST_F(PostgresWarehouseTest, EveryTypeRoundTripsWithNulls) {
  Schema schema = {{"b", TypeId::kBoolean},   {"i", TypeId::kInteger}, {"l", TypeId::kBigint},
                   {"d", TypeId::kDouble},    {"s", TypeId::kVarchar}, {"day", TypeId::kDate},
                   {"ts", TypeId::kTimestamp}};
  int32_t day = 0;
  int64_t ts = 0, ts2 = 0;
  ASSERT_TRUE(ParseDate("2024-02-29", &day));
  ASSERT_TRUE(ParseTimestamp("2024-02-29 13:45:01.250000", &ts));
  ASSERT_TRUE(ParseTimestamp("1969-12-31 23:59:59.999999", &ts2));
  std::vector<Row> rows = {
      {Value::Boolean(true), Value::Integer(-7), Value::Bigint(9007199254740993),
       Value::Double(0.1), Value::Varchar("it's \"quoted\" | déjà vu ✓ \\ \t"), Value::Date(day),
       Value::Timestamp(ts)},
      {Value::Boolean(false), Value::Integer(2147483647), Value::Bigint(-1), Value::Double(-1e300),
       Value::Varchar(""), Value::Date(-1), Value::Timestamp(ts2)},
      {Value::Null(), Value::Null(), Value::Null(), Value::Null(), Value::Null(), Value::Null(),
       Value::Null()},
  };
  ChunkFeed feed(schema, rows, 2);
  EXPECT_EQ(warehouse_->Load(Request("analytics.types", schema), feed.Producer()).rows_loaded, 3u);
  EXPECT_EQ(PostgresQuery(
                "SELECT b, i, l, d, s, day, ts FROM analytics.types ORDER BY l DESC NULLS LAST"),
            (std::vector<std::string>{
                "t|-7|9007199254740993|0.1|it's \"quoted\" | déjà vu ✓ \\ \t|2024-02-29|"
                "2024-02-29 13:45:01.25",
                "f|2147483647|-1|-1e+300||1969-12-31|1969-12-31 23:59:59.999999",
                "NULL|NULL|NULL|NULL|NULL|NULL|NULL"}));
  EXPECT_EQ(PostgresQuery("SELECT count(*) FROM analytics.types WHERE d = 0.1"),
            (std::vector<std::string>{"1"}));
  EXPECT_EQ(PostgresQuery("SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
                          "WHERE attrelid = 'analytics.types'::regclass AND attnum > 0 ORDER BY "
                          "attnum"),
            (std::vector<std::string>{"b|boolean", "i|integer", "l|bigint", "d|double precision",
                                      "s|text", "day|date", "ts|timestamp without time zone"}));
}

TEST_F(PostgresWarehouseTest, MergeTablesGetAPrimaryKeyOnTheKey) {
  Schema schema = {
      {"region", TypeId::kVarchar}, {"day", TypeId::kDate}, {"amount", TypeId::kDouble}};
  LoadRequest request = Request("analytics.daily_revenue", schema);
  request.mode = LoadMode::kMerge;
  request.key = {"day", "region"};
  ChunkFeed feed(schema, {{Value::Varchar("EU"), Value::Date(0), Value::Double(1)}});
  warehouse_->Load(request, feed.Producer());
  EXPECT_EQ(PostgresQuery("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = "
                          "'analytics.daily_revenue'::regclass"),
            (std::vector<std::string>{"PRIMARY KEY (day, region)"}));
  EXPECT_EQ(PostgresQuery("SELECT pipeline, run_id, sink, table_name, mode, rows FROM "
                          "_sluice_load_ledger"),
            (std::vector<std::string>{"p|r1|s|analytics.daily_revenue|merge|1"}));
}

TEST_F(PostgresWarehouseTest, AnExistingTableWithWiderTypesTakesTheRows) {
  PostgresQuery(
      "CREATE SCHEMA analytics; CREATE TABLE analytics.wide (id numeric(20, 0), name "
      "varchar(10), day timestamp, note text DEFAULT 'x' NOT NULL)");
  Schema schema = {{"id", TypeId::kBigint}, {"name", TypeId::kVarchar}, {"day", TypeId::kDate}};
  ChunkFeed feed(schema, {{Value::Bigint(12), Value::Varchar("ab"), Value::Date(1)}});
  warehouse_->Load(Request("analytics.wide", schema), feed.Producer());
  EXPECT_EQ(PostgresQuery("SELECT id, name, day, note FROM analytics.wide"),
            (std::vector<std::string>{"12|ab|1970-01-02 00:00:00|x"}));
}

TEST_F(PostgresWarehouseTest, OverwriteWorksOnATableThatAForeignKeyRefersTo) {
  PostgresQuery(
      "CREATE SCHEMA analytics; CREATE TABLE analytics.parent (id bigint PRIMARY KEY, name "
      "text); CREATE TABLE analytics.child (pid bigint REFERENCES analytics.parent (id)); "
      "INSERT INTO analytics.parent VALUES (1, 'old')");
  Schema schema = {{"id", TypeId::kBigint}, {"name", TypeId::kVarchar}};
  LoadRequest request = Request("analytics.parent", schema);
  request.mode = LoadMode::kOverwrite;
  ChunkFeed feed(schema, {{Value::Bigint(2), Value::Varchar("new")}});
  EXPECT_EQ(warehouse_->Load(request, feed.Producer()).table_rows, 1u);
  EXPECT_EQ(PostgresQuery("SELECT id, name FROM analytics.parent"),
            (std::vector<std::string>{"2|new"}));
}

TEST_F(PostgresWarehouseTest, ATypeErrorFromTheServerNamesTableColumnAndRow) {
  Schema schema = {{"id", TypeId::kBigint}, {"ts", TypeId::kTimestamp}};
  int64_t ok = 0;
  ASSERT_TRUE(ParseTimestamp("2024-01-01 00:00:00", &ok));
  // Year -283000: sluice represents it, PostgreSQL's timestamp (from 4713 BC) does not.
  Error error = LoadFails(Request("analytics.events", schema),
                          {{Value::Bigint(1), Value::Timestamp(ok)},
                           {Value::Bigint(2), Value::Timestamp(ok)},
                           {Value::Bigint(3), Value::Timestamp(-9000000000000000000LL)}});
  EXPECT_EQ(error.kind(), ErrorKind::kUserInput);
  EXPECT_NE(error.message().find("analytics.events"), std::string::npos) << error.message();
  EXPECT_NE(error.message().find("row 3"), std::string::npos) << error.message();
  EXPECT_NE(error.message().find("column 'ts'"), std::string::npos) << error.message();
  EXPECT_NE(error.message().find("out of range"), std::string::npos) << error.message();
  EXPECT_TRUE(PostgresQuery("SELECT 1 FROM pg_tables WHERE tablename = 'events'").empty());
}

TEST_F(PostgresWarehouseTest, InvalidUtf8IsAUserErrorNamingTheRowThroughTheStagingTable) {
  Schema schema = {{"id", TypeId::kBigint}, {"s", TypeId::kVarchar}};
  LoadRequest request = Request("analytics.texts", schema);
  request.mode = LoadMode::kMerge;
  request.key = {"id"};
  Error error = LoadFails(request, {{Value::Bigint(1), Value::Varchar("fine")},
                                    {Value::Bigint(2), Value::Varchar("bad \xff byte")}});
  EXPECT_EQ(error.kind(), ErrorKind::kUserInput);
  EXPECT_NE(error.message().find("row 2, column 's'"), std::string::npos) << error.message();
  EXPECT_NE(error.message().find("analytics.texts"), std::string::npos) << error.message();
}

TEST_F(PostgresWarehouseTest, AConstraintErrorNamesTheRowAndColumn) {
  PostgresQuery(
      "CREATE SCHEMA analytics; CREATE TABLE analytics.exact (id bigint, name text NOT NULL); "
      "CREATE TABLE analytics.staged (id bigint, name varchar(20) NOT NULL)");
  Schema schema = {{"id", TypeId::kBigint}, {"name", TypeId::kVarchar}};
  std::vector<Row> rows = {{Value::Bigint(1), Value::Varchar("a")},
                           {Value::Bigint(2), Value::Varchar("b")},
                           {Value::Bigint(3), Value::Null()}};
  // Straight COPY into the table (the same types) and through the staging table (varchar).
  for (const char* table : {"analytics.exact", "analytics.staged"}) {
    Error error = LoadFails(Request(table, schema), rows);
    EXPECT_EQ(error.kind(), ErrorKind::kUserInput);
    EXPECT_NE(error.message().find(table), std::string::npos) << error.message();
    EXPECT_NE(error.message().find("row 3"), std::string::npos) << error.message();
    EXPECT_NE(error.message().find("column 'name'"), std::string::npos) << error.message();
    EXPECT_EQ(PostgresQuery(std::string("SELECT count(*) FROM ") + table),
              (std::vector<std::string>{"0"}));
  }
}

TEST_F(PostgresWarehouseTest, AConnectionKilledMidLoadIsRetryableAndLeavesNothing) {
  Schema schema = {{"id", TypeId::kBigint}, {"name", TypeId::kVarchar}};
  LoadRequest request = Request("analytics.orders", schema, "r1");
  ChunkFeed first(schema, {{Value::Bigint(1), Value::Varchar("a")}});
  warehouse_->Load(request, first.Producer());

  std::vector<Row> rows;
  for (int64_t i = 100; i < 100 + 50000; i++)
    rows.push_back({Value::Bigint(i), Value::Varchar(std::string(40, 'x'))});
  for (LoadMode mode : {LoadMode::kAppend, LoadMode::kMerge}) {
    auto table_before = PostgresQuery("SELECT count(*), sum(id) FROM analytics.orders");
    auto ledger_before = PostgresQuery("SELECT count(*) FROM _sluice_load_ledger");
    request.run_id = mode == LoadMode::kAppend ? "r2" : "r3";
    request.mode = mode;
    request.key =
        mode == LoadMode::kMerge ? std::vector<std::string>{"id"} : std::vector<std::string>{};
    ChunkFeed feed(schema, rows, kChunkCapacity);
    feed.before_chunk = [](size_t index) {
      if (index != 10) return;
      auto killed = PostgresQuery(
          "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE application_name "
          "= 'sluice' AND pid <> pg_backend_pid()");
      ASSERT_EQ(killed, (std::vector<std::string>{"t"}));
    };
    try {
      warehouse_->Load(request, feed.Producer());
      FAIL() << "the load survived a killed connection";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kRetryable) << e.message();
    }
    EXPECT_EQ(PostgresQuery("SELECT count(*), sum(id) FROM analytics.orders"), table_before);
    EXPECT_EQ(PostgresQuery("SELECT count(*) FROM _sluice_load_ledger"), ledger_before);
    EXPECT_FALSE(warehouse_->AlreadyLoaded("p", request.run_id, "s"));
    // The retry (same object: it reconnects) loads everything once.
    ChunkFeed retry(schema, rows, kChunkCapacity);
    LoadResult result = warehouse_->Load(request, retry.Producer());
    EXPECT_EQ(result.rows_loaded, rows.size());
    EXPECT_TRUE(warehouse_->AlreadyLoaded("p", request.run_id, "s"));
  }
  // The append added the rows once, the merge then updated the same keys.
  EXPECT_EQ(PostgresQuery("SELECT count(*), count(DISTINCT id) FROM analytics.orders"),
            (std::vector<std::string>{std::to_string(1 + rows.size()) + "|" +
                                      std::to_string(1 + rows.size())}));
}

TEST_F(PostgresWarehouseTest, DescribeAndErrorsNeverShowThePassword) {
  auto warehouse = OpenWarehouse(UriWith("postgres:s3cret-pw"));
  EXPECT_EQ(warehouse->Describe().find("s3cret-pw"), std::string::npos);
  EXPECT_NE(warehouse->Describe().find("127.0.0.1"), std::string::npos) << warehouse->Describe();
  try {
    OpenWarehouse("postgresql://postgres:s3cret-pw@127.0.0.1:1/sluice");
    FAIL() << "connected to port 1";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kRetryable) << e.message();
    EXPECT_EQ(e.message().find("s3cret-pw"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("127.0.0.1:1/sluice"), std::string::npos) << e.message();
  }
}

TEST_F(PostgresWarehouseTest, AnUnknownRoleIsPermanent) {
  try {
    OpenWarehouse(UriWith("nobody_here:pw"));
    FAIL() << "connected as an unknown role";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kPermanent) << e.message();
  }
}

TEST_F(PostgresWarehouseTest, APermissionErrorIsPermanent) {
  PostgresQuery(
      "DROP ROLE IF EXISTS sluice_reader; CREATE ROLE sluice_reader LOGIN; "
      "GRANT USAGE ON SCHEMA public TO sluice_reader");
  auto reader = OpenWarehouse(UriWith("sluice_reader"));
  Schema schema = {{"id", TypeId::kBigint}};
  ChunkFeed feed(schema, {{Value::Bigint(1)}});
  try {
    reader->Load(Request("analytics.t", schema), feed.Producer());
    FAIL() << "an unprivileged role created tables";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kPermanent) << e.message();
    EXPECT_NE(e.message().find("permission denied"), std::string::npos) << e.message();
  }
  reader.reset();
  PostgresQuery("DROP OWNED BY sluice_reader; DROP ROLE sluice_reader");
}

// Every row of a scan as DataChunk::ToString lines.
std::vector<std::string> ScanAll(TableSource& source, std::vector<size_t> columns) {
  ScanRequest request;
  request.columns = std::move(columns);
  auto scan = source.Scan(request);
  auto local = scan->InitLocal();
  std::vector<std::string> lines;
  DataChunk chunk;
  size_t rows = 0;
  while (scan->Next(*local, chunk)) {
    rows += chunk.size();
    if (chunk.column_count() == 0) continue;
    std::string text = chunk.ToString();
    for (size_t start = 0; start < text.size();) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      lines.push_back(text.substr(start, end - start));
      start = end + 1;
    }
  }
  if (request.columns.empty()) lines.push_back(std::to_string(rows) + " rows");
  return lines;
}

TEST_F(PostgresWarehouseTest, ReadPostgresReadsAWarehouseTableBack) {
  Schema schema = {{"id", TypeId::kBigint},    {"name", TypeId::kVarchar}, {"day", TypeId::kDate},
                   {"ts", TypeId::kTimestamp}, {"ok", TypeId::kBoolean},   {"x", TypeId::kDouble}};
  std::vector<Row> rows;
  for (int64_t i = 0; i < 5000; i++)
    rows.push_back({Value::Bigint(i),
                    i % 7 == 0 ? Value::Null() : Value::Varchar("n" + std::to_string(i)),
                    Value::Date(static_cast<int32_t>(-3 + i)), Value::Timestamp(i * 1000001),
                    Value::Boolean(i % 2 == 0), Value::Double(i / 4.0)});
  ChunkFeed feed(schema, rows, kChunkCapacity);
  warehouse_->Load(Request("analytics.back", schema), feed.Producer());

  const TableSourceFactory* factory = TableFunctionRegistry::Find("read_postgres");
  ASSERT_NE(factory, nullptr);
  Options options("read_postgres");
  options.positional().push_back(OptionValue::Scalar(Value::Varchar(PostgresTestUri())));
  options.positional().push_back(OptionValue::Scalar(Value::Varchar("analytics.back")));
  auto source = (*factory)(options);
  ASSERT_EQ(source->schema().size(), schema.size());
  for (size_t c = 0; c < schema.size(); c++) {
    EXPECT_EQ(source->schema()[c].name, schema[c].name);
    EXPECT_EQ(source->schema()[c].type, schema[c].type);
  }
  auto all = ScanAll(*source, {0, 1, 2, 3, 4, 5});
  ASSERT_EQ(all.size(), rows.size());
  EXPECT_EQ(all[0], "0|NULL|1969-12-29|1970-01-01 00:00:00|true|0.0");
  EXPECT_EQ(all[4999], "4999|n4999|1983-09-06|1970-01-01 01:23:19.004999|false|1249.75");
  EXPECT_EQ(ScanAll(*source, {5, 0})[2], "0.5|2");
  EXPECT_EQ(ScanAll(*source, {}), (std::vector<std::string>{"5000 rows"}));
}

TEST_F(PostgresWarehouseTest, ReadPostgresMapsOtherTypesAndRefusesMissingTables) {
  PostgresQuery(
      "CREATE TABLE mixed (n numeric(10, 2), s smallint, tz timestamptz, j jsonb, v varchar(4)); "
      "INSERT INTO mixed VALUES (12.5, 3, '2024-01-01 10:00:00+02', '{\"a\": 1}', 'ab')");
  auto source = OpenPostgresTable(PostgresTestUri(), "mixed");
  std::vector<TypeId> types;
  for (const Field& field : source->schema()) types.push_back(field.type);
  EXPECT_EQ(types, (std::vector<TypeId>{TypeId::kDouble, TypeId::kInteger, TypeId::kTimestamp,
                                        TypeId::kVarchar, TypeId::kVarchar}));
  EXPECT_EQ(ScanAll(*source, {0, 1, 2, 3, 4}),
            (std::vector<std::string>{"12.5|3|2024-01-01 08:00:00|{\"a\": 1}|ab"}));
  try {
    OpenPostgresTable(PostgresTestUri(), "analytics.nothing_here");
    FAIL() << "opened a missing table";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_NE(e.message().find("analytics.nothing_here"), std::string::npos) << e.message();
  }
}

}  // namespace

BackendFactory TestedBackend() {
  return &PostgresTestBackend;
}
const char* TestedBackendName() {
  return "postgres";
}

}  // namespace sluice::warehouse::testing
