// Load modes, the ledger, schema evolution and atomicity, run against every back end.
#include <gtest/gtest.h>

#include "common/error.h"
#include "warehouse/warehouse.h"
#include "warehouse_test_support.h"

namespace sluice::warehouse::testing {
namespace {

const Schema kOrders = {{"id", TypeId::kBigint}, {"name", TypeId::kVarchar}};
constexpr const char* kTable = "analytics.orders";

std::vector<Row> Orders(std::initializer_list<std::pair<int64_t, const char*>> rows) {
  std::vector<Row> out;
  for (const auto& [id, name] : rows)
    out.push_back({Value::Bigint(id), name ? Value::Varchar(name) : Value::Null(TypeId::kVarchar)});
  return out;
}

}  // namespace

class WarehouseLoadTest : public ::testing::TestWithParam<BackendFactory> {
 protected:
  void SetUp() override {
    backend_ = &GetParam()();
    std::string uri = backend_->Uri();
    if (uri.empty()) GTEST_SKIP() << backend_->SkipReason();
    backend_->Clean();
    warehouse_ = OpenWarehouse(uri);
  }

  LoadRequest Request(LoadMode mode, std::string run_id, Schema schema = kOrders) {
    LoadRequest request;
    request.table = kTable;
    request.schema = std::move(schema);
    request.mode = mode;
    if (mode == LoadMode::kMerge) request.key = {"id"};
    request.pipeline = "test_pipeline";
    request.run_id = std::move(run_id);
    request.sink = "warehouse:analytics.orders";
    return request;
  }

  LoadResult Load(const LoadRequest& request, std::vector<Row> rows, size_t chunk_rows = 2) {
    ChunkFeed feed(request.schema, std::move(rows), chunk_rows);
    return warehouse_->Load(request, feed.Producer());
  }

  std::vector<std::string> Table(const std::string& columns = "id, name") {
    return backend_->Query("SELECT " + columns + " FROM " + backend_->TableSql(kTable) +
                           " ORDER BY id");
  }

  std::string LedgerRows() {
    auto rows = backend_->Query(
        "SELECT count(*) FROM _sluice_load_ledger WHERE pipeline = 'test_pipeline'");
    return rows.empty() ? "" : rows[0];
  }

