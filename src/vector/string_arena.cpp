#include "vector/string_arena.h"

namespace sluice {

char* StringArena::Allocate(size_t bytes) {
  if (bytes > remaining_) {
    if (bytes > kBlockSize / 4) {
      blocks_.emplace_back(new char[bytes]);
      allocated_ += bytes;
      return blocks_.back().get();
    }
    blocks_.emplace_back(new char[kBlockSize]);
    cursor_ = blocks_.back().get();
    remaining_ = kBlockSize;
    allocated_ += kBlockSize;
  }
  char* p = cursor_;
  cursor_ += bytes;
  remaining_ -= bytes;
  return p;
}

void StringArena::Clear() {
  blocks_.clear();
  cursor_ = nullptr;
  remaining_ = 0;
  allocated_ = 0;
  pins_.clear();
  arenas_.clear();
}

}  // namespace sluice
