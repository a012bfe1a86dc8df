// StringArena — owns the bytes that VARCHAR values in a vector point to.
//
// A bump allocator over 64 KiB blocks (larger strings get a block of their own). It can
// also pin external buffers (a CSV read buffer, a decompressed Parquet page) so strings
// may point into them without copying. Freed all at once when the last vector sharing the
// arena lets go of it.
//
// Thread-safety: not thread-safe; one writer. Shared read-only after the chunk is built.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "types/type.h"

namespace sluice {

class StringArena {
 public:
  StringArena() = default;
  StringArena(const StringArena&) = delete;
  StringArena& operator=(const StringArena&) = delete;

  char* Allocate(size_t bytes);
  StringRef Add(std::string_view s) {
    if (s.empty()) return StringRef("", 0);
    char* p = Allocate(s.size());
    std::memcpy(p, s.data(), s.size());
    return StringRef(p, static_cast<uint32_t>(s.size()));
  }
  // Keeps `buffer` alive as long as this arena.
  void Pin(std::shared_ptr<const void> buffer) { pins_.push_back(std::move(buffer)); }
  // Keeps another arena alive (strings copied by reference from a vector using it).
  void Pin(std::shared_ptr<StringArena> arena) { arenas_.push_back(std::move(arena)); }
  size_t allocated_bytes() const { return allocated_; }
  void Clear();

 private:
  static constexpr size_t kBlockSize = 64 * 1024;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* cursor_ = nullptr;
  size_t remaining_ = 0;
  size_t allocated_ = 0;
  std::vector<std::shared_ptr<const void>> pins_;
  std::vector<std::shared_ptr<StringArena>> arenas_;
};

}  // namespace sluice
