#include "formats/json/json_table_source.h"

#include <algorithm>

#include "common/error.h"
#include "formats/json/json_array_reader.h"
#include "formats/json/json_line_reader.h"
#include "formats/json/json_scan.h"
#include "formats/json/json_schema_inference.h"
#include "storage/file_system.h"

namespace sluice {

JsonTableSource::JsonTableSource(std::string function, std::vector<std::string> files,
                                 JsonReadOptions options)
    : function_(std::move(function)),
      files_(std::move(files)),
      options_(std::move(options)),
      is_array_(files_.size()) {
  if (!options_.columns.empty()) {
    schema_ = options_.columns;
  } else {
    InferSchema();
  }
  if (options_.filename) {
    for (const auto& field : schema_) {
      if (field.name == "filename") {
        throw Error::UserInput(
            "{}: the JSON has a key 'filename' already; filename=true would "
            "add a second column of that name",
            function_);
      }
    }
    filename_column_ = schema_.size();
    schema_.push_back(Field{"filename", TypeId::kVarchar});
  }
}

bool JsonTableSource::IsArrayFile(size_t i, const RandomAccessFile& file) {
  if (!is_array_[i]) {
    switch (options_.format) {
      case JsonFormat::kArray: is_array_[i] = true; break;
      case JsonFormat::kNewlineDelimited: is_array_[i] = false; break;
      case JsonFormat::kAuto: is_array_[i] = JsonArrayReader::LooksLikeArray(file); break;
    }
  }
  return *is_array_[i];
}

void JsonTableSource::InferSchema() {
  JsonSchemaInference inference(options_.maximum_object_size);
  uint64_t sampled_bytes = 0;
  std::string error;
  for (size_t i = 0; i < files_.size(); i++) {
    if (inference.records_observed() >= static_cast<uint64_t>(options_.sample_size)) break;
    auto file = FileSystem::For(files_[i]).OpenForRead(files_[i]);
    std::unique_ptr<JsonRecordReader> reader;
    if (IsArrayFile(i, *file)) {
      reader = std::make_unique<JsonArrayReader>(*file);
    } else {
      reader =
          std::make_unique<JsonLineReader>(*file, 0, file->size(), options_.maximum_object_size);
    }
    JsonRecord record;
    while (inference.records_observed() < static_cast<uint64_t>(options_.sample_size) &&
           reader->Next(&record)) {
      if (inference.Observe(record, &error)) {
        sampled_bytes += record.text.size() + 1;
        continue;
      }
      if (options_.ignore_errors) continue;
      throw Error::UserInput("{}:{}: {}", files_[i], LineNumberAt(*file, record.file_offset),
                             error);
    }
  }
  if (inference.records_observed() > 0) {
    average_record_bytes_ =
        static_cast<double>(sampled_bytes) / static_cast<double>(inference.records_observed());
  }
  schema_ = inference.Finish();
  if (schema_.empty()) {
    throw Error::UserInput(
        "{}: found no JSON object keys to make columns of in {}{}; pass the schema with "
        "columns={{'name': 'TYPE', ...}}",
        function_, files_.front(), files_.size() > 1 ? " and the other files" : "");
  }
}

std::unique_ptr<SourceScan> JsonTableSource::Scan(const ScanRequest& request) {
  std::vector<JsonColumnTarget> targets;
  std::optional<size_t> filename_output;
  std::vector<TypeId> output_types;
  for (size_t i = 0; i < request.columns.size(); i++) {
    size_t column = request.columns[i];
    if (column >= schema_.size()) {
      throw Error::Internal("{}: scan asks for column {} of {}", function_, column, schema_.size());
    }
    output_types.push_back(schema_[column].type);
    if (filename_column_ && column == *filename_column_) {
      filename_output = i;
    } else {
      targets.push_back(JsonColumnTarget{schema_[column].name, schema_[column].type, i});
    }
  }
  std::vector<JsonMorsel> morsels;
  for (size_t i = 0; i < files_.size(); i++) {
    auto file = FileSystem::For(files_[i]).OpenForRead(files_[i]);
    uint64_t size = file->size();
    if (IsArrayFile(i, *file)) {
      morsels.push_back(JsonMorsel{i, 0, size, true});
      continue;
    }
    uint64_t step = std::max<uint64_t>(1, options_.morsel_bytes);
    for (uint64_t begin = 0; begin < size; begin += step) {
      morsels.push_back(JsonMorsel{i, begin, std::min(size, begin + step), false});
    }
  }
  return std::make_unique<JsonScan>(files_, std::move(morsels), std::move(targets), filename_output,
                                    std::move(output_types), options_);
}

std::optional<uint64_t> JsonTableSource::EstimatedRows() const {
  if (average_record_bytes_ <= 0) return std::nullopt;
  uint64_t bytes = 0;
  for (const auto& path : files_) bytes += FileSystem::For(path).Stat(path).size;
  return static_cast<uint64_t>(static_cast<double>(bytes) / average_record_bytes_);
}

std::string JsonTableSource::Describe() const {
  std::string out = function_ + "(" + files_.front();
  if (files_.size() > 1) out += fmt::format(" and {} more files", files_.size() - 1);
  return out + ")";
}

std::unique_ptr<TableSource> MakeJsonTableSource(Options& options, const std::string& function,
                                                 JsonFormat default_format) {
  bool has_format = options.Has("format");
  JsonReadOptions read_options = TakeJsonReadOptions(options, function);
  if (!has_format) read_options.format = default_format;
  std::vector<std::string> files = ExpandPaths(options, function);
  for (const auto& path : files) {
    for (const char* suffix : {".gz", ".zst", ".bz2", ".xz"}) {
      std::string_view p(path), s(suffix);
      if (p.size() > s.size() && p.substr(p.size() - s.size()) == s) {
        throw Error::NotSupported("{}: {}: compressed JSON (decompress it first)", function, path);
      }
    }
  }
  return std::make_unique<JsonTableSource>(function, std::move(files), std::move(read_options));
}

}  // namespace sluice
