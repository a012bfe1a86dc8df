#include "common/thread_pool.h"

#include <atomic>
#include <exception>
#include <latch>

namespace sluice {
namespace {
thread_local bool t_inside_pool_worker = false;
}  // namespace

size_t ThreadPool::HardwareThreads() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

ThreadPool::ThreadPool(size_t threads) {
  if (threads == 0) threads = HardwareThreads();
  for (size_t i = 1; i < threads; i++) threads_.emplace_back([this] { WorkerLoop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

void ThreadPool::WorkerLoop() {
  t_inside_pool_worker = true;
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job();
  }
}

void ThreadPool::RunWorkers(size_t workers, const std::function<void(size_t)>& fn) {
  if (workers == 0) return;
  if (workers > size()) workers = size();
  if (workers == 1 || t_inside_pool_worker) {
    for (size_t w = 0; w < workers; w++) fn(w);
    return;
  }
  std::latch done(static_cast<std::ptrdiff_t>(workers - 1));
  std::mutex error_mutex;
  std::exception_ptr first_error;
  auto guarded = [&](size_t w) {
    try {
      fn(w);
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (!first_error) first_error = std::current_exception();
    }
  };
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (size_t w = 1; w < workers; w++) {
      queue_.emplace_back([&guarded, &done, w] {
        guarded(w);
        done.count_down();
      });
    }
  }
  wake_.notify_all();
  bool was_inside = t_inside_pool_worker;
  t_inside_pool_worker = true;  // nested calls from worker 0 run inline too
  guarded(0);
  t_inside_pool_worker = was_inside;
  done.wait();
  if (first_error) std::rethrow_exception(first_error);
}

void ThreadPool::ParallelFor(size_t tasks, const std::function<void(size_t, size_t)>& fn) {
  std::atomic<size_t> next{0};
  size_t workers = tasks < size() ? tasks : size();
  RunWorkers(workers, [&](size_t worker) {
    for (;;) {
      size_t task = next.fetch_add(1, std::memory_order_relaxed);
      if (task >= tasks) return;
      fn(task, worker);
    }
  });
}

}  // namespace sluice
