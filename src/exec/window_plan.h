// PhysicalWindow::Plan — what PhysicalWindow derives from its calls once, at construction:
// which expressions the sink evaluates and stores next to the input columns, and the
// distinct (PARTITION BY, ORDER BY) specs with the calls computed under each.
//
// Stored columns are numbered like the stored chunks of WindowRows: the input columns
// first, then `evaluated` in order. A key or argument that is a plain column reference
// uses the input column itself.
//
// Thread-safety: immutable after construction.
#pragma once

#include <cstddef>
#include <vector>

#include "exec/window.h"

namespace sluice {

struct WindowKey {
  size_t column = 0;  // stored column
  TypeId type = TypeId::kNull;
  bool descending = false;
  bool nulls_first = false;
};

struct WindowSpecGroup {
  std::vector<WindowKey> partition;
  std::vector<WindowKey> order;
  std::vector<size_t> calls;  // indices into the operator's calls
  // Entries encode the keys in fixed-width words (every key is fixed-width and they fit);
  // otherwise entries are (hash, ref) and the sort compares stored columns.
  bool encoded = false;
  size_t partition_bytes = 0;       // encoded: bytes of the partition keys at the entry's start
  size_t key_bytes = 0;             // encoded: bytes of all keys
  size_t key_words = 0;             // words before the ref word
  std::vector<size_t> key_offsets;  // encoded: byte offset of each key (partition, order)

  size_t entry_words() const { return key_words + 1; }
};

struct PhysicalWindow::Plan {
  std::vector<const Expr*> evaluated;
  std::vector<TypeId> stored_types;
  std::vector<WindowSpecGroup> groups;
  std::vector<std::vector<size_t>> call_arguments;  // stored column of each argument
  std::vector<size_t> call_group;
};

}  // namespace sluice
