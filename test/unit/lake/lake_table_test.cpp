#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <set>
#include <filesystem>
#include <fstream>

#include "catalog/run_store.h"
#include "catalog/sqlite_catalog.h"
#include "common/error.h"
#include "lake/lake_table_source.h"
#include "lake/lake_table_writer.h"
#include "lake/lake_vacuum.h"

namespace sluice::lake {
namespace {

using catalog::SnapshotOperation;
using catalog::TableName;
using Row = std::vector<Value>;

class LakeTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           (std::string("sluice_lake_") + info->name() + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    lake_ = (dir_ / "lake").string();
    catalog_ = std::make_unique<catalog::SqliteCatalog>(catalog::DefaultCatalogPath(lake_));
  }
  void TearDown() override {
    catalog_.reset();
    std::filesystem::remove_all(dir_);
  }

  static DataChunk Chunk(const Schema& schema, const std::vector<Row>& rows) {
    std::vector<TypeId> types;
    for (const auto& f : schema) types.push_back(f.type);
    DataChunk chunk;
    chunk.Initialize(types);
    for (size_t r = 0; r < rows.size(); r++) {
      for (size_t c = 0; c < schema.size(); c++) chunk.column(c).SetValue(r, rows[r][c]);
    }
    chunk.SetSize(rows.size());
    return chunk;
  }

  catalog::Snapshot WriteRows(const Schema& schema, const std::vector<Row>& rows,
                              SnapshotOperation mode, std::vector<std::string> partition_by = {},
                              std::vector<std::string> keys = {},
                              std::function<void()> hook = nullptr) {
    LakeWriteOptions options;
    options.mode = mode;
    options.partition_by = std::move(partition_by);
    options.merge_keys = std::move(keys);
    options.run_id = catalog::NewRunId();
    options.before_commit = std::move(hook);
    auto writer = LakeTableWriter::Open(*catalog_, lake_, orders_, schema, options);
    DataChunk chunk = Chunk(schema, rows);
    writer->Write(chunk);
    writer->Close();
    return writer->committed();
  }

  // Every row of a snapshot as "v1|v2|..." sorted.
  std::vector<std::string> ReadRows(std::optional<int64_t> snapshot = std::nullopt) {
    auto source = LakeTableSource::Open(*catalog_, orders_, snapshot);
    ScanRequest request;
    for (size_t c = 0; c < source->schema().size(); c++) request.columns.push_back(c);
    auto scan = source->Scan(request);
    auto local = scan->InitLocal();
    DataChunk chunk;
    std::vector<std::string> rows;
    while (scan->Next(*local, chunk)) {
      for (size_t r = 0; r < chunk.size(); r++) {
        std::string row;
        for (size_t c = 0; c < chunk.column_count(); c++) {
          ColumnView view(chunk, c);
          if (c > 0) row += "|";
          row += chunk.column(c).GetValue(view.Index(r)).ToString();
        }
        rows.push_back(row);
      }
    }
    std::sort(rows.begin(), rows.end());
    return rows;
  }

  size_t FilesOnDisk() {
    size_t n = 0;
    for (const auto& e :
         std::filesystem::recursive_directory_iterator(dir_ / "lake" / "sales" / "orders")) {
      n += e.is_regular_file() ? 1 : 0;
    }
    return n;
  }

  std::filesystem::path dir_;
  std::string lake_;
  std::unique_ptr<catalog::SqliteCatalog> catalog_;
  TableName orders_ = TableName::Parse("sales.orders");
  Schema schema_ = {
      {"id", TypeId::kBigint}, {"region", TypeId::kVarchar}, {"qty", TypeId::kInteger}};
};

TEST_F(LakeTableTest, AppendCreatesTableAndSnapshots) {
  auto s1 = WriteRows(schema_,
                      {{Value::Bigint(1), Value::Varchar("eu"), Value::Integer(5)},
                       {Value::Bigint(2), Value::Varchar("us"), Value::Integer(7)}},
                      SnapshotOperation::kAppend, {"region"});
  EXPECT_EQ(s1.id, 1);
  EXPECT_EQ(s1.rows, 2u);
  EXPECT_EQ(s1.files, 2u);  // one file per partition
  auto info = catalog_->GetTable(orders_);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->location, lake_ + "/sales/orders");
  EXPECT_EQ(info->partition_columns, std::vector<std::string>{"region"});
  auto files = catalog_->ListFiles(orders_, 1);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].path.rfind("region=eu/part-", 0), 0u) << files[0].path;
  EXPECT_EQ(files[0].partition[0].second, std::optional<std::string>("eu"));

  auto s2 = WriteRows(schema_, {{Value::Bigint(3), Value::Varchar("eu"), Value::Integer(1)}},
                      SnapshotOperation::kAppend);
  EXPECT_EQ(s2.id, 2);
  EXPECT_EQ(ReadRows(), (std::vector<std::string>{"1|eu|5", "2|us|7", "3|eu|1"}));
  EXPECT_EQ(ReadRows(1), (std::vector<std::string>{"1|eu|5", "2|us|7"}));
  EXPECT_TRUE(ReadRows(0).empty());
  EXPECT_THROW(LakeTableSource::Open(*catalog_, orders_, 9), Error);
  // A write cannot change the partitioning.
  EXPECT_THROW(WriteRows(schema_, {}, SnapshotOperation::kAppend, {"id"}), Error);
}

