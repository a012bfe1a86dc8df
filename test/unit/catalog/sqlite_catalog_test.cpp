#include "catalog/sqlite_catalog.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "catalog_test_dir.h"
#include "common/error.h"

namespace sluice::catalog {
namespace {

class SqliteCatalogTest : public TempDirTest {
 protected:
  TableSpec OrdersSpec() {
    TableSpec spec;
    spec.name = TableName::Parse("sales.orders");
    spec.location = Path("lake/sales/orders");
    spec.schema = {
        {"order_id", TypeId::kBigint}, {"qty", TypeId::kInteger}, {"region", TypeId::kVarchar}};
    spec.partition_columns = {"region"};
    return spec;
  }
  static DataFile File(const std::string& path, uint64_t rows,
                       std::optional<std::string> region = "eu") {
    return DataFile{path, rows, rows * 10, {{"region", region}}, ""};
  }
  static CommitRequest Commit(int64_t parent, std::vector<DataFile> added,
                              SnapshotOperation op = SnapshotOperation::kAppend) {
    CommitRequest r;
    r.table = TableName::Parse("sales.orders");
    r.expected_parent = parent;
    r.operation = op;
    r.run_id = "run-" + std::to_string(parent + 1);
    r.added = std::move(added);
    return r;
  }
  static std::vector<std::string> Paths(const std::vector<DataFile>& files) {
    std::vector<std::string> out;
    for (const auto& f : files) out.push_back(f.path);
    return out;
  }
};

TEST_F(SqliteCatalogTest, DatabasesAndTables) {
  SqliteCatalog catalog(Path("_catalog.db"));
  catalog.CreateDatabase("Sales", false);
  EXPECT_THROW(catalog.CreateDatabase("sales", false), Error);
  catalog.CreateDatabase("sales", true);
  catalog.CreateDatabase("crm", true);
  EXPECT_EQ(catalog.ListDatabases(), (std::vector<std::string>{"crm", "sales"}));

  TableInfo created = catalog.CreateTable(OrdersSpec());
  EXPECT_EQ(created.name.ToString(), "sales.orders");
  EXPECT_EQ(created.current_snapshot, 0);
  EXPECT_EQ(created.schema_version, 1);
  EXPECT_EQ(created.partition_columns, std::vector<std::string>{"region"});
  ASSERT_EQ(created.schema.size(), 3u);
  EXPECT_EQ(created.schema[1].type, TypeId::kInteger);

  try {
    catalog.CreateTable(OrdersSpec());
    FAIL() << "second create must fail";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_NE(e.message().find("sales.orders already exists"), std::string::npos) << e.message();
  }
  TableSpec again = OrdersSpec();
  again.if_not_exists = true;
  EXPECT_EQ(catalog.CreateTable(again).created_micros, created.created_micros);

  TableSpec customers = OrdersSpec();
  customers.name = TableName::Parse("crm.customers");
  customers.partition_columns.clear();
  catalog.CreateTable(customers);
  EXPECT_EQ(catalog.ListTables(std::nullopt).size(), 2u);
  ASSERT_EQ(catalog.ListTables(std::string("crm")).size(), 1u);
  EXPECT_EQ(catalog.ListTables(std::string("crm"))[0].name.name, "customers");
  EXPECT_FALSE(catalog.GetTable(TableName::Parse("crm.nope")).has_value());

  // Reopening the file sees the same metadata.
  SqliteCatalog reopened(Path("_catalog.db"));
  auto table = reopened.GetTable(TableName::Parse("SALES.Orders"));
  ASSERT_TRUE(table.has_value());
  EXPECT_EQ(table->location, OrdersSpec().location);
}

TEST_F(SqliteCatalogTest, RejectsBadDefinitions) {
  SqliteCatalog catalog(Path("_catalog.db"));
  TableSpec spec = OrdersSpec();
  spec.partition_columns = {"nope"};
  EXPECT_THROW(catalog.CreateTable(spec), Error);
  spec = OrdersSpec();
  spec.schema.push_back({"qty", TypeId::kBigint});
  EXPECT_THROW(catalog.CreateTable(spec), Error);
  EXPECT_THROW(TableName::Parse("orders"), Error);
  EXPECT_THROW(TableName::Parse("a.b.c"), Error);
  EXPECT_THROW(TableName::Parse("sales.or-ders"), Error);
  EXPECT_THROW(catalog.CurrentSnapshot(TableName::Parse("sales.missing")), Error);
}

TEST_F(SqliteCatalogTest, SnapshotsAndHistory) {
  SqliteCatalog catalog(Path("_catalog.db"));
  catalog.CreateTable(OrdersSpec());
  TableName orders = TableName::Parse("sales.orders");
  EXPECT_FALSE(catalog.CurrentSnapshot(orders).has_value());
  EXPECT_TRUE(catalog.ListFiles(orders, 0).empty());

  Snapshot s1 = catalog.CommitSnapshot(
      Commit(0, {File("region=eu/a.parquet", 5), File("region=us/b.parquet", 7, "us")}));
  EXPECT_EQ(s1.id, 1);
  EXPECT_EQ(s1.parent, 0);
  EXPECT_EQ(s1.rows, 12u);
  EXPECT_EQ(s1.files, 2u);
  Snapshot s2 = catalog.CommitSnapshot(Commit(1, {File("region=eu/c.parquet", 3)}));
  EXPECT_EQ(s2.id, 2);
  EXPECT_EQ(s2.rows, 15u);

  CommitRequest replace =
      Commit(2, {File("region=eu/d.parquet", 1)}, SnapshotOperation::kOverwritePartitions);
  replace.removed = {"region=eu/a.parquet", "region=eu/c.parquet"};
  Snapshot s3 = catalog.CommitSnapshot(replace);
  EXPECT_EQ(s3.rows, 8u);
  EXPECT_NE(s3.summary_json.find("\"removed_files\":2"), std::string::npos) << s3.summary_json;

  CommitRequest overwrite =
      Commit(3, {File("region=eu/e.parquet", 4)}, SnapshotOperation::kOverwrite);
  overwrite.remove_all = true;
  catalog.CommitSnapshot(overwrite);

  EXPECT_EQ(Paths(catalog.ListFiles(orders, 1)),
            (std::vector<std::string>{"region=eu/a.parquet", "region=us/b.parquet"}));
  EXPECT_EQ(Paths(catalog.ListFiles(orders, 2)),
            (std::vector<std::string>{"region=eu/a.parquet", "region=eu/c.parquet",
                                      "region=us/b.parquet"}));
  EXPECT_EQ(Paths(catalog.ListFiles(orders, 3)),
            (std::vector<std::string>{"region=eu/d.parquet", "region=us/b.parquet"}));
  EXPECT_EQ(Paths(catalog.ListFiles(orders, 4)), (std::vector<std::string>{"region=eu/e.parquet"}));
  EXPECT_THROW(catalog.ListFiles(orders, 5), Error);

  auto history = catalog.ListSnapshots(orders);
  ASSERT_EQ(history.size(), 4u);
  EXPECT_EQ(history[2].operation, SnapshotOperation::kOverwritePartitions);
  EXPECT_EQ(history[3].operation, SnapshotOperation::kOverwrite);
  EXPECT_EQ(history[3].run_id, "run-4");
  EXPECT_EQ(catalog.CurrentSnapshot(orders)->id, 4);
  EXPECT_EQ(catalog.GetSnapshot(orders, 2)->rows, 15u);
  EXPECT_FALSE(catalog.GetSnapshot(orders, 9).has_value());
  EXPECT_EQ(catalog.ListReferencedFiles(orders).size(), 5u);

  auto partitions = catalog.ListPartitions(orders, 3);
  ASSERT_EQ(partitions.size(), 2u);
  EXPECT_EQ(partitions[0].values[0].second, std::optional<std::string>("eu"));
  EXPECT_EQ(partitions[0].rows, 1u);
  EXPECT_EQ(partitions[1].rows, 7u);
}

TEST_F(SqliteCatalogTest, ConcurrentCommitFromSameParentConflicts) {
  SqliteCatalog writer_a(Path("_catalog.db"));
  SqliteCatalog writer_b(Path("_catalog.db"));  // a second connection, as another process
  writer_a.CreateTable(OrdersSpec());
  writer_a.CommitSnapshot(Commit(0, {File("a.parquet", 1)}));
  writer_a.CommitSnapshot(Commit(1, {File("b.parquet", 1)}));
  try {
    writer_b.CommitSnapshot(Commit(1, {File("c.parquet", 1)}));
    FAIL() << "a commit on a stale parent must fail";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kRetryable);
    EXPECT_NE(e.message().find("conflict: table sales.orders changed since snapshot 1"),
              std::string::npos)
        << e.message();
  }
  // Nothing of the failed commit is visible.
  TableName orders = TableName::Parse("sales.orders");
  EXPECT_EQ(writer_b.CurrentSnapshot(orders)->id, 2);
  EXPECT_EQ(writer_b.ListReferencedFiles(orders),
            (std::vector<std::string>{"a.parquet", "b.parquet"}));
}

TEST_F(SqliteCatalogTest, RejectsInvalidCommits) {
  SqliteCatalog catalog(Path("_catalog.db"));
  catalog.CreateTable(OrdersSpec());
  catalog.CommitSnapshot(Commit(0, {File("a.parquet", 1)}));
  CommitRequest bad = Commit(1, {});
  bad.removed = {"not-there.parquet"};
  EXPECT_THROW(catalog.CommitSnapshot(bad), Error);
  EXPECT_THROW(catalog.CommitSnapshot(Commit(1, {File("a.parquet", 1)})),
               Error);  // already committed
  EXPECT_THROW(catalog.CommitSnapshot(Commit(1, {File("../escape.parquet", 1)})), Error);
  EXPECT_EQ(catalog.CurrentSnapshot(TableName::Parse("sales.orders"))->id, 1);
}

TEST_F(SqliteCatalogTest, SchemaEvolvesOnCommit) {
  SqliteCatalog catalog(Path("_catalog.db"));
  catalog.CreateTable(OrdersSpec());
  TableName orders = TableName::Parse("sales.orders");
  CommitRequest widen = Commit(0, {File("a.parquet", 1)});
  widen.schema = {{"order_id", TypeId::kBigint},
                  {"qty", TypeId::kBigint},
                  {"region", TypeId::kVarchar},
                  {"note", TypeId::kVarchar}};
  Snapshot s1 = catalog.CommitSnapshot(widen);
  EXPECT_EQ(s1.schema_version, 2);
  TableInfo info = *catalog.GetTable(orders);
  EXPECT_EQ(info.schema_version, 2);
  ASSERT_EQ(info.schema.size(), 4u);
  EXPECT_EQ(info.schema[1].type, TypeId::kBigint);
  EXPECT_EQ(info.schema[3].name, "note");

  // Same schema again: no new version.
  CommitRequest same = Commit(1, {File("b.parquet", 1)});
  same.schema = {{"order_id", TypeId::kInteger}, {"qty", TypeId::kBigint}};
  EXPECT_EQ(catalog.CommitSnapshot(same).schema_version, 2);

  CommitRequest refused = Commit(2, {File("c.parquet", 1)});
  refused.schema = {{"order_id", TypeId::kBigint}, {"qty", TypeId::kVarchar}};
  try {
    catalog.CommitSnapshot(refused);
    FAIL() << "BIGINT -> VARCHAR must be refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_NE(e.message().find("sales.orders: cannot change column 'qty' from BIGINT to VARCHAR"),
              std::string::npos)
        << e.message();
  }
  EXPECT_EQ(catalog.CurrentSnapshot(orders)->id, 2);
  auto versions = catalog.ListSchemaVersions(orders);
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].schema[1].type, TypeId::kInteger);
}

TEST_F(SqliteCatalogTest, NotADatabaseIsAClearError) {
  {
    std::ofstream out(Path("junk.db"));
    out << "this is not a sqlite database, just some text that is long enough to have a "
           "header......";
  }
  try {
    SqliteCatalog catalog(Path("junk.db"));
    FAIL() << "opening a non-database must fail";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_NE(e.message().find("junk.db"), std::string::npos) << e.message();
  }
  EXPECT_THROW(OpenCatalog("postgresql://localhost/x"), Error);
  EXPECT_EQ(DefaultCatalogPath("lake/"), "lake/_catalog.db");
}

}  // namespace
}  // namespace sluice::catalog
