// ExecutionContext — what running operators may use: the thread pool, the memory limit,
// the progress callback, and per-operator statistics for EXPLAIN ANALYZE.
//
// Thread-safety: shared by all workers of a query; its members are thread-safe or
// read-only during execution (OperatorStats counters are atomic).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace sluice {

class ThreadPool;
class PhysicalOperator;

struct OperatorStats {
  std::atomic<uint64_t> rows_out{0};
  std::atomic<uint64_t> nanos{0};
};

struct ExecutionContext {
  ThreadPool* pool = nullptr;
  uint64_t memory_limit_bytes = 0;
  std::string temp_directory;
  std::function<void(double fraction, const std::string& label)> progress;
  bool collect_stats = false;  // EXPLAIN ANALYZE
  uint64_t rows_rejected = 0;  // from sources with ignore_errors

  OperatorStats& StatsFor(const PhysicalOperator* op) {
    std::lock_guard<std::mutex> lock(stats_mutex);
    return stats[op];
  }
  std::mutex stats_mutex;
  std::map<const PhysicalOperator*, OperatorStats> stats;
};

}  // namespace sluice