TEST_F(LakeTableTest, OverwriteAndOverwritePartitions) {
  WriteRows(schema_,
            {{Value::Bigint(1), Value::Varchar("eu"), Value::Integer(5)},
             {Value::Bigint(2), Value::Varchar("us"), Value::Integer(7)},
             {Value::Bigint(3), Value::Null(TypeId::kVarchar), Value::Integer(9)}},
            SnapshotOperation::kAppend, {"region"});
  auto s2 = WriteRows(schema_,
                      {{Value::Bigint(10), Value::Varchar("eu"), Value::Integer(1)},
                       {Value::Bigint(11), Value::Varchar("eu"), Value::Integer(2)}},
                      SnapshotOperation::kOverwritePartitions);
  EXPECT_EQ(s2.operation, SnapshotOperation::kOverwritePartitions);
  EXPECT_EQ(ReadRows(), (std::vector<std::string>{"10|eu|1", "11|eu|2", "2|us|7", "3|NULL|9"}));
  auto s3 = WriteRows(schema_, {{Value::Bigint(20), Value::Varchar("ap"), Value::Integer(3)}},
                      SnapshotOperation::kOverwrite);
  EXPECT_EQ(s3.files, 1u);
  EXPECT_EQ(ReadRows(), (std::vector<std::string>{"20|ap|3"}));
  EXPECT_EQ(ReadRows(2).size(), 4u);  // history stays readable
}

TEST_F(LakeTableTest, MergeReplacesMatchingKeysAndIsIdempotent) {
  WriteRows(schema_,
            {{Value::Bigint(1), Value::Varchar("eu"), Value::Integer(5)},
             {Value::Bigint(2), Value::Varchar("us"), Value::Integer(7)}},
            SnapshotOperation::kAppend);
  std::vector<Row> update = {{Value::Bigint(2), Value::Varchar("us"), Value::Integer(70)},
                             {Value::Bigint(3), Value::Varchar("ap"), Value::Integer(1)}};
  WriteRows(schema_, update, SnapshotOperation::kMerge, {}, {"id"});
  std::vector<std::string> expected = {"1|eu|5", "2|us|70", "3|ap|1"};
  EXPECT_EQ(ReadRows(), expected);
  auto again = WriteRows(schema_, update, SnapshotOperation::kMerge, {}, {"id"});
  EXPECT_EQ(ReadRows(), expected);
  EXPECT_EQ(again.rows, 3u);
  // A key twice in the new data is refused; the table stays as it was.
  std::vector<Row> duplicate = {{Value::Bigint(4), Value::Varchar("x"), Value::Integer(1)},
                                {Value::Bigint(4), Value::Varchar("y"), Value::Integer(2)}};
  EXPECT_THROW(WriteRows(schema_, duplicate, SnapshotOperation::kMerge, {}, {"id"}), Error);
  EXPECT_THROW(WriteRows(schema_, update, SnapshotOperation::kMerge, {}, {"nope"}), Error);
  EXPECT_EQ(ReadRows(), expected);
}

TEST_F(LakeTableTest, SchemaEvolutionOnWriteAndRead) {
  WriteRows(schema_, {{Value::Bigint(1), Value::Varchar("eu"), Value::Integer(5)}},
            SnapshotOperation::kAppend);
  Schema wider = {{"id", TypeId::kBigint},
                  {"region", TypeId::kVarchar},
                  {"qty", TypeId::kBigint},
                  {"note", TypeId::kVarchar}};
  WriteRows(
      wider,
      {{Value::Bigint(2), Value::Varchar("us"), Value::Bigint(5000000000), Value::Varchar("n")}},
      SnapshotOperation::kAppend);
  auto source = LakeTableSource::Open(*catalog_, orders_);
  ASSERT_EQ(source->schema().size(), 4u);
  EXPECT_EQ(source->schema()[2].type, TypeId::kBigint);
  EXPECT_EQ(ReadRows(), (std::vector<std::string>{"1|eu|5|NULL", "2|us|5000000000|n"}));
  EXPECT_EQ(ReadRows(1), (std::vector<std::string>{"1|eu|5"}));  // the old schema version
  Schema refused = {{"id", TypeId::kVarchar}};
  try {
    WriteRows(refused, {{Value::Varchar("x")}}, SnapshotOperation::kAppend);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput);
    EXPECT_NE(e.message().find("sales.orders: cannot change column 'id' from BIGINT to VARCHAR"),
              std::string::npos)
        << e.message();
  }
}

