#include "formats/json/json_line_reader.h"

#include <algorithm>
#include <cstring>

#include "storage/file_system.h"

namespace sluice {
namespace {

bool IsBlank(const char* begin, const char* end) {
  for (const char* p = begin; p < end; p++) {
    if (*p != ' ' && *p != '\t' && *p != '\r') return false;
  }
  return true;
}

// Reads past the range end in small steps: usually only the rest of one line is needed.
constexpr size_t kTailBlockBytes = 64 * 1024;

}  // namespace

uint64_t LineNumberAt(const RandomAccessFile& file, uint64_t offset) {
  constexpr size_t kBlock = 1 << 20;
  std::unique_ptr<char[]> block(new char[kBlock]);
  uint64_t lines = 1;
  uint64_t position = 0;
  offset = std::min(offset, file.size());
  while (position < offset) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(kBlock, offset - position));
    size_t got = file.ReadAt(position, want, block.get());
    if (got == 0) break;
    lines += static_cast<uint64_t>(std::count(block.get(), block.get() + got, '\n'));
    position += got;
  }
  return lines;
}

JsonLineReader::JsonLineReader(const RandomAccessFile& file, uint64_t begin, uint64_t end,
                               uint64_t max_record_size, size_t block_bytes)
    : file_(file), end_(end), max_record_size_(max_record_size), block_bytes_(block_bytes) {
  if (begin > 0) {
    // The line holding byte begin-1 is the previous range's, unless that byte ends it.
    read_offset_ = begin - 1;
    skip_line_ = true;
  }
  buffer_offset_ = read_offset_;
}

bool JsonLineReader::Fill() {
  if (eof_) return false;
  size_t keep = length_ - position_;
  if (position_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + position_, keep);
    buffer_offset_ += position_;
    length_ = keep;
    position_ = 0;
  }
  size_t want = read_offset_ < end_
                    ? static_cast<size_t>(std::min<uint64_t>(block_bytes_, end_ - read_offset_))
                    : kTailBlockBytes;
  if (length_ + want > capacity_) {
    size_t new_capacity = std::max(capacity_ * 2, length_ + want);
    std::unique_ptr<char[]> bigger(new char[new_capacity + kJsonPadding]);
    if (length_ > 0) std::memcpy(bigger.get(), buffer_.get(), length_);
    buffer_ = std::move(bigger);
    capacity_ = new_capacity;
  }
  size_t got = file_.ReadAt(read_offset_, want, buffer_.get() + length_);
  if (got < want) eof_ = true;
  read_offset_ += got;
  length_ += got;
  std::memset(buffer_.get() + length_, ' ', kJsonPadding);
  return got > 0;
}

bool JsonLineReader::SkipPastNewline() {
  while (true) {
    const char* start = buffer_.get() + position_;
    const void* newline =
        length_ > position_ ? std::memchr(start, '\n', length_ - position_) : nullptr;
    if (newline != nullptr) {
      position_ = static_cast<size_t>(static_cast<const char*>(newline) - buffer_.get()) + 1;
      return true;
    }
    position_ = length_;  // nothing here is ours: drop it before reading on
    if (!Fill()) return false;
  }
}

bool JsonLineReader::Next(JsonRecord* record) {
  while (true) {
    if (skip_line_) {
      if (!SkipPastNewline()) return false;
      skip_line_ = false;
    }
    uint64_t line_offset = buffer_offset_ + position_;
    if (line_offset >= end_) return false;
    const char* start = buffer_.get() + position_;
    const void* found =
        length_ > position_ ? std::memchr(start, '\n', length_ - position_) : nullptr;
    const char* line_end;
    if (found != nullptr) {
      line_end = static_cast<const char*>(found);
      position_ = static_cast<size_t>(line_end - buffer_.get()) + 1;
    } else if (eof_) {
      if (position_ == length_) return false;
      line_end = buffer_.get() + length_;
      position_ = length_;
    } else {
      if (length_ - position_ > max_record_size_) {
        skip_line_ = true;
        record->text = {};
        record->capacity = 0;
        record->file_offset = line_offset;
        record->too_large = true;
        return true;
      }
      Fill();
      continue;
    }
    if (IsBlank(start, line_end)) continue;
    size_t size = static_cast<size_t>(line_end - start);
    if (size > max_record_size_) {
      record->text = {};
      record->capacity = 0;
      record->too_large = true;
    } else {
      record->text = std::string_view(start, size);
      record->capacity = static_cast<size_t>(buffer_.get() + length_ + kJsonPadding - start);
      record->too_large = false;
    }
    record->file_offset = line_offset;
    return true;
  }
}

}  // namespace sluice
