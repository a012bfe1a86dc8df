#include "formats/parquet/parquet_file_writer.h"

#include "common/error.h"

namespace sluice::parquet {

ParquetFileWriter::ParquetFileWriter(std::string path, Schema schema, FileWriterSettings settings)
    : path_(std::move(path)), schema_(std::move(schema)), settings_(settings) {
  if (schema_.empty())
    throw Error::UserInput("COPY ... TO {}: Parquet needs at least one column", path_);
  metadata_.version = 1;
  metadata_.created_by = "sluice";
  metadata_.has_column_orders = true;
  SchemaElement root;
  root.name = "schema";
  root.num_children = static_cast<int32_t>(schema_.size());
  metadata_.schema.push_back(root);
  for (const auto& field : schema_) metadata_.schema.push_back(SchemaElementFor(field));
  // Object stores publish an object only when its upload completes: no temporary name.
  temp_path_ = FileSystem::For(path_).WritesAppearOnClose() ? path_ : path_ + ".tmp";
  file_ = FileSystem::For(temp_path_).OpenForWrite(temp_path_);
  file_->Append("PAR1");
  offset_ = 4;
  buffers_.resize(schema_.size());
  for (size_t i = 0; i < schema_.size(); i++) buffers_[i].type = schema_[i].type;
}

ParquetFileWriter::~ParquetFileWriter() {
  if (!closed_) Abandon();
}

void ParquetFileWriter::Abandon() {
  closed_ = true;
  for (auto& f : in_flight_) {
    if (f.valid()) f.wait();
  }
  in_flight_.clear();
  try {
    if (temp_path_ == path_) {
      file_.reset();  // dropped without Close: the object store discards the upload
      return;
    }
    if (file_) file_->Close();
    file_.reset();
    FileSystem::For(temp_path_).Remove(temp_path_);
  } catch (...) {
    // Best effort: the temporary file never claims to be complete.
  }
}

uint64_t ParquetFileWriter::BufferedBytes() const {
  uint64_t buffered = 0;
  for (const auto& b : buffers_) buffered += b.ByteSize();
  return buffered;
}

uint64_t ParquetFileWriter::EstimatedSize() const {
  return offset_ + in_flight_bytes_ + BufferedBytes();
}

void ParquetFileWriter::Write(DataChunk& chunk) {
  if (chunk.column_count() != schema_.size()) {
    throw Error::Internal("parquet writer: chunk has {} columns, schema {}", chunk.column_count(),
                          schema_.size());
  }
  size_t offset = 0;
  while (offset < chunk.size()) {
    size_t take = std::min(chunk.size() - offset, settings_.row_group_rows - buffered_rows_);
    for (size_t c = 0; c < schema_.size(); c++)
      buffers_[c].Append(chunk.column(c), chunk.sel(), offset, take);
    buffered_rows_ += take;
    offset += take;
    uint64_t bytes = 0;
    for (const auto& b : buffers_) bytes += b.ByteSize();
    if (buffered_rows_ >= settings_.row_group_rows || bytes >= settings_.row_group_bytes)
      FlushRowGroup();
  }
  rows_ += chunk.size();
}

void ParquetFileWriter::FlushRowGroup() {
  if (buffered_rows_ == 0) return;
  auto buffers = std::make_shared<std::vector<ColumnBuffer>>(std::move(buffers_));
  buffers_.clear();
  buffers_.resize(schema_.size());
  for (size_t i = 0; i < schema_.size(); i++) buffers_[i].type = schema_[i].type;
  int64_t rows = static_cast<int64_t>(buffered_rows_);
  uint64_t raw_bytes = 0;
  for (const auto& b : *buffers) raw_bytes += b.ByteSize();
  buffered_rows_ = 0;
  auto names = std::make_shared<std::vector<std::string>>();
  for (const auto& f : schema_) names->push_back(f.name);
  WriteSettings settings = settings_.encoding;
  auto encode = [buffers, names, settings, rows]() {
    EncodedRowGroup group;
    group.rows = rows;
    for (size_t c = 0; c < buffers->size(); c++) {
      group.columns.push_back(EncodeColumnChunk((*buffers)[c], (*names)[c], settings));
      (*buffers)[c] = ColumnBuffer();  // free the raw rows early
    }
    return group;
  };
  if (settings_.max_in_flight == 0) {
    WriteEncoded(encode());
    return;
  }
  in_flight_.push_back(std::async(std::launch::async, encode));
  in_flight_sizes_.push_back(raw_bytes);
  in_flight_bytes_ += raw_bytes;
  while (in_flight_.size() > settings_.max_in_flight) WriteOldest();
}

void ParquetFileWriter::WriteOldest() {
  auto future = std::move(in_flight_.front());
  in_flight_.pop_front();
  in_flight_bytes_ -= in_flight_sizes_.front();
  in_flight_sizes_.pop_front();
  WriteEncoded(future.get());
}

void ParquetFileWriter::WriteEncoded(EncodedRowGroup group) {
  RowGroup rg;
  rg.num_rows = group.rows;
  for (auto& col : group.columns) {
    ColumnChunk chunk;
    chunk.has_meta_data = true;
    chunk.meta_data = std::move(col.meta);
    ColumnMetaData& m = chunk.meta_data;
    m.data_page_offset += static_cast<int64_t>(offset_);
    if (m.dictionary_page_offset) *m.dictionary_page_offset += static_cast<int64_t>(offset_);
    chunk.file_offset = m.dictionary_page_offset.value_or(m.data_page_offset);
    rg.total_byte_size += m.total_uncompressed_size;
    file_->Append(col.bytes);
    offset_ += col.bytes.size();
    rg.columns.push_back(std::move(chunk));
  }
  metadata_.num_rows += rg.num_rows;
  metadata_.row_groups.push_back(std::move(rg));
}

WriterStats ParquetFileWriter::Close() {
  if (closed_) throw Error::Internal("parquet writer: Close() called twice");
  try {
    FlushRowGroup();
    while (!in_flight_.empty()) WriteOldest();
    std::string footer = SerializeFileMetaData(metadata_);
    auto len = static_cast<uint32_t>(footer.size());
    footer.append(reinterpret_cast<const char*>(&len), 4);
    footer.append("PAR1");
    file_->Append(footer);
    offset_ += footer.size();
    file_->Close();
    file_.reset();
    if (temp_path_ != path_) FileSystem::For(path_).Rename(temp_path_, path_);
  } catch (...) {
    Abandon();
    throw;
  }
  closed_ = true;
  WriterStats stats;
  stats.rows = rows_;
  stats.bytes = offset_;
  stats.files.push_back(path_);
  return stats;
}

}  // namespace sluice::parquet
