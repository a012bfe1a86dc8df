#include "exec/memory_tracker.h"

#include <cctype>
#include <cmath>
#include <string>

namespace sluice {

void MemoryTracker::Add(uint64_t bytes) {
  uint64_t now = used_.fetch_add(bytes, std::memory_order_relaxed) + bytes;
  uint64_t peak = peak_.load(std::memory_order_relaxed);
  while (now > peak && !peak_.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
}

MemoryReservation& MemoryReservation::operator=(MemoryReservation&& other) noexcept {
  if (this == &other) return *this;
  Release();
  tracker_ = std::move(other.tracker_);
  bytes_ = other.bytes_;
  other.bytes_ = 0;
  return *this;
}

void MemoryReservation::Resize(uint64_t bytes) {
  if (tracker_ != nullptr) {
    if (bytes > bytes_) tracker_->Add(bytes - bytes_);
    if (bytes < bytes_) tracker_->Remove(bytes_ - bytes);
  }
  bytes_ = bytes;
}

std::optional<uint64_t> ParseMemorySize(std::string_view text) {
  std::string s;
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c)))
      s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  size_t digits = 0;
  while (digits < s.size() &&
         (std::isdigit(static_cast<unsigned char>(s[digits])) || s[digits] == '.')) {
    digits++;
  }
  if (digits == 0) return std::nullopt;
  double number = 0;
  try {
    size_t used = 0;
    number = std::stod(s.substr(0, digits), &used);
    if (used != digits) return std::nullopt;
  } catch (...) {
    return std::nullopt;
  }
  std::string unit = s.substr(digits);
  struct Unit {
    const char* name;
    double factor;
  };
  static const Unit kUnits[] = {{"", 1},
                                {"b", 1},
                                {"kb", 1e3},
                                {"mb", 1e6},
                                {"gb", 1e9},
                                {"tb", 1e12},
                                {"k", 1024.0},
                                {"m", 1048576.0},
                                {"g", 1073741824.0},
                                {"kib", 1024.0},
                                {"mib", 1048576.0},
                                {"gib", 1073741824.0},
                                {"tib", 1099511627776.0}};
  for (const Unit& u : kUnits) {
    if (unit == u.name) {
      double bytes = std::floor(number * u.factor);
      if (!(bytes >= 0) || bytes > 1.8e19) return std::nullopt;
      return static_cast<uint64_t>(bytes);
    }
  }
  return std::nullopt;
}

}  // namespace sluice