  Backend* backend_ = nullptr;
  std::unique_ptr<Warehouse> warehouse_;
};

TEST_P(WarehouseLoadTest, AppendCreatesTableAndAccumulates) {
  LoadResult first = Load(Request(LoadMode::kAppend, "r1"), Orders({{1, "a"}, {2, "b"}, {3, "c"}}));
  EXPECT_EQ(first.rows_loaded, 3u);
  EXPECT_FALSE(first.already_loaded);
  EXPECT_EQ(first.table_rows, 3u);
  LoadResult second = Load(Request(LoadMode::kAppend, "r2"), Orders({{4, "d"}, {1, "a"}}));
  EXPECT_EQ(second.rows_loaded, 2u);
  EXPECT_EQ(second.table_rows, 5u);
  EXPECT_EQ(Table(), (std::vector<std::string>{"1|a", "1|a", "2|b", "3|c", "4|d"}));
  EXPECT_EQ(LedgerRows(), "2");
}

TEST_P(WarehouseLoadTest, OverwriteReplacesEveryRow) {
  Load(Request(LoadMode::kAppend, "r1"), Orders({{1, "a"}, {2, "b"}, {3, "c"}}));
  LoadResult result = Load(Request(LoadMode::kOverwrite, "r2"), Orders({{7, "x"}, {8, nullptr}}));
  EXPECT_EQ(result.rows_loaded, 2u);
  EXPECT_EQ(result.table_rows, 2u);
  EXPECT_EQ(Table(), (std::vector<std::string>{"7|x", "8|NULL"}));
}

TEST_P(WarehouseLoadTest, OverwriteWithNoRowsEmptiesTheTable) {
  Load(Request(LoadMode::kAppend, "r1"), Orders({{1, "a"}}));
  LoadResult result = Load(Request(LoadMode::kOverwrite, "r2"), {});
  EXPECT_EQ(result.rows_loaded, 0u);
  EXPECT_EQ(result.table_rows, 0u);
  EXPECT_TRUE(Table().empty());
}

TEST_P(WarehouseLoadTest, MergeInsertsNewKeysAndUpdatesExistingOnes) {
  Load(Request(LoadMode::kMerge, "r1"), Orders({{1, "a"}, {2, "b"}, {3, "c"}}));
  LoadResult result = Load(Request(LoadMode::kMerge, "r2"), Orders({{2, "B"}, {4, "d"}}));
  EXPECT_EQ(result.rows_loaded, 2u);
  EXPECT_EQ(result.table_rows, 4u);
  EXPECT_EQ(Table(), (std::vector<std::string>{"1|a", "2|B", "3|c", "4|d"}));
}

TEST_P(WarehouseLoadTest, MergeTwiceGivesTheSameTable) {
  auto rows = Orders({{5, "e"}, {1, "a"}, {3, nullptr}});
  Load(Request(LoadMode::kMerge, "r1"), rows);
  auto once = Table();
  LoadResult again = Load(Request(LoadMode::kMerge, "r2"), rows);
  EXPECT_FALSE(again.already_loaded);
  EXPECT_EQ(again.table_rows, 3u);
  EXPECT_EQ(Table(), once);
  EXPECT_EQ(once, (std::vector<std::string>{"1|a", "3|NULL", "5|e"}));
}

TEST_P(WarehouseLoadTest, MergeUpdatesToAndFromNull) {
  Load(Request(LoadMode::kMerge, "r1"), Orders({{1, "a"}, {2, nullptr}, {3, "c"}}));
  LoadResult result =
      Load(Request(LoadMode::kMerge, "r2"), Orders({{1, nullptr}, {2, "b"}, {3, "c"}}));
  EXPECT_EQ(result.rows_loaded, 3u);
  EXPECT_EQ(Table(), (std::vector<std::string>{"1|NULL", "2|b", "3|c"}));
}

TEST_P(WarehouseLoadTest, MergeIntoAnAppendedTableAddsAUniqueKey) {
  Load(Request(LoadMode::kAppend, "r1"), Orders({{1, "a"}, {2, "b"}}));
  Load(Request(LoadMode::kMerge, "r2"), Orders({{2, "B"}, {3, "c"}}));
  EXPECT_EQ(Table(), (std::vector<std::string>{"1|a", "2|B", "3|c"}));
}

TEST_P(WarehouseLoadTest, TheSameRunIsLoadedOnce) {
  auto request = Request(LoadMode::kAppend, "run-42");
  EXPECT_FALSE(warehouse_->AlreadyLoaded("test_pipeline", "run-42", request.sink));
  Load(request, Orders({{1, "a"}, {2, "b"}}));
  EXPECT_TRUE(warehouse_->AlreadyLoaded("test_pipeline", "run-42", request.sink));
  EXPECT_FALSE(warehouse_->AlreadyLoaded("test_pipeline", "run-43", request.sink));
  EXPECT_FALSE(warehouse_->AlreadyLoaded("test_pipeline", "run-42", "another sink"));

  ChunkFeed feed(kOrders, Orders({{1, "a"}, {2, "b"}}));
  LoadResult again = warehouse_->Load(request, feed.Producer());
  EXPECT_TRUE(again.already_loaded);
  EXPECT_EQ(again.rows_loaded, 0u);
  EXPECT_EQ(again.table_rows, 2u);
  EXPECT_EQ(feed.chunks_produced(), 0u);
  EXPECT_EQ(Table(), (std::vector<std::string>{"1|a", "2|b"}));
  EXPECT_EQ(LedgerRows(), "1");
}

TEST_P(WarehouseLoadTest, ANewColumnIsAddedAndOlderRowsReadNull) {
  Load(Request(LoadMode::kAppend, "r1"), Orders({{1, "a"}}));
  Schema wider = kOrders;
  wider.push_back({"score", TypeId::kDouble});
  LoadResult result = Load(Request(LoadMode::kAppend, "r2", wider),
                           {{Value::Bigint(2), Value::Varchar("b"), Value::Double(2.5)}});
  EXPECT_EQ(result.table_rows, 2u);
  EXPECT_EQ(Table("id, name, score"), (std::vector<std::string>{"1|a|NULL", "2|b|2.5"}));
  // Rows without the new column still load (it is NULL for them).
  Load(Request(LoadMode::kAppend, "r3"), Orders({{3, "c"}}));
  EXPECT_EQ(Table("id, score"), (std::vector<std::string>{"1|NULL", "2|2.5", "3|NULL"}));
}

TEST_P(WarehouseLoadTest, AnIncompatibleColumnTypeIsRefusedNamingBothSchemas) {
  Load(Request(LoadMode::kAppend, "r1"), Orders({{1, "a"}}));
  Schema changed = {{"id", TypeId::kVarchar}, {"name", TypeId::kVarchar}};
  try {
    Load(Request(LoadMode::kAppend, "r2", changed), {{Value::Varchar("x"), Value::Varchar("y")}});
    FAIL() << "expected a schema conflict";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_NE(e.message().find("analytics.orders"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("(id VARCHAR, name VARCHAR)"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("column 'id'"), std::string::npos) << e.message();
  }
  EXPECT_EQ(Table(), (std::vector<std::string>{"1|a"}));
  EXPECT_FALSE(warehouse_->AlreadyLoaded("test_pipeline", "r2", "warehouse:analytics.orders"));
}

TEST_P(WarehouseLoadTest, ADuplicateKeyInMergeInputIsAUserErrorNamingTheKey) {
  Load(Request(LoadMode::kMerge, "r1"), Orders({{1, "a"}}));
  try {
    Load(Request(LoadMode::kMerge, "r2"), Orders({{2, "b"}, {7, "x"}, {3, "c"}, {7, "y"}}));
    FAIL() << "expected a duplicate key error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_NE(e.message().find("id=7"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("row 4"), std::string::npos) << e.message();
  }
  EXPECT_EQ(Table(), (std::vector<std::string>{"1|a"}));
  EXPECT_EQ(LedgerRows(), "1");
}

TEST_P(WarehouseLoadTest, ANullMergeKeyIsAUserError) {
  auto request = Request(LoadMode::kMerge, "r1");
  std::vector<Row> rows = {{Value::Bigint(1), Value::Varchar("a")},
                           {Value::Null(TypeId::kBigint), Value::Varchar("b")}};
  try {
    Load(request, rows);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_NE(e.message().find("row 2"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("'id'"), std::string::npos) << e.message();
  }
}

TEST_P(WarehouseLoadTest, AKeyThatIsNotAColumnIsRefusedBeforeAnythingIsWritten) {
  auto request = Request(LoadMode::kMerge, "r1");
  request.key = {"order_id"};
  ChunkFeed feed(kOrders, Orders({{1, "a"}}));
  try {
    warehouse_->Load(request, feed.Producer());
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_NE(e.message().find("order_id"), std::string::npos) << e.message();
  }
  EXPECT_EQ(feed.chunks_produced(), 0u);
}

TEST_P(WarehouseLoadTest, AFailureMidLoadLeavesTheTableAndLedgerUnchanged) {
  for (LoadMode mode : {LoadMode::kAppend, LoadMode::kOverwrite, LoadMode::kMerge}) {
    backend_->Clean();
    Load(Request(LoadMode::kAppend, "r1"), Orders({{1, "a"}, {2, "b"}}));
    auto request = Request(mode, "r2");
    ChunkFeed feed(kOrders, Orders({{2, "B"}, {3, "c"}, {4, "d"}, {5, "e"}, {6, "f"}}), 2);
    feed.fail_after_chunks = 2;
    EXPECT_THROW(warehouse_->Load(request, feed.Producer()), std::runtime_error);
    EXPECT_EQ(feed.chunks_produced(), 2u);
    EXPECT_EQ(Table(), (std::vector<std::string>{"1|a", "2|b"}));
    EXPECT_FALSE(warehouse_->AlreadyLoaded("test_pipeline", "r2", request.sink));
    EXPECT_EQ(LedgerRows(), "1");
    // The retry of the same run loads.
    LoadResult retry = Load(request, Orders({{3, "c"}, {4, "d"}}));
    EXPECT_FALSE(retry.already_loaded);
    EXPECT_EQ(retry.rows_loaded, 2u);
  }
}

TEST_P(WarehouseLoadTest, ManyChunksLoadEveryRow) {
  std::vector<Row> rows;
  for (int64_t i = 0; i < 10000; i++)
    rows.push_back({Value::Bigint(i), Value::Varchar("name " + std::to_string(i % 97))});
  LoadResult result = Load(Request(LoadMode::kMerge, "r1"), rows, kChunkCapacity);
  EXPECT_EQ(result.rows_loaded, 10000u);
  EXPECT_EQ(result.table_rows, 10000u);
  auto sums =
      backend_->Query("SELECT sum(id), count(DISTINCT name) FROM " + backend_->TableSql(kTable));
  EXPECT_EQ(sums, (std::vector<std::string>{"49995000|97"}));
}

TEST_P(WarehouseLoadTest, ALoadWithoutRunIdHasNoLedgerRow) {
  Load(Request(LoadMode::kAppend, ""), Orders({{1, "a"}}));
  Load(Request(LoadMode::kAppend, ""), Orders({{1, "a"}}));
  EXPECT_EQ(Table(), (std::vector<std::string>{"1|a", "1|a"}));
}

INSTANTIATE_TEST_SUITE_P(Backend, WarehouseLoadTest, ::testing::Values(TestedBackend()),
                         [](const auto&) { return std::string(TestedBackendName()); });

}  // namespace sluice::warehouse::testing
