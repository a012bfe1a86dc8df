#include "exec/sorted_run_merger.h"

#include <algorithm>
#include <string_view>

#include "exec/spill_codec.h"

namespace sluice {

int CompareSortValues(const Vector& a, size_t ia, const Vector& b, size_t ib, TypeId type) {
  switch (type) {
    case TypeId::kBoolean: {
      int x = a.data<uint8_t>()[ia], y = b.data<uint8_t>()[ib];
      return (x > y) - (x < y);
    }
    case TypeId::kInteger:
    case TypeId::kDate: {
      int32_t x = a.data<int32_t>()[ia], y = b.data<int32_t>()[ib];
      return (x > y) - (x < y);
    }
    case TypeId::kBigint:
    case TypeId::kTimestamp: {
      int64_t x = a.data<int64_t>()[ia], y = b.data<int64_t>()[ib];
      return (x > y) - (x < y);
    }
    case TypeId::kDouble: {
      double x = a.data<double>()[ia], y = b.data<double>()[ib];
      bool nx = x != x, ny = y != y;
      if (nx || ny) return nx == ny ? 0 : (nx ? 1 : -1);
      return (x > y) - (x < y);
    }
    case TypeId::kVarchar: {
      std::string_view x = a.data<StringRef>()[ia].view(), y = b.data<StringRef>()[ib].view();
      int c = x.compare(y);
      return (c > 0) - (c < 0);
    }
    default: return 0;
  }
}

SortedRunMerger::SortedRunMerger(std::shared_ptr<SpillFile> file, std::vector<SortedRun> runs,
                                 std::vector<TypeId> run_types, size_t payload_columns,
                                 std::vector<MergeKey> keys)
    : file_(std::move(file)),
      runs_(std::move(runs)),
      run_types_(std::move(run_types)),
      payload_types_(run_types_.begin(), run_types_.begin() + static_cast<long>(payload_columns)),
      payload_columns_(payload_columns),
      keys_(std::move(keys)) {}

bool SortedRunMerger::Load(Cursor& cursor) {
  const SortedRun& run = runs_[cursor.run];
  while (cursor.next_block < run.blocks.size()) {
    cursor.buffer = file_->Read(run.blocks[cursor.next_block++]);
    size_t offset = 0;
    DecodeChunk(cursor.buffer, &offset, run_types_, cursor.chunk);
    cursor.row = 0;
    cursor.pinned = false;
    if (cursor.chunk.size() > 0) return true;
  }
  return false;
}

bool SortedRunMerger::Less(const Cursor& a, const Cursor& b) const {
  for (size_t k = 0; k < keys_.size(); k++) {
    const Vector& va = a.chunk.column(payload_columns_ + k);
    const Vector& vb = b.chunk.column(payload_columns_ + k);
    bool na = !va.IsValid(a.row), nb = !vb.IsValid(b.row);
    if (na || nb) {
      if (na && nb) continue;
      return na == keys_[k].nulls_first;
    }
    int c = CompareSortValues(va, a.row, vb, b.row, keys_[k].type);
    if (c != 0) return keys_[k].descending ? c > 0 : c < 0;
  }
  size_t batch_column = payload_columns_ + keys_.size();
  uint64_t ba = a.chunk.column(batch_column).data<uint64_t>()[a.row];
  uint64_t bb = b.chunk.column(batch_column).data<uint64_t>()[b.row];
  if (ba != bb) return ba < bb;
  return a.run < b.run;
}

namespace {
template <typename T>
void CopyValue(const Vector& src, size_t from, Vector& dst, size_t to) {
  dst.data<T>()[to] = src.data<T>()[from];
  if (!src.IsValid(from)) dst.SetNull(to);
}
}  // namespace

bool SortedRunMerger::Next(DataChunk& out) {
  // heap_ is a max-heap under the inverted order, so its front is the smallest row.
  auto after = [this](size_t a, size_t b) { return Less(cursors_[b], cursors_[a]); };
  if (!started_) {
    started_ = true;
    cursors_.resize(runs_.size());
    for (size_t r = 0; r < runs_.size(); r++) {
      cursors_[r].run = r;
      if (Load(cursors_[r])) heap_.push_back(r);
    }
    std::make_heap(heap_.begin(), heap_.end(), after);
  }
  if (heap_.empty()) return false;
  out.Initialize(payload_types_);
  for (auto& cursor : cursors_) cursor.pinned = false;
  size_t n = 0;
  while (n < kChunkCapacity && !heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), after);
    Cursor& cursor = cursors_[heap_.back()];
    if (!cursor.pinned) {
      // Strings are not copied: the output keeps the block they live in.
      for (size_t c = 0; c < payload_columns_; c++) {
        if (payload_types_[c] == TypeId::kVarchar)
          out.column(c).arena().Pin(std::shared_ptr<const void>(cursor.buffer));
      }
      cursor.pinned = true;
    }
    for (size_t c = 0; c < payload_columns_; c++) {
      const Vector& src = cursor.chunk.column(c);
      switch (PhysicalSize(payload_types_[c])) {
        case 1: CopyValue<uint8_t>(src, cursor.row, out.column(c), n); break;
        case 4: CopyValue<uint32_t>(src, cursor.row, out.column(c), n); break;
        case 8: CopyValue<uint64_t>(src, cursor.row, out.column(c), n); break;
        case 16: CopyValue<StringRef>(src, cursor.row, out.column(c), n); break;
        default: break;
      }
    }
    n++;
    cursor.row++;
    if (cursor.row < cursor.chunk.size() || Load(cursor)) {
      std::push_heap(heap_.begin(), heap_.end(), after);
    } else {
      heap_.pop_back();
    }
  }
  out.SetSize(n);
  return true;
}

}  // namespace sluice
