#include "lineage/column_lineage.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "catalog/catalog.h"
#include "common/error.h"
#include "lake/lake_table_writer.h"

namespace sluice::lineage {
namespace {

class ColumnLineageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    session_.Execute(
        "CREATE TABLE orders AS SELECT * FROM (VALUES (1, 7, 10.5, 'north', 'open', 3)) "
        "t(id, customer_id, amount, region, status, ts)");
    session_.Execute(
        "CREATE TABLE customers AS SELECT * FROM (VALUES (7, 'Ann', 100.0)) t(id, name, credit)");
  }

  // "table.column:kind" for each input of output column `name`, sorted.
  std::vector<std::string> Inputs(const QueryLineage& lineage, const std::string& name) {
    auto it = std::find(lineage.output_columns.begin(), lineage.output_columns.end(), name);
    EXPECT_NE(it, lineage.output_columns.end()) << name;
    if (it == lineage.output_columns.end()) return {};
    return Render(lineage.columns[it - lineage.output_columns.begin()]);
  }
  static std::vector<std::string> Render(const std::vector<ColumnSource>& sources) {
    std::vector<std::string> out;
    for (const auto& s : sources) {
      out.push_back(s.table + "." + s.column + ":" + std::string(EdgeKindName(s.kind)));
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  Session session_{SessionOptions{.threads = 1}};
};

using Strings = std::vector<std::string>;

TEST_F(ColumnLineageTest, JoinTakesColumnsFromBothSidesAndRecordsTheCondition) {
  QueryLineage l = ColumnLineage(session_,
                                 "SELECT o.id, c.name AS customer, o.amount * 2 AS doubled "
                                 "FROM orders o JOIN customers c ON o.customer_id = c.id");
  ASSERT_EQ(l.output_columns, (Strings{"id", "customer", "doubled"}));
  EXPECT_EQ(Inputs(l, "id"), (Strings{"orders.id:direct"}));
  EXPECT_EQ(Inputs(l, "customer"), (Strings{"customers.name:direct"}));
  EXPECT_EQ(Inputs(l, "doubled"), (Strings{"orders.amount:derived"}));
  EXPECT_EQ(Render(l.row_influences), (Strings{"customers.id:join", "orders.customer_id:join"}));
  ASSERT_EQ(l.tables.size(), 2u);
  EXPECT_EQ(l.tables[0].input, InputKind::kSessionTable);
}

TEST_F(ColumnLineageTest, JoinUsingAndLeftJoinKeepBothSides) {
  QueryLineage l = ColumnLineage(session_,
                                 "SELECT * FROM (SELECT customer_id AS id, amount FROM orders) o "
                                 "LEFT JOIN customers USING (id)");
  EXPECT_EQ(Inputs(l, "amount"), (Strings{"orders.amount:direct"}));
  EXPECT_EQ(Inputs(l, "name"), (Strings{"customers.name:direct"}));
  EXPECT_EQ(Render(l.row_influences), (Strings{"customers.id:join", "orders.customer_id:join"}));
}

TEST_F(ColumnLineageTest, StarsAndGroupByAll) {
  QueryLineage star = ColumnLineage(
      session_, "SELECT o.*, c.name FROM orders o JOIN customers c ON o.customer_id = c.id");
  ASSERT_EQ(star.output_columns.size(), 7u);
  EXPECT_EQ(Inputs(star, "status"), (Strings{"orders.status:direct"}));
  EXPECT_EQ(Inputs(star, "name"), (Strings{"customers.name:direct"}));
  QueryLineage all = ColumnLineage(
      session_, "SELECT region, status, round(sum(amount * ts), 2) AS r FROM orders GROUP BY ALL");
  EXPECT_EQ(Inputs(all, "status"), (Strings{"orders.status:direct"}));
  EXPECT_EQ(Inputs(all, "r"), (Strings{"orders.amount:aggregate", "orders.ts:aggregate"}));
}

TEST_F(ColumnLineageTest, AggregatesFeedFromArgumentsAndGroupKeysAreDirect) {
  QueryLineage l = ColumnLineage(
      session_,
      "SELECT region, sum(amount) AS total, count(*) AS n, sum(amount) / count(*) AS mean, "
      "upper(region) AS loud FROM orders WHERE status = 'open' GROUP BY region "
      "HAVING max(ts) > 0");
  EXPECT_EQ(Inputs(l, "region"), (Strings{"orders.region:direct"}));
  EXPECT_EQ(Inputs(l, "total"), (Strings{"orders.amount:aggregate"}));
  EXPECT_EQ(Inputs(l, "n"), Strings{});
  EXPECT_EQ(Inputs(l, "mean"), (Strings{"orders.amount:aggregate"}));
  EXPECT_EQ(Inputs(l, "loud"), (Strings{"orders.region:derived"}));
  EXPECT_EQ(Render(l.row_influences), (Strings{"orders.status:filter", "orders.ts:filter"}));
}

TEST_F(ColumnLineageTest, CaseAndCoalesceTakeEveryBranchAndCondition) {
  QueryLineage l = ColumnLineage(
      session_,
      "SELECT CASE WHEN amount > 100 THEN region WHEN ts = 1 THEN 'x' ELSE status END AS c, "
      "coalesce(region, status) AS k, CAST(id AS VARCHAR) AS id_text FROM orders");
  EXPECT_EQ(Inputs(l, "c"), (Strings{"orders.amount:derived", "orders.region:derived",
                                     "orders.status:derived", "orders.ts:derived"}));
  EXPECT_EQ(Inputs(l, "k"), (Strings{"orders.region:derived", "orders.status:derived"}));
  EXPECT_EQ(Inputs(l, "id_text"), (Strings{"orders.id:direct"}));
}

TEST_F(ColumnLineageTest, WindowFunctionsTakeArgumentsPartitionAndOrder) {
  QueryLineage l =
      ColumnLineage(session_,
                    "SELECT id, sum(amount) OVER (PARTITION BY region ORDER BY ts) AS running, "
                    "row_number() OVER (PARTITION BY customer_id ORDER BY ts DESC) AS rn, "
                    "lag(status) OVER (ORDER BY id) IS NULL AS first FROM orders");
  EXPECT_EQ(Inputs(l, "id"), (Strings{"orders.id:direct"}));
  EXPECT_EQ(Inputs(l, "running"),
            (Strings{"orders.amount:window", "orders.region:window", "orders.ts:window"}));
  EXPECT_EQ(Inputs(l, "rn"), (Strings{"orders.customer_id:window", "orders.ts:window"}));
  EXPECT_EQ(Inputs(l, "first"), (Strings{"orders.id:window", "orders.status:window"}));
}

TEST_F(ColumnLineageTest, CtesDerivedTablesAndUnionBranches) {
  QueryLineage l = ColumnLineage(
      session_,
      "WITH big AS (SELECT id, amount FROM orders WHERE amount > 5) "
      "SELECT id AS key, amount FROM big "
      "UNION ALL SELECT k, v FROM (SELECT id AS k, credit * 1.1 AS v FROM customers) s");
  ASSERT_EQ(l.output_columns, (Strings{"key", "amount"}));
  EXPECT_EQ(Inputs(l, "key"), (Strings{"customers.id:direct", "orders.id:direct"}));
  EXPECT_EQ(Inputs(l, "amount"), (Strings{"customers.credit:derived", "orders.amount:direct"}));
  EXPECT_EQ(Render(l.row_influences), (Strings{"orders.amount:filter"}));
}

TEST_F(ColumnLineageTest, ViewsAreSeenThroughAndSubqueriesInfluenceRows) {
  session_.Execute("CREATE VIEW big_orders AS SELECT id, amount * 2 AS a2 FROM orders");
  QueryLineage l =
      ColumnLineage(session_,
                    "SELECT a2, (SELECT max(credit) FROM customers) AS top FROM big_orders "
                    "WHERE id IN (SELECT id FROM customers WHERE name <> '')");
  EXPECT_EQ(Inputs(l, "a2"), (Strings{"orders.amount:derived"}));
  EXPECT_EQ(Inputs(l, "top"), Strings{});
  Strings influences = Render(l.row_influences);
  EXPECT_NE(std::find(influences.begin(), influences.end(), "customers.credit:filter"),
            influences.end());
  EXPECT_NE(std::find(influences.begin(), influences.end(), "orders.id:filter"), influences.end());
  EXPECT_NE(std::find(influences.begin(), influences.end(), "customers.name:filter"),
            influences.end());
}

TEST_F(ColumnLineageTest, CorrelatedSubqueriesFeedTheirColumn) {
  QueryLineage l = ColumnLineage(
      session_,
      "SELECT o.id, (SELECT max(c.credit) FROM customers c WHERE c.id = o.customer_id) AS top "
      "FROM orders o WHERE EXISTS (SELECT 1 FROM customers c WHERE c.id = o.customer_id)");
  EXPECT_EQ(Inputs(l, "id"), (Strings{"orders.id:direct"}));
  EXPECT_EQ(Inputs(l, "top"), (Strings{"customers.credit:aggregate"}));
  Strings influences = Render(l.row_influences);
  EXPECT_NE(std::find(influences.begin(), influences.end(), "orders.customer_id:filter"),
            influences.end());
}

TEST_F(ColumnLineageTest, TableFunctionsAreNamedByTheirPath) {
  auto path = std::filesystem::temp_directory_path() /
              ("sluice_lineage_" + std::to_string(::getpid()) + ".csv");
  std::ofstream(path) << "sku,price\na,1.5\nb,2\n";
  QueryLineage l =
      ColumnLineage(session_, "SELECT sku, price * 2 AS p2 FROM read_csv('" + path.string() + "')");
  std::filesystem::remove(path);
  ASSERT_EQ(l.columns.size(), 2u);
  ASSERT_EQ(l.columns[0].size(), 1u);
  EXPECT_EQ(l.columns[0][0].input, InputKind::kTableFunction);
  EXPECT_EQ(l.columns[0][0].table, path.string());
  EXPECT_EQ(l.columns[0][0].column, "sku");
  EXPECT_EQ(l.columns[1][0].kind, EdgeKind::kDerived);
}

TEST_F(ColumnLineageTest, OnlyOneSelectIsAccepted) {
  EXPECT_THROW(ColumnLineage(session_, "CREATE TABLE x AS SELECT 1"), Error);
  EXPECT_THROW(ColumnLineage(session_, "SELECT 1; SELECT 2"), Error);
  EXPECT_THROW(ColumnLineage(session_, "SELECT nope FROM orders"), Error);
  EXPECT_EQ(session_.GetTable("x").data, nullptr);  // nothing ran
}

TEST_F(ColumnLineageTest, ConstantsAndValuesHaveNoInputs) {
  QueryLineage l = ColumnLineage(session_, "SELECT 1 AS one, a FROM (VALUES (2), (3)) v(a)");
  ASSERT_EQ(l.columns.size(), 2u);
  EXPECT_TRUE(l.columns[0].empty());
  EXPECT_TRUE(l.columns[1].empty());
  EXPECT_TRUE(l.tables.empty());
  QueryLineage n = ColumnLineage(session_, "SELECT DISTINCT region FROM orders ORDER BY 1 LIMIT 2");
  EXPECT_EQ(Inputs(n, "region"), (Strings{"orders.region:direct"}));
}

TEST(CatalogTableLineageTest, CatalogTablesAreNamedDbTable) {
  std::string lake = (std::filesystem::temp_directory_path() /
                      ("sluice_lineage_lake_" + std::to_string(::getpid())))
                         .string();
  std::filesystem::remove_all(lake);
  {
    auto catalog = catalog::OpenCatalog(catalog::DefaultCatalogPath(lake));
    Schema schema = {{"id", TypeId::kBigint}, {"name", TypeId::kVarchar}};
    lake::LakeWriteOptions options;
    options.run_id = "run-1";
    auto writer = lake::LakeTableWriter::Open(
        *catalog, lake, catalog::TableName::Parse("crm.people"), schema, options);
    DataChunk chunk;
    chunk.Initialize({TypeId::kBigint, TypeId::kVarchar});
    chunk.column(0).data<int64_t>()[0] = 1;
    chunk.column(1).data<StringRef>()[0] = chunk.column(1).AddString("Ann");
    chunk.SetSize(1);
    writer->Write(chunk);
    writer->Close();
  }
  Session session(SessionOptions{.threads = 1, .lake_root = lake});
  QueryLineage l = ColumnLineage(session, "SELECT upper(name) AS n FROM crm.people WHERE id > 0");
  std::filesystem::remove_all(lake);
  ASSERT_EQ(l.columns.size(), 1u);
  ASSERT_EQ(l.columns[0].size(), 1u);
  EXPECT_EQ(l.columns[0][0],
            (ColumnSource{InputKind::kCatalogTable, "crm.people", "name", EdgeKind::kDerived}));
  ASSERT_EQ(l.row_influences.size(), 1u);
  EXPECT_EQ(l.row_influences[0].column, "id");
  EXPECT_EQ(l.row_influences[0].input, InputKind::kCatalogTable);
}

TEST(EdgeKindTest, NamesRoundTrip) {
  for (auto kind : {EdgeKind::kDirect, EdgeKind::kDerived, EdgeKind::kAggregate, EdgeKind::kWindow,
                    EdgeKind::kJoin, EdgeKind::kFilter}) {
    EXPECT_EQ(ParseEdgeKind(EdgeKindName(kind)), kind);
  }
  EXPECT_THROW(ParseEdgeKind("sideways"), Error);
}

}  // namespace
}  // namespace sluice::lineage
