#include "formats/json/json_writer.h"

#include <cmath>

#include "common/error.h"
#include "formats/json/json_text.h"
#include "storage/file_system.h"
#include "types/text_codec.h"

namespace sluice {
namespace {
constexpr size_t kFlushBytes = 1 << 20;
}  // namespace

JsonTableWriter::JsonTableWriter(const std::string& path, const Schema& schema, bool array)
    : path_(path),
      // Object stores publish an object only when its upload completes: no temporary name.
      temp_path_(FileSystem::For(path).WritesAppearOnClose() ? path : path + ".tmp"),
      schema_(schema),
      array_(array),
      fs_(FileSystem::For(path)) {
  for (size_t i = 0; i < schema_.size(); i++) {
    std::string prefix = i == 0 ? "" : ",";
    AppendJsonString(schema_[i].name, prefix);
    prefix += ':';
    key_prefixes_.push_back(std::move(prefix));
  }
  file_ = fs_.OpenForWrite(temp_path_);
  if (array_) buffer_ += "[\n";
}

JsonTableWriter::~JsonTableWriter() {
  if (closed_) return;
  try {
    file_.reset();
    if (temp_path_ != path_) fs_.Remove(temp_path_);
  } catch (...) {  // best effort: the temporary name already says the file is incomplete
  }
}

void JsonTableWriter::FlushBuffer() {
  if (buffer_.empty()) return;
  file_->Append(buffer_);
  buffer_.clear();
}

void JsonTableWriter::AppendRow(const DataChunk& chunk, size_t row) {
  if (array_ && rows_ > 0) buffer_ += ",\n";
  buffer_ += '{';
  for (size_t c = 0; c < schema_.size(); c++) {
    buffer_ += key_prefixes_[c];
    const Vector& column = chunk.column(c);
    if (!column.IsValid(row)) {
      buffer_ += "null";
      continue;
    }
    switch (column.type()) {
      case TypeId::kBoolean: buffer_ += column.data<uint8_t>()[row] ? "true" : "false"; break;
      case TypeId::kInteger: AppendInt64(column.data<int32_t>()[row], buffer_); break;
      case TypeId::kBigint: AppendInt64(column.data<int64_t>()[row], buffer_); break;
      case TypeId::kDouble: {
        double value = column.data<double>()[row];
        if (std::isfinite(value)) {
          AppendDouble(value, buffer_);
        } else {
          buffer_ += "null";
        }
        break;
      }
      case TypeId::kVarchar: AppendJsonString(column.data<StringRef>()[row].view(), buffer_); break;
      case TypeId::kDate:
        buffer_ += '"';
        AppendDate(column.data<int32_t>()[row], buffer_);
        buffer_ += '"';
        break;
      case TypeId::kTimestamp:
        buffer_ += '"';
        AppendTimestamp(column.data<int64_t>()[row], buffer_);
        buffer_ += '"';
        break;
      case TypeId::kNull: buffer_ += "null"; break;
    }
  }
  buffer_ += '}';
  if (!array_) buffer_ += '\n';
  rows_++;
}

void JsonTableWriter::Write(DataChunk& chunk) {
  if (closed_) throw Error::Internal("JSON writer {}: Write after Close", path_);
  if (chunk.column_count() != schema_.size()) {
    throw Error::Internal("JSON writer {}: chunk has {} columns, schema {}", path_,
                          chunk.column_count(), schema_.size());
  }
  chunk.Flatten();
  for (size_t row = 0; row < chunk.size(); row++) {
    AppendRow(chunk, row);
    if (buffer_.size() >= kFlushBytes) FlushBuffer();
  }
}

WriterStats JsonTableWriter::Close() {
  if (closed_) throw Error::Internal("JSON writer {}: Close called twice", path_);
  if (array_) buffer_ += rows_ > 0 ? "\n]\n" : "]\n";
  FlushBuffer();
  file_->Close();
  WriterStats stats;
  stats.rows = rows_;
  stats.bytes = file_->bytes_written();
  file_.reset();
  if (temp_path_ != path_) fs_.Rename(temp_path_, path_);
  closed_ = true;
  stats.files.push_back(path_);
  return stats;
}

std::unique_ptr<TableWriter> MakeJsonTableWriter(const std::string& path, const Schema& schema,
                                                 Options& options) {
  options.SetContext("COPY ... TO ... (FORMAT json)");
  bool array = options.TakeBool("array").value_or(false);
  options.CheckAllTaken({"array"});
  return std::make_unique<JsonTableWriter>(path, schema, array);
}

}  // namespace sluice