TEST_F(LakeTableTest, CrashBeforeCommitLeavesTableUnchangedAndVacuumCleansUp) {
  WriteRows(schema_, {{Value::Bigint(1), Value::Varchar("eu"), Value::Integer(5)}},
            SnapshotOperation::kAppend, {"region"});
  size_t files_before = FilesOnDisk();
  auto crash = [] { throw Error::Internal("injected crash between write and commit"); };
  EXPECT_THROW(WriteRows(schema_,
                         {{Value::Bigint(2), Value::Varchar("us"), Value::Integer(1)},
                          {Value::Bigint(3), Value::Varchar("eu"), Value::Integer(1)}},
                         SnapshotOperation::kOverwrite, {}, {}, crash),
               Error);
  EXPECT_EQ(catalog_->CurrentSnapshot(orders_)->id, 1);
  EXPECT_EQ(ReadRows(), (std::vector<std::string>{"1|eu|5"}));
  EXPECT_EQ(FilesOnDisk(), files_before + 2);  // the orphans are there

  // Within the grace period nothing goes (the write might still be running).
  EXPECT_TRUE(Vacuum(*catalog_, orders_, std::chrono::hours(1)).removed.empty());
  std::filesystem::create_directories(dir_ / "lake" / "sales" / "orders" / "region=eu");
  { std::ofstream(dir_ / "lake" / "sales" / "orders" / "region=eu" / "_SUCCESS") << "x"; }
  { std::ofstream(dir_ / "lake" / "sales" / "orders" / "part-x.parquet.tmp") << "half"; }
  VacuumResult result = VacuumAll(*catalog_, std::chrono::seconds(-1));
  EXPECT_EQ(result.removed.size(), 3u);  // two orphans and the half-written file
  EXPECT_GT(result.bytes, 0u);
  EXPECT_EQ(FilesOnDisk(), files_before + 1);  // _SUCCESS stays
  EXPECT_EQ(ReadRows(), (std::vector<std::string>{"1|eu|5"}));
}

TEST_F(LakeTableTest, AppendRecommitsOnConflictOtherModesFail) {
  WriteRows(schema_, {{Value::Bigint(1), Value::Varchar("eu"), Value::Integer(5)}},
            SnapshotOperation::kAppend);
  // Another writer commits between this writer's files and its commit.
  auto interleave = [&] {
    WriteRows(schema_, {{Value::Bigint(9), Value::Varchar("us"), Value::Integer(9)}},
              SnapshotOperation::kAppend);
  };
  auto s = WriteRows(schema_, {{Value::Bigint(2), Value::Varchar("eu"), Value::Integer(1)}},
                     SnapshotOperation::kAppend, {}, {}, interleave);
  EXPECT_EQ(s.id, 3);
  EXPECT_EQ(ReadRows(), (std::vector<std::string>{"1|eu|5", "2|eu|1", "9|us|9"}));
  try {
    WriteRows(schema_, {{Value::Bigint(5), Value::Varchar("eu"), Value::Integer(1)}},
              SnapshotOperation::kOverwrite, {}, {}, interleave);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kRetryable);
    EXPECT_NE(e.message().find("conflict"), std::string::npos);
  }
  EXPECT_EQ(ReadRows().size(), 4u);
}

}  // namespace
}  // namespace sluice::lake

namespace sluice::lake {
namespace {

// WriteAll with two workers: two files, one snapshot, every row exactly once.
TEST_F(LakeTableTest, WriteAllSplitsMaterializedRowsOverWorkers) {
  std::vector<DataChunk> chunks;
  const size_t kChunks = 300;  // 300 x 2048 rows: enough for two workers
  for (size_t c = 0; c < kChunks; c++) {
    DataChunk chunk;
    chunk.Initialize({TypeId::kBigint, TypeId::kVarchar, TypeId::kInteger});
    for (size_t r = 0; r < kChunkCapacity; r++) {
      int64_t id = static_cast<int64_t>(c * kChunkCapacity + r);
      chunk.column(0).SetValue(r, Value::Bigint(id));
      chunk.column(1).SetValue(r, Value::Varchar(id % 2 == 0 ? "north" : "south"));
      chunk.column(2).SetValue(r, Value::Integer(static_cast<int32_t>(id % 7)));
    }
    chunk.SetSize(kChunkCapacity);
    chunks.push_back(std::move(chunk));
  }
  std::vector<const DataChunk*> views;
  for (const auto& c : chunks) views.push_back(&c);
  LakeWriteOptions options;
  options.run_id = catalog::NewRunId();
  auto writer = LakeTableWriter::Open(*catalog_, lake_, orders_, schema_, options);
  writer->WriteAll(views, 2);
  WriterStats stats = writer->Close();
  EXPECT_EQ(stats.files.size(), 2u);
  EXPECT_EQ(writer->committed().rows, kChunks * kChunkCapacity);
  std::vector<std::string> rows = ReadRows();
  ASSERT_EQ(rows.size(), kChunks * kChunkCapacity);
  std::set<std::string> distinct(rows.begin(), rows.end());
  EXPECT_EQ(distinct.size(), rows.size());
}

}  // namespace
}  // namespace sluice::lake
