// A checkpoint file (`part-NNN.chunks`) holds one share of a dataset's chunks:
//
//   "SLUICE-CHECKPOINT-1\n"
//   u32 column_count; per column: u8 TypeId, u32 name length, the name bytes
//   then chunks in the spill codec's encoding (exec/spill_codec.h), back to back
//
// Native byte order, no compression: the file is written once and read back at most
// once, by this binary on a machine of the same kind, so speed beats portability (it is
// about as fast as copying the rows; Parquet with LZ4 cost ~40% of a pipeline's time).
#include "runner/run_area.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <memory>
#include <thread>
#include <vector>

#include "common/error.h"
#include "common/thread_pool.h"
#include "exec/chunk_collection.h"
#include "exec/spill_codec.h"
#include "sql/parser/ast_expression.h"
#include "sql/session.h"
#include "storage/file_system.h"
#include "vector/chunk_shares.h"

namespace sluice::runner {
namespace {

constexpr std::string_view kMagic = "SLUICE-CHECKPOINT-1\n";
constexpr size_t kFlushBytes = 8 << 20;

template <typename T>
void AppendPod(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof(value));
}

template <typename T>
T ReadPod(const std::string& in, size_t* offset, const std::string& path) {
  if (*offset + sizeof(T) > in.size()) {
    throw Error::UserInput("checkpoint {} is cut short; abandon the run (--abandon)", path);
  }
  T value;
  std::memcpy(&value, in.data() + *offset, sizeof(T));
  *offset += sizeof(T);
  return value;
}

std::string Header(const Schema& schema) {
  std::string out(kMagic);
  AppendPod<uint32_t>(out, static_cast<uint32_t>(schema.size()));
  for (const Field& field : schema) {
    AppendPod<uint8_t>(out, static_cast<uint8_t>(field.type));
    AppendPod<uint32_t>(out, static_cast<uint32_t>(field.name.size()));
    out += field.name;
  }
  return out;
}

void WriteShare(const std::string& path, const Schema& schema,
                const std::vector<const DataChunk*>& chunks, size_t begin, size_t end) {
  auto file = FileSystem::For(path).OpenForWrite(path);
  std::string buffer = Header(schema);
  for (size_t i = begin; i < end; i++) {
    EncodeChunk(*chunks[i], nullptr, chunks[i]->size(), buffer);
    if (buffer.size() >= kFlushBytes) {
      file->Append(buffer);
      buffer.clear();
    }
  }
  file->Append(buffer);
  file->Close();
}

// Reads one checkpoint file into `data` (creating it with the file's schema).
void ReadShare(const std::string& path, Schema* schema, std::shared_ptr<ChunkCollection>* data) {
  auto file = FileSystem::For(path).OpenForRead(path);
  auto buffer = std::make_shared<std::string>(file->size(), '\0');
  file->ReadExactly(0, buffer->size(), buffer->data());
  if (buffer->compare(0, kMagic.size(), kMagic) != 0) {
    throw Error::UserInput("{} is not a sluice stage checkpoint; abandon the run (--abandon)",
                           path);
  }
  size_t offset = kMagic.size();
  Schema file_schema(ReadPod<uint32_t>(*buffer, &offset, path));
  for (Field& field : file_schema) {
    field.type = static_cast<TypeId>(ReadPod<uint8_t>(*buffer, &offset, path));
    uint32_t length = ReadPod<uint32_t>(*buffer, &offset, path);
    if (offset + length > buffer->size()) {
      throw Error::UserInput("checkpoint {} is cut short; abandon the run (--abandon)", path);
    }
    field.name = buffer->substr(offset, length);
    offset += length;
  }
  std::vector<TypeId> types;
  for (const Field& field : file_schema) types.push_back(field.type);
  if (!*data) {
    *schema = file_schema;
    *data = std::make_shared<ChunkCollection>(types);
  }
  while (offset < buffer->size()) {
    DataChunk chunk;
    DecodeChunk(buffer, &offset, types, chunk);
    (*data)->AppendOwned(std::move(chunk));
  }
}

}  // namespace

std::string RunAreaDir(const std::string& lake_root, const std::string& run_id) {
  return lake_root + "/_runs/" + run_id;
}

std::string SaveDataset(Session& session, const std::string& lake_root, const std::string& run_id,
                        const std::string& dataset, const std::string& file_name) {
  std::string dir = RunAreaDir(lake_root, run_id) + "/" + file_name;
  FileSystem& fs = FileSystem::For(dir);
  // Files of an earlier attempt (perhaps cut short, perhaps more of them) go first.
  if (fs.Exists(dir) || fs.IsDirectory(dir)) fs.RemoveAll(dir);
  fs.CreateDirectories(dir);

  Session::TableData table = session.GetTable(dataset);
  std::vector<const DataChunk*> chunks;
  QueryResult result;  // keeps a view's rows alive
  Schema schema;
  if (table.data) {
    schema = table.schema;
    for (size_t i = 0; i < table.data->chunk_count(); i++) chunks.push_back(&table.data->chunk(i));
  } else {
    result = session.Execute(fmt::format("SELECT * FROM {}", sql::QuoteIdentifier(dataset)));
    schema = result.schema;
    for (const auto& chunk : result.chunks) chunks.push_back(&chunk);
  }

  // Contiguous shares of the chunks, one file and one thread each, so that reading the
  // files in name order gives the rows in their order.
  std::vector<size_t> bounds = ChunkShares(chunks, session.thread_pool().size());
  std::vector<std::exception_ptr> errors(bounds.size() - 1);
  auto work = [&](size_t w) {
    try {
      WriteShare(fmt::format("{}/part-{:03}.chunks", dir, w), schema, chunks, bounds[w],
                 bounds[w + 1]);
    } catch (...) {
      errors[w] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (size_t w = 1; w + 1 < bounds.size(); w++) threads.emplace_back(work, w);
  work(0);
  for (auto& thread : threads) thread.join();
  for (auto& error : errors) {
    if (error) std::rethrow_exception(error);
  }
  return dir;
}

void RestoreDataset(Session& session, const std::string& dataset, const std::string& path) {
  FileSystem& fs = FileSystem::For(path);
  std::vector<FileInfo> files;
  if (fs.Exists(path) || fs.IsDirectory(path)) files = fs.Glob(path + "/part-*.chunks");
  if (files.empty()) {
    throw Error::UserInput(
        "the checkpoint of '{}' ({}) is gone, so the run cannot be resumed; abandon it with "
        "--abandon and run again",
        dataset, path);
  }
  Schema schema;
  std::shared_ptr<ChunkCollection> data;
  for (const FileInfo& file : files) ReadShare(file.path, &schema, &data);
  session.PutTable(dataset, schema, data);
}

void RemoveRunArea(const std::string& lake_root, const std::string& run_id) {
  std::string dir = RunAreaDir(lake_root, run_id);
  try {
    FileSystem& fs = FileSystem::For(dir);
    if (fs.Exists(dir) || fs.IsDirectory(dir)) fs.RemoveAll(dir);
  } catch (const Error&) {
  }
}

}  // namespace sluice::runner
