// `sluice catalog ls | show | history | vacuum` over a lake with one table, two snapshots
// and an orphaned file.
#include "cli/catalog_command.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "catalog/catalog.h"
#include "common/error.h"
#include "lake/lake_table_writer.h"

namespace sluice {
namespace {

namespace fs = std::filesystem;

TEST(CatalogCommandTest, ListsShowsHistoryAndVacuums) {
  std::string lake =
      (fs::temp_directory_path() / ("sluice_catalog_cmd_" + std::to_string(::getpid()))).string();
  fs::remove_all(lake);
  cli::CatalogArgs args;
  args.lake = lake;
  args.action = "ls";
  std::ostringstream none;
  EXPECT_THROW(cli::RunCatalogCommand(args, none), Error);  // no catalog yet

  auto catalog = catalog::OpenCatalog(catalog::DefaultCatalogPath(lake));
  Schema schema = {{"id", TypeId::kBigint}};
  for (int run = 1; run <= 2; run++) {
    lake::LakeWriteOptions options;
    options.run_id = "run" + std::to_string(run);
    auto writer = lake::LakeTableWriter::Open(
        *catalog, lake, catalog::TableName::Parse("sales.orders"), schema, options);
    DataChunk chunk;
    chunk.Initialize({TypeId::kBigint});
    chunk.column(0).data<int64_t>()[0] = run;
    chunk.SetSize(1);
    writer->Write(chunk);
    writer->Close();
  }
  auto table = catalog->GetTable(catalog::TableName::Parse("sales.orders"));
  ASSERT_TRUE(table.has_value());
  std::string orphan = table->location + "/part-crashed-000000-0.parquet";
  std::ofstream(orphan) << "half written";

  std::ostringstream ls;
  EXPECT_EQ(cli::RunCatalogCommand(args, ls), 0);
  EXPECT_NE(ls.str().find("sales.orders"), std::string::npos) << ls.str();

  args.action = "show";
  args.target = "sales.orders";
  std::ostringstream show;
  cli::RunCatalogCommand(args, show);
  EXPECT_NE(show.str().find("snapshot:   2 (2 rows"), std::string::npos) << show.str();
  EXPECT_NE(show.str().find("BIGINT"), std::string::npos) << show.str();

  args.action = "history";
  std::ostringstream history;
  cli::RunCatalogCommand(args, history);
  EXPECT_NE(history.str().find("run1"), std::string::npos) << history.str();
  EXPECT_NE(history.str().find("run2"), std::string::npos) << history.str();

  args.action = "vacuum";
  args.grace_seconds = 0;
  std::ostringstream vacuum;
  cli::RunCatalogCommand(args, vacuum);
  EXPECT_NE(vacuum.str().find("removed 1 unreferenced"), std::string::npos) << vacuum.str();
  EXPECT_FALSE(fs::exists(orphan));

  args.action = "show";
  args.target = "sales.nope";
  std::ostringstream missing;
  EXPECT_THROW(cli::RunCatalogCommand(args, missing), Error);
  fs::remove_all(lake);
}

}  // namespace
}  // namespace sluice
