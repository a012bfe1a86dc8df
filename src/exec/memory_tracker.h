// MemoryTracker — the memory budget of one query, shared by the operators that buffer
// data (sort, hash aggregate, hash-join build). Operators account in whole chunks or
// batches, never per row, so the cost is one atomic add per chunk.
//
// MemoryReservation is what an operator holds: it grows as the operator buffers data and
// gives everything back when the operator spills or its state is destroyed. The tracker
// does not refuse reservations; an operator asks IsOverLimit() and spills when it is true.
//
// Thread-safety: the tracker is thread-safe (atomics). A reservation is used by one
// thread at a time; operators keep one per worker or lock around it.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

namespace sluice {

class MemoryTracker {
 public:
  // limit 0: unlimited.
  explicit MemoryTracker(uint64_t limit) : limit_(limit) {}

  uint64_t limit() const { return limit_; }
  uint64_t used() const { return used_.load(std::memory_order_relaxed); }
  uint64_t peak() const { return peak_.load(std::memory_order_relaxed); }
  bool IsOverLimit() const { return limit_ != 0 && used() > limit_; }
  // Whether `bytes` more would still fit under the limit.
  bool Fits(uint64_t bytes) const { return limit_ == 0 || used() + bytes <= limit_; }

  void Add(uint64_t bytes);
  void Remove(uint64_t bytes) { used_.fetch_sub(bytes, std::memory_order_relaxed); }

 private:
  uint64_t limit_;
  std::atomic<uint64_t> used_{0};
  std::atomic<uint64_t> peak_{0};
};

class MemoryReservation {
 public:
  MemoryReservation() = default;
  explicit MemoryReservation(std::shared_ptr<MemoryTracker> tracker)
      : tracker_(std::move(tracker)) {}
  MemoryReservation(MemoryReservation&& other) noexcept { *this = std::move(other); }
  MemoryReservation& operator=(MemoryReservation&& other) noexcept;
  ~MemoryReservation() { Release(); }

  // Sets the reserved amount to `bytes` (growing or shrinking).
  void Resize(uint64_t bytes);
  void Grow(uint64_t bytes) { Resize(bytes_ + bytes); }
  void Release() { Resize(0); }
  uint64_t bytes() const { return bytes_; }
  bool IsOverLimit() const { return tracker_ != nullptr && tracker_->IsOverLimit(); }
  MemoryTracker* tracker() const { return tracker_.get(); }

 private:
  std::shared_ptr<MemoryTracker> tracker_;
  uint64_t bytes_ = 0;
};

// Parses a memory size as SET memory_limit takes it: "512MB", "2GiB", "1.5GB", "1000000"
// (bytes), case-insensitive, decimal (KB, MB, GB, TB) and binary (KiB, MiB, GiB, TiB)
// units. nullopt when the text is not a size.
std::optional<uint64_t> ParseMemorySize(std::string_view text);

}  // namespace sluice
