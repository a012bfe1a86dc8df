#include "formats/json/json_array_reader.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>

#include "common/error.h"
#include "storage/file_system.h"

namespace sluice {

namespace ondemand = simdjson::ondemand;

JsonArrayReader::JsonArrayReader(const RandomAccessFile& file) : file_(file) {
  length_ = static_cast<size_t>(file.size());
  buffer_.reset(new char[length_ + simdjson::SIMDJSON_PADDING]);
  file.ReadExactly(0, length_, buffer_.get());
  std::memset(buffer_.get() + length_, ' ', simdjson::SIMDJSON_PADDING);

  ondemand::parser parser(std::max<size_t>(length_, simdjson::SIMDJSON_PADDING));
  ondemand::document doc;
  auto error = parser.iterate(buffer_.get(), length_, length_ + simdjson::SIMDJSON_PADDING)
                   .get(doc);
  if (error) ThrowAt(buffer_.get(), simdjson::error_message(error));
  ondemand::array array;
  if (doc.get_array().get(array)) ThrowAt(buffer_.get(), "expected a top-level JSON array");
  for (auto element_result : array) {
    ondemand::value element;
    if ((error = element_result.get(element))) {
      auto where = doc.current_location();
      ThrowAt(where.error() ? buffer_.get() + length_ : where.value_unsafe(),
              simdjson::error_message(error));
    }
    const char* start = element.raw_json_token().data();
    ondemand::object object;
    std::string_view raw;
    if (element.get_object().get(object) || object.raw_json().get(raw)) {
      ThrowAt(start, "array elements must be JSON objects");
    }
    spans_.emplace_back(static_cast<size_t>(raw.data() - buffer_.get()), raw.size());
  }
  auto trailing = doc.current_location();
  if (!trailing.error()) ThrowAt(trailing.value_unsafe(), "unexpected content after the array");
}

void JsonArrayReader::ThrowAt(const char* where, const char* what) const {
  size_t offset = static_cast<size_t>(std::clamp<const char*>(where, buffer_.get(), buffer_.get() + length_) -
                                      buffer_.get());
  uint64_t line = 1 + static_cast<uint64_t>(std::count(buffer_.get(), buffer_.get() + offset, '\n'));
  throw Error::UserInput("{}:{}: malformed JSON: {}", file_.path(), line, what);
}

bool JsonArrayReader::Next(JsonRecord* record) {
  if (next_ >= spans_.size()) return false;
  auto [offset, size] = spans_[next_++];
  record->text = std::string_view(buffer_.get() + offset, size);
  record->capacity = length_ + simdjson::SIMDJSON_PADDING - offset;
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
