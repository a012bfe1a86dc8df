// Several writers with connections of their own committing to one table at once, and readers
// watching a checkpoint move with the snapshot that carries it; against every Catalog
// implementation (catalog_backend.h).
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "catalog_backend.h"
#include "common/error.h"

namespace sluice::catalog::testing {
namespace {

class CatalogConcurrencyTest : public CatalogBackendTest {};

// Commits one file on top of whatever the table is at, retrying on conflicts; returns how
// many conflicts it met.
int CommitWithRetry(Catalog& catalog, const std::string& path, CommitRequest request) {
  const TableName orders = TableName::Parse("sales.orders");
  for (int conflicts = 0;; conflicts++) {
    auto current = catalog.CurrentSnapshot(orders);
    request.expected_parent = current ? current->id : 0;
    request.added = {File(path, 1)};
    try {
      catalog.CommitSnapshot(request);
      return conflicts;
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::kRetryable) throw;
      EXPECT_NE(e.message().find("conflict: table sales.orders changed since snapshot"),
                std::string::npos)
          << e.message();
      if (conflicts > 10000) throw;
    }
  }
}

TEST_P(CatalogConcurrencyTest, ConcurrentCommitsLoseNoSnapshot) {
  constexpr int kWriters = 4;
  constexpr int kCommitsEach = 25;
  NewCatalog()->CreateTable(OrdersSpec());
  std::atomic<int> ready{0};
  std::atomic<int> conflicts{0};
  std::vector<std::thread> writers;
  std::vector<std::string> failures(kWriters);
  for (int w = 0; w < kWriters; w++) {
    writers.emplace_back([&, w] {
      try {
        auto catalog = NewCatalog();  // a connection of its own, as another process
        ready++;
        while (ready.load() < kWriters) std::this_thread::yield();
        for (int i = 0; i < kCommitsEach; i++) {
          CommitRequest request = Commit(0, {});
          request.run_id = "writer-" + std::to_string(w);
          conflicts += CommitWithRetry(
              *catalog, "w" + std::to_string(w) + "/" + std::to_string(i) + ".parquet", request);
        }
      } catch (const std::exception& e) {
        failures[w] = e.what();
      }
    });
  }
  for (auto& writer : writers) writer.join();
  for (const auto& failure : failures) EXPECT_EQ(failure, "");

  auto catalog = NewCatalog();
  TableName orders = TableName::Parse("sales.orders");
  auto history = catalog->ListSnapshots(orders);
  ASSERT_EQ(history.size(), static_cast<size_t>(kWriters * kCommitsEach));
  for (size_t i = 0; i < history.size(); i++) {
    EXPECT_EQ(history[i].id, static_cast<int64_t>(i + 1));  // dense
    EXPECT_EQ(history[i].parent, static_cast<int64_t>(i));
    EXPECT_EQ(history[i].files, i + 1);  // every commit kept the files before it
  }
  std::set<std::string> files;
  for (const auto& f : catalog->ListFiles(orders, history.back().id)) files.insert(f.path);
  for (int w = 0; w < kWriters; w++) {
    for (int i = 0; i < kCommitsEach; i++) {
      EXPECT_EQ(files.count("w" + std::to_string(w) + "/" + std::to_string(i) + ".parquet"), 1u);
    }
  }
  EXPECT_EQ(files.size(), static_cast<size_t>(kWriters * kCommitsEach));
  std::cout << "[          ] " << conflicts.load() << " conflicts retried\n";
}

// A checkpoint committed with a snapshot is visible exactly when the snapshot is: a reader
// that sees the entry of commit N sees snapshot N or later, and one that sees snapshot N sees
// the entry of commit N or later.
TEST_P(CatalogConcurrencyTest, CheckpointIsVisibleExactlyWithItsSnapshot) {
  constexpr int kCommits = 40;
  NewCatalog()->CreateTable(OrdersSpec());
  TableName orders = TableName::Parse("sales.orders");
  std::atomic<bool> done{false};
  std::atomic<int> observations{0};
  std::atomic<bool> reader_stopped{false};
  std::string failure;  // the reader's; read after join
  std::thread reader([&] {
    try {
      auto catalog = NewCatalog();
      auto watermark = [&] {
        auto entries = catalog->ListCheckpoints("retail", "watermark:orders");
        return entries.empty() ? int64_t{0} : std::stoll(entries[0].value_json);
      };
      auto snapshot = [&] {
        auto current = catalog->CurrentSnapshot(orders);
        return current ? current->id : int64_t{0};
      };
      while (!done.load() && failure.empty()) {
        int64_t entry_first = watermark();
        int64_t snapshot_after = snapshot();
        int64_t snapshot_first = snapshot();
        int64_t entry_after = watermark();
        if (entry_first > snapshot_after || snapshot_first > entry_after) {
          failure = fmt::format("entry {} then snapshot {}; snapshot {} then entry {}", entry_first,
                                snapshot_after, snapshot_first, entry_after);
        }
        observations++;
      }
    } catch (const std::exception& e) {
      failure = e.what();
    }
    reader_stopped = true;
  });
  auto writer = NewCatalog();
  for (int i = 1; i <= kCommits; i++) {
    // Keep the reader busy across the whole run: it has read at least once per commit.
    while (observations.load() < i && !reader_stopped.load()) std::this_thread::yield();
    CommitRequest request = Commit(i - 1, {File(std::to_string(i) + ".parquet", 1)});
    request.checkpoints = {
        CheckpointEntry{"retail", "watermark:orders", std::to_string(i), request.run_id, 0}};
    writer->CommitSnapshot(request);
  }
  done = true;
  reader.join();
  EXPECT_EQ(failure, "");
  EXPECT_GT(observations.load(), 0);
  EXPECT_EQ(writer->ListCheckpoints("retail")[0].value_json, std::to_string(kCommits));
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Backend, CatalogConcurrencyTest,
                         ::testing::Values(TestedCatalogBackend()));

}  // namespace sluice::catalog::testing
