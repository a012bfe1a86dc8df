// ValueSlot<T> — one value of physical type T kept inside an aggregate state slot. Fixed
// width values are stored inline; strings are copied into a heap buffer owned by the slot
// (reused while it is large enough) because the input chunk's bytes do not outlive the
// update call. Slots start zeroed (Clear) and must be Free()d by the aggregate's destroy.
//
// Thread-safety: plain data; one state is touched by one thread at a time.
#pragma once

#include <cstdlib>
#include <cstring>
#include <new>

#include "types/type.h"

namespace sluice::functions {

template <typename T>
struct ValueSlot {
  T value;
  void Clear() { value = T{}; }
  void Set(const T& v) { value = v; }
  const T& Get() const { return value; }
  void Free() {}
};

template <>
struct ValueSlot<StringRef> {
  char* data;
  uint32_t size;
  uint32_t capacity;

  void Clear() {
    data = nullptr;
    size = 0;
    capacity = 0;
  }
  void Set(const StringRef& v) {
    if (v.size > capacity) {
      std::free(data);
      data = nullptr;
      capacity = 0;
      size_t wanted = v.size < 16 ? 16 : v.size;
      data = static_cast<char*>(std::malloc(wanted));
      if (data == nullptr) throw std::bad_alloc();
      capacity = static_cast<uint32_t>(wanted);
    }
    if (v.size > 0) std::memcpy(data, v.data, v.size);
    size = v.size;
  }
  StringRef Get() const { return StringRef(data == nullptr ? "" : data, size); }
  void Free() {
    std::free(data);
    Clear();
  }
};

}  // namespace sluice::functions
