#include "common/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

namespace sluice {
namespace {

TEST(ThreadPoolTest, ParallelForRunsEveryTaskOnce) {
  ThreadPool pool(4);
  std::vector<std::atomic<int>> hits(1000);
  pool.ParallelFor(hits.size(), [&](size_t task, size_t) { hits[task]++; });
  for (auto& h : hits) EXPECT_EQ(h.load(), 1);
}

TEST(ThreadPoolTest, ExceptionsReachTheCaller) {
  ThreadPool pool(3);
  EXPECT_THROW(pool.RunWorkers(3,
                               [](size_t w) {
                                 if (w == 2) throw std::runtime_error("boom");
                               }),
               std::runtime_error);
  // The pool still works afterwards.
  std::atomic<int> n{0};
  pool.RunWorkers(3, [&](size_t) { n++; });
  EXPECT_EQ(n.load(), 3);
}

TEST(ThreadPoolTest, NestedCallsRunInline) {
  ThreadPool pool(2);
  std::atomic<int> n{0};
  pool.RunWorkers(2, [&](size_t) { pool.ParallelFor(10, [&](size_t, size_t) { n++; }); });
  EXPECT_EQ(n.load(), 20);
}

}  // namespace
}  // namespace sluice
