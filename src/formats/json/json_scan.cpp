#include "formats/json/json_scan.h"

#include "common/error.h"
#include "formats/json/json_array_reader.h"
#include "formats/json/json_line_reader.h"
#include "storage/file_system.h"

namespace sluice {

class JsonScan::LocalState : public SourceLocalState {
 public:
  std::unique_ptr<JsonRowParser> parser;
  size_t file_index = SIZE_MAX;
  std::unique_ptr<RandomAccessFile> file;
  std::unique_ptr<JsonRecordReader> reader;  // null between morsels
  uint64_t morsel_bytes = 0;
  std::string error;
};

JsonScan::JsonScan(std::vector<std::string> files, std::vector<JsonMorsel> morsels,
                   std::vector<JsonColumnTarget> targets, std::optional<size_t> filename_output,
                   std::vector<TypeId> output_types, JsonReadOptions options)
    : files_(std::move(files)),
      morsels_(std::move(morsels)),
      targets_(std::move(targets)),
      filename_output_(filename_output),
      output_types_(std::move(output_types)),
      options_(std::move(options)) {
  for (const auto& morsel : morsels_) total_bytes_ += morsel.end - morsel.begin;
}

std::unique_ptr<SourceLocalState> JsonScan::InitLocal() {
  auto local = std::make_unique<LocalState>();
  local->parser = std::make_unique<JsonRowParser>(targets_, options_.maximum_object_size);
  return local;
}

double JsonScan::Progress() const {
  if (total_bytes_ == 0) return 1;
  return static_cast<double>(bytes_done_.load()) / static_cast<double>(total_bytes_);
}

bool JsonScan::StartMorsel(LocalState& local) {
  size_t index = next_morsel_.fetch_add(1);
  if (index >= morsels_.size()) return false;
  const JsonMorsel& morsel = morsels_[index];
  if (local.file_index != morsel.file || local.file == nullptr) {
    const std::string& path = files_[morsel.file];
    local.file = FileSystem::For(path).OpenForRead(path);
    local.file_index = morsel.file;
  }
  if (morsel.array) {
    local.reader = std::make_unique<JsonArrayReader>(*local.file);
  } else {
    local.reader = std::make_unique<JsonLineReader>(*local.file, morsel.begin, morsel.end,
                                                    options_.maximum_object_size);
  }
  local.batch_index = index;
  local.morsel_bytes = morsel.end - morsel.begin;
  return true;
}

bool JsonScan::Next(SourceLocalState& local_base, DataChunk& out) {
  auto& local = static_cast<LocalState&>(local_base);
  out.Initialize(output_types_);
  while (true) {
    if (local.reader == nullptr && !StartMorsel(local)) {
      out.SetSize(0);
      return false;
    }
    size_t rows = 0;
    JsonRecord record;
    bool morsel_done = true;
    while (rows < kChunkCapacity) {
      if (!local.reader->Next(&record)) break;
      if (local.parser->Parse(record, out, rows, &local.error)) {
        rows++;
        continue;
      }
      if (options_.ignore_errors) {
        rows_rejected_.fetch_add(1, std::memory_order_relaxed);
        continue;
      }
      throw Error::UserInput("{}:{}: {}", files_[local.file_index],
                             LineNumberAt(*local.file, record.file_offset), local.error);
    }
    if (rows == kChunkCapacity) morsel_done = false;
    if (morsel_done) {
      local.reader.reset();
      bytes_done_.fetch_add(local.morsel_bytes, std::memory_order_relaxed);
    }
    if (rows == 0) continue;
    if (filename_output_) {
      out.column(*filename_output_) =
          Vector::Constant(Value::Varchar(files_[local.file_index]), TypeId::kVarchar);
    }
    out.SetSize(rows);
    return true;
  }
}

}  // namespace sluice
