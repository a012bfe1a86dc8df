#include "formats/csv/csv_morsel_reader.h"

#include <algorithm>
#include <cstring>

#include "common/error.h"
#include "formats/csv/csv_row_splitter.h"

namespace sluice {
namespace {

constexpr size_t kTokenizeWindow = 128 << 10;
constexpr size_t kMaxBufferBytes = size_t{1} << 30;  // separator offsets are 31-bit

std::vector<CsvOutputColumn> OutputColumns(const CsvScan& scan) {
  std::vector<CsvOutputColumn> columns;
  for (size_t o = 0; o < scan.projection().size(); o++) {
    size_t field = scan.projection()[o];
    if (field < scan.plan().file_columns) {
      columns.push_back({field, scan.plan().schema[field].type, o});
    }
  }
  return columns;
}

}  // namespace

CsvMorselReader::CsvMorselReader(CsvScan& scan)
    : scan_(scan),
      plan_(scan.plan()),
      tokenizer_(scan.plan().dialect),
      builder_(scan.plan().dialect, OutputColumns(scan)) {
  for (size_t o = 0; o < scan.projection().size(); o++) {
    size_t field = scan.projection()[o];
    output_types_.push_back(plan_.schema[field].type);
    if (field >= plan_.file_columns) filename_output_ = o;
  }
  overlap_bytes_ = static_cast<size_t>(std::min<uint64_t>(plan_.morsel_bytes, 1 << 20));
  row_begin_.resize(kChunkCapacity);
  row_sep_.resize(kChunkCapacity);
}

void CsvMorselReader::EnsureCapacity(size_t bytes, size_t keep_from, size_t keep_bytes) {
  if (bytes > kMaxBufferBytes) {
    ThrowAtRow(row_start_, "a row longer than 1 GiB (is a quote missing its closing quote?)");
  }
  if (buffer_ != nullptr && buffer_.use_count() == 1 && capacity_ >= bytes) {
    if (keep_bytes > 0 && keep_from > 0) {
      std::memmove(buffer_.get(), buffer_.get() + keep_from, keep_bytes);
    }
    return;
  }
  size_t capacity = std::max(bytes, capacity_);
  std::shared_ptr<char[]> fresh(new char[capacity + kTokenizerPadding]);
  std::memset(fresh.get() + capacity, 0, kTokenizerPadding);
  if (keep_bytes > 0) std::memcpy(fresh.get(), buffer_.get() + keep_from, keep_bytes);
  buffer_ = std::move(fresh);
  capacity_ = capacity;
}

void CsvMorselReader::Start(const CsvScan::Morsel& morsel) {
  morsel_ = morsel;
  const RandomAccessFile& file = scan_.file(morsel.file);
  file_size_ = plan_.files[morsel.file].layout.size;
  const bool first = morsel.index_in_file == 0;
  // Reading from the byte before the morsel tells whether a row starts right at begin.
  uint64_t read_begin = first ? morsel.begin : morsel.begin - 1;
  uint64_t want =
      std::min<uint64_t>(morsel.end - read_begin + overlap_bytes_, file_size_ - read_begin);
  want = std::min<uint64_t>(want, plan_.morsel_bytes + overlap_bytes_ + 1);
  EnsureCapacity(static_cast<size_t>(want), 0, 0);
  file.ReadExactly(read_begin, static_cast<size_t>(want), buffer_.get());
  buffer_offset_ = read_begin;
  valid_ = static_cast<size_t>(want);
  std::memset(buffer_.get() + valid_, 0, kTokenizerPadding);

  bool in_quotes = false;
  if (plan_.dialect.QuoteParityWorks()) {
    size_t from = static_cast<size_t>(morsel.begin - read_begin);
    size_t to = static_cast<size_t>(morsel.end - read_begin);
    scan_.PublishParity(morsel, QuoteParity(buffer_.get(), from, to, plan_.dialect.quote));
    if (!first) {
      in_quotes = scan_.WaitForQuoteState(morsel) != (buffer_[0] == plan_.dialect.quote);
    }
  }
  tokenizer_.Reset(in_quotes);
  seps_.Clear();
  cursor_ = search_from_ = scanned_ = 0;
  row_start_ = 0;
  synced_ = first;
  final_row_end_added_ = false;
  active_ = true;
}

// Finds the next row end at or after search_from_, tokenizing and refilling as needed.
// Returns false if there is none: the morsel has no more rows (active_ is cleared), or
// rows are pending and the buffer must be refilled first (active_ stays set).
bool CsvMorselReader::FindRowEnd(size_t* index) {
  // Fast path: a well-formed row ends at exactly its column count's separator.
  const size_t expected = cursor_ + plan_.file_columns - 1;
  if (synced_ && search_from_ == cursor_ && expected < seps_.size()) {
    const uint32_t* seps = seps_.data();
    uint32_t any_row_end = 0;
    for (size_t k = cursor_; k < expected; k++) any_row_end |= seps[k];
    if ((any_row_end & kRowEndBit) == 0 && (seps[expected] & kRowEndBit) != 0) {
      *index = expected;
      return true;
    }
  }
  for (;;) {
    size_t i = search_from_;
    const uint32_t* seps = seps_.data();
    const size_t count = seps_.size();
    while (i < count && (seps[i] & kRowEndBit) == 0) i++;
    search_from_ = i;
    if (i < count) {
      *index = i;
      return true;
    }
    if (scanned_ < valid_) {
      size_t stop = std::min(valid_, scanned_ + kTokenizeWindow);
      tokenizer_.Scan(buffer_.get(), scanned_, stop, seps_);
      scanned_ = stop;
      continue;
    }
    if (!synced_) {
      active_ = false;  // the buffer covers the morsel: no row starts inside it
      return false;
    }
    if (buffer_offset_ + valid_ < file_size_) return false;  // caller refills
    if (row_start_ < valid_ && !final_row_end_added_) {
      if (tokenizer_.in_quotes()) {
        ThrowAtRow(row_start_, "unterminated quoted field (the file ends inside quotes)");
      }
      seps_.Push(static_cast<uint32_t>(valid_) | kRowEndBit);
      final_row_end_added_ = true;
      continue;
    }
    active_ = false;
    return false;
  }
}

void CsvMorselReader::Refill() {
  size_t tail = valid_ - row_start_;
  uint64_t read_at = buffer_offset_ + valid_;
  size_t chunk = plan_.dialect.QuoteParityWorks() ? overlap_bytes_ : plan_.morsel_bytes;
  size_t read =
      static_cast<size_t>(std::min<uint64_t>(file_size_ - read_at, std::max<size_t>(chunk, tail)));
  EnsureCapacity(tail + read, row_start_, tail);
  scan_.file(morsel_.file).ReadExactly(read_at, read, buffer_.get() + tail);
  buffer_offset_ += row_start_;
  valid_ = tail + read;
  std::memset(buffer_.get() + valid_, 0, kTokenizerPadding);
  tokenizer_.Reset(false);
  seps_.Clear();
  cursor_ = search_from_ = scanned_ = 0;
  row_start_ = 0;
}

size_t CsvMorselReader::CollectRows() {
  seps_.EraseFront(cursor_);
  search_from_ -= cursor_;
  cursor_ = 0;
  size_t n = 0;
  const size_t columns = plan_.file_columns;
  while (n < kChunkCapacity) {
    if (synced_ && buffer_offset_ + row_start_ >= morsel_.end) {
      active_ = false;
      break;
    }
    size_t i;
    if (!FindRowEnd(&i)) {
      if (!active_ || n > 0) break;
      Refill();
      continue;
    }
    uint32_t end = seps_[i] & kOffsetMask;
    search_from_ = i + 1;
    if (!synced_) {
      synced_ = true;
      cursor_ = i + 1;
      row_start_ = end + 1;
      continue;
    }
    size_t fields = i - cursor_ + 1;
    uint32_t begin = row_start_;
    size_t first_sep = cursor_;
    cursor_ = i + 1;
    row_start_ = end + 1;
    if (fields == 1 && end == begin) continue;  // an empty line
    if (fields != columns) {
      if (plan_.ignore_errors) {
        scan_.AddRejected(1);
        continue;
      }
      ThrowAtRow(begin, fmt::format("expected {} fields but found {}", columns, fields));
    }
    row_begin_[n] = begin;
    row_sep_[n] = static_cast<uint32_t>(first_sep);
    n++;
  }
  return n;
}

bool CsvMorselReader::NextChunk(DataChunk& out) {
  while (active_) {
    out.Initialize(output_types_);  // drops the previous chunk's pin on the buffer
    size_t n = CollectRows();
    if (!active_) scan_.AddBytesDone(morsel_.end - morsel_.begin);
    if (n == 0) continue;
    CsvRowBatch batch{buffer_.get(), seps_.data(), row_begin_.data(), row_sep_.data(), n};
    CsvBadValue bad;
    size_t bad_count = builder_.Build(batch, buffer_, out, rejected_, &bad);
    if (bad_count > 0) {
      if (!plan_.ignore_errors) {
        size_t field = bad.field;
        ThrowAtRow(row_begin_[bad.row],
                   fmt::format("column '{}': cannot parse \"{}\" as {}", plan_.schema[field].name,
                               bad.text, TypeName(plan_.schema[field].type)));
      }
      size_t kept = CsvChunkBuilder::Compact(out, rejected_, n);
      scan_.AddRejected(n - kept);
      n = kept;
      if (n == 0) continue;
    }
    if (filename_output_ != static_cast<size_t>(-1)) {
      out.column(filename_output_) =
          Vector::Constant(Value::Varchar(plan_.files[morsel_.file].path), TypeId::kVarchar);
    }
    out.SetSize(n);
    return true;
  }
  return false;
}

void CsvMorselReader::ThrowAtRow(uint32_t row_begin, const std::string& message) const {
  uint64_t line = scan_.LineAt(morsel_.file, buffer_offset_ + row_begin);
  throw Error::UserInput("{}:{}: {}", plan_.files[morsel_.file].path, line, message);
}

}  // namespace sluice
