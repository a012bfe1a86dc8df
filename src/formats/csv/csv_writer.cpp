#include "formats/csv/csv_writer.h"

#include <cstring>

#include "common/error.h"
#include "types/text_codec.h"

namespace sluice {
namespace {

constexpr size_t kBlockBytes = 1 << 20;

char OneChar(const std::string& option, const std::string& value) {
  if (value == "\\t") return '\t';
  if (value.size() != 1) {
    throw Error::UserInput("COPY ... TO: option '{}' expects a single character, got '{}'", option,
                           value);
  }
  return value[0];
}

}  // namespace

CsvWriter::CsvWriter(std::string path, Schema schema, Settings settings)
    : path_(std::move(path)),
      // Object stores publish an object only when its upload completes: no temporary name.
      temp_path_(FileSystem::For(path_).WritesAppearOnClose() ? path_ : path_ + ".tmp"),
      schema_(std::move(schema)),
      settings_(std::move(settings)) {
  file_ = FileSystem::For(temp_path_).OpenForWrite(temp_path_);
  block_.reserve(kBlockBytes + 4096);
  if (settings_.header) {
    for (size_t c = 0; c < schema_.size(); c++) {
      if (c > 0) block_.push_back(settings_.delimiter);
      AppendField(schema_[c].name, true);
    }
    block_.push_back('\n');
  }
}

CsvWriter::~CsvWriter() {
  if (closed_) return;
  try {
    file_.reset();
    if (temp_path_ != path_) FileSystem::For(temp_path_).Remove(temp_path_);
  } catch (...) {  // best effort: the temporary name never looks like a finished file
  }
}

void CsvWriter::AppendField(std::string_view text, bool is_string) {
  const char delimiter = settings_.delimiter, quote = settings_.quote;
  bool needs_quotes =
      is_string && ((text.empty() && settings_.null_string.empty()) ||
                    (!settings_.null_string.empty() && text == settings_.null_string));
  if (!needs_quotes) {
    for (char c : text) {
      if (c == delimiter || c == quote || c == '\n' || c == '\r') {
        needs_quotes = true;
        break;
      }
    }
  }
  if (!needs_quotes) {
    block_.append(text);
    return;
  }
  block_.push_back(quote);
  for (char c : text) {
    if (c == quote) block_.push_back(quote);
    block_.push_back(c);
  }
  block_.push_back(quote);
}

void CsvWriter::AppendValue(const Vector& vector, size_t row) {
  if (!vector.IsValid(row)) {
    block_.append(settings_.null_string);
    return;
  }
  switch (vector.type()) {
    case TypeId::kBoolean: AppendBoolean(vector.data<uint8_t>()[row] != 0, block_); break;
    case TypeId::kInteger: AppendInt64(vector.data<int32_t>()[row], block_); break;
    case TypeId::kBigint: AppendInt64(vector.data<int64_t>()[row], block_); break;
    case TypeId::kDouble: AppendDouble(vector.data<double>()[row], block_); break;
    case TypeId::kDate: AppendDate(vector.data<int32_t>()[row], block_); break;
    case TypeId::kTimestamp: AppendTimestamp(vector.data<int64_t>()[row], block_); break;
    case TypeId::kVarchar: AppendField(vector.data<StringRef>()[row].view(), true); break;
    case TypeId::kNull: block_.append(settings_.null_string); break;
  }
}

void CsvWriter::FlushIfFull() {
  if (block_.size() < kBlockBytes) return;
  file_->Append(block_);
  block_.clear();
}

void CsvWriter::Write(DataChunk& chunk) {
  if (closed_) throw Error::Internal("CsvWriter::Write after Close");
  if (chunk.column_count() != schema_.size()) {
    throw Error::Internal("CsvWriter: chunk has {} columns, schema {}", chunk.column_count(),
                          schema_.size());
  }
  chunk.Flatten();
  const size_t columns = chunk.column_count();
  for (size_t r = 0; r < chunk.size(); r++) {
    for (size_t c = 0; c < columns; c++) {
      if (c > 0) block_.push_back(settings_.delimiter);
      AppendValue(chunk.column(c), r);
    }
    block_.push_back('\n');
    FlushIfFull();
  }
  rows_ += chunk.size();
}

WriterStats CsvWriter::Close() {
  if (closed_) throw Error::Internal("CsvWriter::Close called twice");
  if (!block_.empty()) file_->Append(block_);
  block_.clear();
  file_->Close();
  WriterStats stats;
  stats.rows = rows_;
  stats.bytes = file_->bytes_written();
  file_.reset();
  if (temp_path_ != path_) FileSystem::For(path_).Rename(temp_path_, path_);
  closed_ = true;
  stats.files.push_back(path_);
  return stats;
}

std::unique_ptr<TableWriter> MakeCsvWriter(const std::string& path, const Schema& schema,
                                           Options& options) {
  if (options.context().empty()) options.SetContext("COPY ... TO (FORMAT csv)");
  CsvWriter::Settings settings;
  if (auto v = options.TakeBool("header")) settings.header = *v;
  for (const char* name : {"delimiter", "delim", "sep"}) {
    if (auto v = options.TakeString(name)) settings.delimiter = OneChar(name, *v);
  }
  if (auto v = options.TakeString("quote")) settings.quote = OneChar("quote", *v);
  for (const char* name : {"nullstr", "null"}) {
    if (auto v = options.TakeString(name)) settings.null_string = *v;
  }
  options.CheckAllTaken({"header", "delimiter", "delim", "sep", "quote", "nullstr", "null"});
  if (settings.delimiter == settings.quote || settings.delimiter == '\n' ||
      settings.delimiter == '\r') {
    throw Error::UserInput(
        "COPY ... TO (FORMAT csv): the delimiter cannot be the quote or a newline");
  }
  return std::make_unique<CsvWriter>(path, schema, std::move(settings));
}

}  // namespace sluice
