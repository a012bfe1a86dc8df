// SQL over lake tables: `FROM db.table` reads the latest snapshot through the catalog,
// `VERSION AS OF n` an older one; unknown tables and a missing catalog are clear errors.
#include <gtest/gtest.h>

#include <filesystem>

#include "catalog/catalog.h"
#include "common/error.h"
#include "lake/lake_table_writer.h"
#include "sql/session.h"

namespace sluice {
namespace {

namespace fs = std::filesystem;

class CatalogTableQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    lake_ =
        (fs::temp_directory_path() / ("sluice_sql_lake_" + std::to_string(::getpid()))).string();
    fs::remove_all(lake_);
  }
  void TearDown() override { fs::remove_all(lake_); }

  // Appends rows (id, name) to sales.orders as one snapshot.
  void Append(const std::vector<std::pair<int64_t, std::string>>& rows, const std::string& run) {
    auto catalog = catalog::OpenCatalog(catalog::DefaultCatalogPath(lake_));
    Schema schema = {{"id", TypeId::kBigint}, {"name", TypeId::kVarchar}};
    lake::LakeWriteOptions options;
    options.run_id = run;
    auto writer = lake::LakeTableWriter::Open(
        *catalog, lake_, catalog::TableName::Parse("sales.orders"), schema, options);
    DataChunk chunk;
    chunk.Initialize({TypeId::kBigint, TypeId::kVarchar});
    for (size_t i = 0; i < rows.size(); i++) {
      chunk.column(0).data<int64_t>()[i] = rows[i].first;
      chunk.column(1).data<StringRef>()[i] = chunk.column(1).AddString(rows[i].second);
    }
    chunk.SetSize(rows.size());
    writer->Write(chunk);
    writer->Close();
  }

  std::string lake_;
};

TEST_F(CatalogTableQueryTest, ReadsLatestAndOlderSnapshots) {
  Append({{1, "a"}, {2, "b"}}, "run1");
  Append({{3, "c"}}, "run2");
  Session session(SessionOptions{.threads = 2, .lake_root = lake_});
  QueryResult latest = session.Execute("SELECT count(*), sum(id) FROM sales.orders");
  EXPECT_EQ(latest.Row(0)[0].int_value(), 3);
  EXPECT_EQ(latest.Row(0)[1].int_value(), 6);
  QueryResult first = session.Execute("SELECT name FROM sales.orders VERSION AS OF 1 ORDER BY id");
  ASSERT_EQ(first.row_count(), 2u);
  EXPECT_EQ(first.Row(1)[0].string_value(), "b");
  QueryResult joined =
      session.Execute("SELECT o.name FROM sales.orders o JOIN (VALUES (3)) v(id) USING (id)");
  ASSERT_EQ(joined.row_count(), 1u);
  EXPECT_EQ(joined.Row(0)[0].string_value(), "c");
}

TEST_F(CatalogTableQueryTest, UnknownTableAndMissingCatalogAreClearErrors) {
  Session no_lake(SessionOptions{.threads = 1, .lake_root = lake_});
  try {
    no_lake.Execute("SELECT * FROM sales.orders");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("no lake catalog"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("SQL 1:15"), std::string::npos) << e.message();
  }
  EXPECT_FALSE(fs::exists(catalog::DefaultCatalogPath(lake_)));  // a read never creates one
  Append({{1, "a"}}, "run1");
  Session session(SessionOptions{.threads = 1, .lake_root = lake_});
  EXPECT_THROW(session.Execute("SELECT * FROM sales.missing"), Error);
  EXPECT_THROW(session.Execute("SELECT * FROM sales.orders VERSION AS OF 7"), Error);
}

}  // namespace
}  // namespace sluice
