#include "formats/csv/csv_scan.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "common/error.h"
#include "formats/csv/csv_morsel_reader.h"

namespace sluice {
namespace {

class CsvLocalState final : public SourceLocalState {
 public:
  explicit CsvLocalState(CsvScan& scan) : reader(scan) {}
  CsvMorselReader reader;
};

}  // namespace

CsvScan::CsvScan(std::shared_ptr<const CsvScanPlan> plan, const ScanRequest& request)
    : plan_(std::move(plan)), projection_(request.columns) {
  for (size_t column : projection_) {
    if (column >= plan_->schema.size()) {
      throw Error::Internal("read_csv: scan of column {} but the source has {}", column,
                            plan_->schema.size());
    }
  }
  const uint64_t step = std::max<uint64_t>(plan_->morsel_bytes, 1);
  for (size_t f = 0; f < plan_->files.size(); f++) {
    const CsvScanFile& file = plan_->files[f];
    files_.push_back(FileSystem::For(file.path).OpenForRead(file.path));
    first_morsel_of_file_.push_back(morsels_.size());
    const uint64_t begin = file.layout.data_start, size = file.layout.size;
    if (begin >= size) continue;
    total_bytes_ += size - begin;
    if (!plan_->dialect.QuoteParityWorks()) {
      morsels_.push_back({f, 0, begin, size});
      continue;
    }
    size_t k = 0;
    for (uint64_t b = begin; b < size; b += step) {
      morsels_.push_back({f, k++, b, std::min(size, b + step)});
    }
  }
  parities_.reset(new std::atomic<uint8_t>[std::max<size_t>(morsels_.size(), 1)]);
  start_states_.reset(new std::atomic<uint8_t>[std::max<size_t>(morsels_.size(), 1)]);
  for (size_t i = 0; i < morsels_.size(); i++) {
    parities_[i].store(0);
    bool first = morsels_[i].index_in_file == 0;
    bool inside = plan_->files[morsels_[i].file].layout.prefix_quote_parity;
    start_states_[i].store(first ? (inside ? 2 : 1) : 0);
  }
}

CsvScan::~CsvScan() = default;

std::unique_ptr<SourceLocalState> CsvScan::InitLocal() {
  return std::make_unique<CsvLocalState>(*this);
}

bool CsvScan::Next(SourceLocalState& local, DataChunk& out) {
  auto& state = static_cast<CsvLocalState&>(local);
  for (;;) {
    if (state.reader.active() && state.reader.NextChunk(out)) return true;
    size_t m = next_morsel_.fetch_add(1);
    if (m >= morsels_.size()) {
      out.SetSize(0);
      return false;
    }
    try {
      state.reader.Start(morsels_[m]);
    } catch (...) {
      MarkFailed();  // workers waiting for this morsel's quote parity must not wait forever
      throw;
    }
    local.batch_index = m;
  }
}

void CsvScan::PublishParity(const Morsel& morsel, bool parity) {
  size_t index = first_morsel_of_file_[morsel.file] + morsel.index_in_file;
  parities_[index].store(parity ? 2 : 1, std::memory_order_release);
}

bool CsvScan::WaitForQuoteState(const Morsel& morsel) {
  const size_t index = first_morsel_of_file_[morsel.file] + morsel.index_in_file;
  size_t j = index;
  while (start_states_[j].load(std::memory_order_acquire) == 0) j--;  // a file's first is known
  bool state = start_states_[j].load(std::memory_order_acquire) == 2;
  for (; j < index; j++) {
    uint8_t v;
    for (int spins = 0; (v = parities_[j].load(std::memory_order_acquire)) == 0; spins++) {
      if (failed_.load()) {
        throw Error::Internal("read_csv: {}: another worker failed",
                              plan_->files[morsel.file].path);
      }
      if (spins < 1000) {
        std::this_thread::yield();
      } else {
        std::this_thread::sleep_for(std::chrono::microseconds(50));
      }
    }
    state ^= v == 2;
    start_states_[j + 1].store(state ? 2 : 1, std::memory_order_release);
  }
  return state;
}

double CsvScan::Progress() const {
  if (total_bytes_ == 0) return 1.0;
  return std::min(1.0, static_cast<double>(bytes_done_.load()) / static_cast<double>(total_bytes_));
}

uint64_t CsvScan::LineAt(size_t file, uint64_t offset) const {
  const RandomAccessFile& f = *files_[file];
  std::vector<char> block(1 << 20);
  uint64_t lines = 1;
  for (uint64_t pos = 0; pos < offset;) {
    size_t n = static_cast<size_t>(std::min<uint64_t>(block.size(), offset - pos));
    n = f.ReadAt(pos, n, block.data());
    if (n == 0) break;
    lines += static_cast<uint64_t>(std::count(block.data(), block.data() + n, '\n'));
    pos += n;
  }
  return lines;
}

}  // namespace sluice
