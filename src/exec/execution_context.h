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
#include <memory>
#include <mutex>
#include <string>

#include "exec/memory_tracker.h"
#include "exec/spill_file.h"

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

  // The query's memory budget (memory_limit_bytes; 0 = unlimited) and where operators
  // that outgrow it spill (temp_directory, or a per-query directory). Created on first
  // use; operator states keep them alive as long as they need them.
  std::shared_ptr<MemoryTracker> memory_tracker() {
    std::lock_guard<std::mutex> lock(spill_mutex_);
    if (!memory_tracker_) memory_tracker_ = std::make_shared<MemoryTracker>(memory_limit_bytes);
    return memory_tracker_;
  }
  std::shared_ptr<SpillDirectory> spill_directory() {
    std::lock_guard<std::mutex> lock(spill_mutex_);
    if (!spill_directory_) spill_directory_ = std::make_shared<SpillDirectory>(temp_directory);
    return spill_directory_;
  }
  std::atomic<uint64_t> spilled_bytes{0};  // written to spill files by this query

  OperatorStats& StatsFor(const PhysicalOperator* op) {
    std::lock_guard<std::mutex> lock(stats_mutex);
    return stats[op];
  }
  std::mutex stats_mutex;
  std::map<const PhysicalOperator*, OperatorStats> stats;

 private:
  std::mutex spill_mutex_;
  std::shared_ptr<MemoryTracker> memory_tracker_;
  std::shared_ptr<SpillDirectory> spill_directory_;
};

}  // namespace sluice
