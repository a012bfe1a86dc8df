// CsvScan — the parallel scan of a set of CSV files (SourceScan of read_csv).
//
// Morsels are byte ranges of buffer_size bytes (default 4 MiB); a morsel owns the rows
// that start inside it. A worker preads its morsel plus some overlap into a buffer of its
// own, so it can finish the morsel's last row, and tokenizes and converts rows from it.
//
// Finding the first row of a morsel when quoted fields contain newlines: each worker
// first counts the quotes of its own morsel and publishes the parity; the quote state at
// the start of morsel k is the XOR of the parities of morsels 0..k-1 of that file (quotes
// toggle; see CsvTokenizer). A worker waits only for morsels already claimed by other
// workers, and only for their (fast) quote count, never for their parsing. With an escape
// character other than the quote, parity does not work and each file is one morsel.
//
// Errors name file:line. Line numbers are computed only when an error happens, by counting
// newlines from the start of the file up to the row.
//
// Thread-safety: Next() runs concurrently on distinct local states.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "formats/csv/csv_read_options.h"
#include "formats/csv/csv_sniffer.h"
#include "formats/table_source.h"
#include "storage/file_system.h"

namespace sluice {

struct CsvScanFile {
  std::string path;
  CsvFileLayout layout;
};

// What a scan needs to know, fixed when read_csv was bound.
struct CsvScanPlan {
  CsvDialect dialect;
  Schema schema;  // file columns, then `filename` when requested
  size_t file_columns = 0;
  bool ignore_errors = false;
  uint64_t morsel_bytes = 4 << 20;
  double bytes_per_row = 100;  // from the sniffer's sample
  std::vector<CsvScanFile> files;
};

class CsvScan final : public SourceScan {
 public:
  CsvScan(std::shared_ptr<const CsvScanPlan> plan, const ScanRequest& request);
  ~CsvScan() override;

  std::unique_ptr<SourceLocalState> InitLocal() override;
  bool Next(SourceLocalState& local, DataChunk& out) override;
  size_t MaxThreads() const override { return morsels_.empty() ? 1 : morsels_.size(); }
  double Progress() const override;
  uint64_t RowsRejected() const override { return rows_rejected_.load(); }

  struct Morsel {
    size_t file = 0;
    size_t index_in_file = 0;
    uint64_t begin = 0;  // nominal byte range; owns rows starting in [begin, end)
    uint64_t end = 0;
  };

  // Quote parity of one morsel, published by the worker that claimed it.
  bool WaitForQuoteState(const Morsel& morsel);
  void PublishParity(const Morsel& morsel, bool parity);
  void MarkFailed() { failed_.store(true); }
  void AddRejected(uint64_t rows) { rows_rejected_.fetch_add(rows); }
  void AddBytesDone(uint64_t bytes) { bytes_done_.fetch_add(bytes); }

  const CsvScanPlan& plan() const { return *plan_; }
  const std::vector<size_t>& projection() const { return projection_; }
  const RandomAccessFile& file(size_t i) const { return *files_[i]; }
  // 1-based line of the byte at `offset` in file i (counts newlines before it).
  uint64_t LineAt(size_t file, uint64_t offset) const;

 private:
  std::shared_ptr<const CsvScanPlan> plan_;
  std::vector<size_t> projection_;
  std::vector<std::unique_ptr<RandomAccessFile>> files_;
  std::vector<Morsel> morsels_;
  std::vector<size_t> first_morsel_of_file_;
  // Per morsel, 0: not yet counted; 1: even; 2: odd.
  std::unique_ptr<std::atomic<uint8_t>[]> parities_;
  // Per morsel, the quote state at its start once resolved (0: unknown; 1: outside quotes;
  // 2: inside), so that resolving morsel k does not walk all morsels before it again.
  std::unique_ptr<std::atomic<uint8_t>[]> start_states_;
  std::atomic<size_t> next_morsel_{0};
  std::atomic<bool> failed_{false};
  std::atomic<uint64_t> rows_rejected_{0};
  std::atomic<uint64_t> bytes_done_{0};
  uint64_t total_bytes_ = 0;
};

}  // namespace sluice
