// ThreadPool — the one pool of worker threads that every parallel operator shares.
//
// Parallel work is morsel-driven: a caller asks for `workers` copies of a function to
// run at once; each copy pulls morsels (row groups, CSV byte ranges, partitions) from a
// shared atomic cursor until none are left. The calling thread takes part as worker 0.
//
// Thread-safety: RunWorkers / ParallelFor may be called from any one thread at a time per
// pool. A call made from inside a pool worker runs its work inline on that thread (no
// nested fan-out, so no deadlock). The first exception thrown by any worker is rethrown
// on the caller's thread after every worker has stopped.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sluice {

class ThreadPool {
 public:
  // threads == 0 means one per hardware core.
  explicit ThreadPool(size_t threads = 0);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Number of threads work can run on, the caller included.
  size_t size() const { return threads_.size() + 1; }

  // Runs fn(worker) for worker in [0, workers) concurrently and waits for all.
  // workers is clamped to size().
  void RunWorkers(size_t workers, const std::function<void(size_t worker)>& fn);

  // Runs fn(task, worker) for every task in [0, tasks), tasks pulled dynamically.
  void ParallelFor(size_t tasks, const std::function<void(size_t task, size_t worker)>& fn);

  static size_t HardwareThreads();

 private:
  void WorkerLoop();

  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
};

}  // namespace sluice
