#include "formats/json/json_array_reader.h"

#include <algorithm>
#include <cstring>

#include "common/error.h"
#include "storage/file_system.h"

namespace sluice {

JsonArrayReader::JsonArrayReader(const RandomAccessFile& file) : file_(file) {
  length_ = static_cast<size_t>(file.size());
  buffer_.reset(new char[length_ + kJsonPadding]);
  file.ReadExactly(0, length_, buffer_.get());
  std::memset(buffer_.get() + length_, ' ', kJsonPadding);
  IndexElements();
}

namespace {
bool IsJsonSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
}  // namespace

// Finds the elements' spans with a byte scan that tracks strings and nesting depth only;
// each element is parsed (and validated) later by the row parser, one at a time, so the
// memory needed is the file plus 16 bytes per element rather than a whole-file index.
void JsonArrayReader::IndexElements() {
  const char* text = buffer_.get();
  size_t i = 0;
  if (length_ >= 3 && std::memcmp(text, "\xEF\xBB\xBF", 3) == 0) i = 3;  // byte order mark
  auto skip_space = [&] {
    while (i < length_ && IsJsonSpace(text[i])) i++;
  };
  skip_space();
  if (i >= length_ || text[i] != '[') ThrowAt(text + i, "expected a top-level JSON array");
  i++;
  skip_space();
  bool closed = false;
  if (i < length_ && text[i] == ']') {
    closed = true;
    i++;
  }
  while (!closed) {
    skip_space();
    if (i >= length_) ThrowAt(text + length_, "the array is not closed");
    if (text[i] != '{') ThrowAt(text + i, "array elements must be JSON objects");
    size_t start = i;
    size_t depth = 0;
    bool in_string = false;
    for (; i < length_; i++) {
      char c = text[i];
      if (in_string) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          in_string = false;
        }
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) break;
      }
    }
    if (i >= length_) ThrowAt(text + start, "an array element is not closed");
    i++;
    spans_.emplace_back(start, i - start);
    skip_space();
    if (i < length_ && text[i] == ',') {
      i++;
    } else if (i < length_ && text[i] == ']') {
      closed = true;
      i++;
    } else {
      ThrowAt(text + std::min(i, length_), "expected ',' or ']' after an array element");
    }
  }
  skip_space();
  if (i < length_) ThrowAt(text + i, "unexpected content after the array");
}

void JsonArrayReader::ThrowAt(const char* where, const char* what) const {
  size_t offset = static_cast<size_t>(
      std::clamp<const char*>(where, buffer_.get(), buffer_.get() + length_) - buffer_.get());
  uint64_t line =
      1 + static_cast<uint64_t>(std::count(buffer_.get(), buffer_.get() + offset, '\n'));
  throw Error::UserInput("{}:{}: malformed JSON: {}", file_.path(), line, what);
}

bool JsonArrayReader::Next(JsonRecord* record) {
  if (next_ >= spans_.size()) return false;
  auto [offset, size] = spans_[next_++];
  record->text = std::string_view(buffer_.get() + offset, size);
  record->capacity = length_ + kJsonPadding - offset;
  record->file_offset = offset;
  record->too_large = false;
  return true;
}

bool JsonArrayReader::LooksLikeArray(const RandomAccessFile& file) {
  char block[4096];
  uint64_t position = 0;
  while (true) {
    size_t got = file.ReadAt(position, sizeof(block), block);
    if (got == 0) return false;
    for (size_t i = 0; i < got; i++) {
      char c = block[i];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
      // A UTF-8 byte order mark is tolerated as well.
      if (position + i == 0 && got >= 3 && std::memcmp(block, "\xEF\xBB\xBF", 3) == 0) {
        i += 2;
        continue;
      }
      return c == '[';
    }
    position += got;
  }
}

}  // namespace sluice
