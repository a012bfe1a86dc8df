// ProgressBar — a single-line progress bar on a terminal stream (stderr), fed by the
// Session's progress callback:
//
//   [##########..........]  50%  scanning orders.csv
//
// Redraws at most every 100 ms and only once the query has run for half a second, so short
// queries never flicker. Clear() erases the line; the destructor clears too. The caller
// decides whether the stream is a terminal; never use it on a pipe or a file.
//
// Thread-safety: Update() may be called from any thread; concurrent calls skip drawing
// rather than wait.
#pragma once

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

namespace sluice::cli {

class ProgressBar {
 public:
  explicit ProgressBar(std::FILE* stream, size_t width = 30);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void Update(double fraction, const std::string& label);
  void Clear();

  // The line drawn for a state, without control characters (exposed for tests).
  static std::string Line(double fraction, const std::string& label, size_t width);

 private:
  std::FILE* stream_;
  size_t width_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool drawn_ = false;
};

}  // namespace sluice::cli
