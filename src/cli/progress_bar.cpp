#include "cli/progress_bar.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace sluice::cli {
namespace {
constexpr auto kFirstDrawAfter = std::chrono::milliseconds(500);
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);
constexpr size_t kMaxLabel = 40;
}  // namespace

ProgressBar::ProgressBar(std::FILE* stream, size_t width)
    : stream_(stream), width_(width), start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() {
  Clear();
}

std::string ProgressBar::Line(double fraction, const std::string& label, size_t width) {
  if (!(fraction >= 0)) fraction = 0;  // also NaN
  fraction = std::min(fraction, 1.0);
  auto filled = static_cast<size_t>(std::floor(fraction * static_cast<double>(width)));
  std::string line;
  line.reserve(width + kMaxLabel + 16);
  line.push_back('[');
  line.append(filled, '#');
  line.append(width - filled, '.');
  line.append("] ");
  line.append(fmt::format("{:3d}%", static_cast<int>(std::floor(fraction * 100))));
  if (!label.empty()) {
    line.append("  ");
    if (label.size() > kMaxLabel) {
      line.append(label, 0, kMaxLabel - 3);
      line.append("...");
    } else {
      line.append(label);
    }
  }
  return line;
}

void ProgressBar::Update(double fraction, const std::string& label) {
  std::unique_lock<std::mutex> lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock()) return;
  auto now = std::chrono::steady_clock::now();
  if (now - start_ < kFirstDrawAfter) return;
  if (drawn_ && now - last_draw_ < kRedrawEvery) return;
  last_draw_ = now;
  drawn_ = true;
  std::string line = Line(fraction, label, width_);
  std::fprintf(stream_, "\r%s\x1b[K", line.c_str());
  std::fflush(stream_);
}

void ProgressBar::Clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!drawn_) return;
  drawn_ = false;
  std::fputs("\r\x1b[K", stream_);
  std::fflush(stream_);
}

}  // namespace sluice::cli
