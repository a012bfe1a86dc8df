// Databases, tables, snapshots, schema evolution and the checkpoint store, run against every
// Catalog implementation (catalog_backend.h).
#include <gtest/gtest.h>

#include "catalog_backend.h"
#include "common/error.h"

namespace sluice::catalog::testing {
namespace {

class CatalogConformanceTest : public CatalogBackendTest {};

TEST_P(CatalogConformanceTest, DatabasesAndTables) {
  auto owned = NewCatalog();
  Catalog& catalog = *owned;
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

  // Opening the catalog again sees the same metadata.
  auto reopened = NewCatalog();
  auto table = reopened->GetTable(TableName::Parse("SALES.Orders"));
  ASSERT_TRUE(table.has_value());
  EXPECT_EQ(table->location, OrdersSpec().location);
}

TEST_P(CatalogConformanceTest, RejectsBadDefinitions) {
  auto owned = NewCatalog();
  Catalog& catalog = *owned;
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

TEST_P(CatalogConformanceTest, SnapshotsAndHistory) {
  auto owned = NewCatalog();
  Catalog& catalog = *owned;
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

TEST_P(CatalogConformanceTest, ConcurrentCommitFromSameParentConflicts) {
  auto owned_a = NewCatalog();
  auto owned_b = NewCatalog();  // a second connection, as another process
  Catalog& writer_a = *owned_a;
  Catalog& writer_b = *owned_b;
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

TEST_P(CatalogConformanceTest, RejectsInvalidCommits) {
  auto owned = NewCatalog();
  Catalog& catalog = *owned;
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

TEST_P(CatalogConformanceTest, SchemaEvolvesOnCommit) {
  auto owned = NewCatalog();
  Catalog& catalog = *owned;
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

CheckpointEntry Entry(const std::string& pipeline, const std::string& key, const std::string& value,
                      const std::string& run_id = "r1") {
  return CheckpointEntry{pipeline, key, value, run_id, 0};
}

std::vector<std::string> Keys(const std::vector<CheckpointEntry>& entries) {
  std::vector<std::string> keys;
  for (const auto& e : entries) keys.push_back(e.pipeline + "/" + e.key + "=" + e.value_json);
  return keys;
}

TEST_P(CatalogConformanceTest, CheckpointsAreWrittenListedAndDeleted) {
  auto catalog = NewCatalog();
  EXPECT_TRUE(catalog->ListCheckpoints("retail").empty());
  catalog->WriteCheckpoints({Entry("retail", "watermark:orders", R"({"value":1})"),
                             Entry("retail", "file:orders:a_1%.csv", R"({"size":3})"),
                             Entry("retail", "file:orders:ab1x.csv", R"({"size":4})"),
                             Entry("other", "watermark:x", "7")});
  // Later entries for a key win, and an empty value deletes.
  catalog->WriteCheckpoints({Entry("retail", "watermark:orders", R"({"value":2})", "r2"),
                             Entry("other", "watermark:x", ""), Entry("other", "watermark:y", "1"),
                             Entry("other", "watermark:y", "2")});
  auto retail = catalog->ListCheckpoints("retail");
  EXPECT_EQ(Keys(retail), (std::vector<std::string>{"retail/file:orders:a_1%.csv={\"size\":3}",
                                                    "retail/file:orders:ab1x.csv={\"size\":4}",
                                                    "retail/watermark:orders={\"value\":2}"}));
  EXPECT_EQ(retail[2].run_id, "r2");
  EXPECT_GT(retail[2].updated_micros, 0);
  // '%' and '_' in a prefix are characters, not patterns.
  EXPECT_EQ(Keys(catalog->ListCheckpoints("retail", "file:orders:a_1%")),
            (std::vector<std::string>{"retail/file:orders:a_1%.csv={\"size\":3}"}));
  EXPECT_EQ(catalog->ListCheckpoints("retail", "file:").size(), 2u);
  EXPECT_EQ(
      Keys(catalog->ListCheckpoints("")),
      (std::vector<std::string>{"other/watermark:y=2", "retail/file:orders:a_1%.csv={\"size\":3}",
                                "retail/file:orders:ab1x.csv={\"size\":4}",
                                "retail/watermark:orders={\"value\":2}"}));
  // A bad entry fails the whole write.
  try {
    catalog->WriteCheckpoints({Entry("retail", "watermark:z", "1"), Entry("", "k", "1")});
    FAIL() << "an entry without a pipeline must be refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInternal);
  }
  EXPECT_TRUE(catalog->ListCheckpoints("retail", "watermark:z").empty());
}

TEST_P(CatalogConformanceTest, CheckpointsCommitWithTheSnapshot) {
  auto catalog = NewCatalog();
  catalog->CreateTable(OrdersSpec());
  CommitRequest first = Commit(0, {File("a.parquet", 1)});
  first.checkpoints = {Entry("retail", "watermark:orders", "1", "run-1"),
                       Entry("retail", "file:orders:a.csv", "{}", "run-1")};
  Snapshot s1 = catalog->CommitSnapshot(first);
  auto entries = catalog->ListCheckpoints("retail");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].value_json, "1");
  EXPECT_EQ(entries[1].run_id, "run-1");
  EXPECT_EQ(entries[1].updated_micros, s1.committed_micros);

  TableName orders = TableName::Parse("sales.orders");
  // A commit that fails writes none of its entries: a conflict, a refused schema, a bad file.
  CommitRequest stale = Commit(0, {File("b.parquet", 1)});
  stale.checkpoints = {Entry("retail", "watermark:orders", "2", "run-2"),
                       Entry("retail", "file:orders:a.csv", "", "run-2")};
  try {
    catalog->CommitSnapshot(stale);
    FAIL() << "a stale parent must conflict";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kRetryable);
  }
  CommitRequest refused = Commit(1, {File("c.parquet", 1)});
  refused.schema = {{"qty", TypeId::kVarchar}};
  refused.checkpoints = stale.checkpoints;
  EXPECT_THROW(catalog->CommitSnapshot(refused), Error);
  CommitRequest bad_file = Commit(1, {File("a.parquet", 1)});
  bad_file.checkpoints = stale.checkpoints;
  EXPECT_THROW(catalog->CommitSnapshot(bad_file), Error);
  EXPECT_EQ(Keys(catalog->ListCheckpoints("retail")),
            (std::vector<std::string>{"retail/file:orders:a.csv={}", "retail/watermark:orders=1"}));
  EXPECT_EQ(catalog->CurrentSnapshot(orders)->id, 1);

  // The next good commit moves the watermark and deletes the file entry with it.
  CommitRequest second = Commit(1, {File("d.parquet", 1)});
  second.checkpoints = stale.checkpoints;
  catalog->CommitSnapshot(second);
  EXPECT_EQ(Keys(catalog->ListCheckpoints("retail")),
            (std::vector<std::string>{"retail/watermark:orders=2"}));
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backend, CatalogConformanceTest,
                         ::testing::Values(TestedCatalogBackend()));

}  // namespace sluice::catalog::testing
