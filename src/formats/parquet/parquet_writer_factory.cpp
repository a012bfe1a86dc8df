#include "formats/parquet/parquet_writer_factory.h"

#include <algorithm>
#include <cctype>

#include "common/error.h"
#include "formats/parquet/parquet_file_writer.h"
#include "formats/parquet/partitioned_parquet_writer.h"
#include "storage/file_system.h"

namespace sluice::parquet {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

Codec ParseCodec(const std::string& name) {
  std::string n = Lower(name);
  if (n == "snappy") return Codec::kSnappy;
  if (n == "zstd") return Codec::kZstd;
  if (n == "gzip") return Codec::kGzip;
  if (n == "none" || n == "uncompressed") return Codec::kUncompressed;
  if (n == "lz4_raw" || n == "lz4") return Codec::kLz4Raw;
  throw Error::UserInput(
      "COPY ... TO: unknown COMPRESSION '{}' for Parquet (expected snappy, zstd, gzip, lz4_raw or "
      "none)",
      name);
}

// FILE_SIZE_BYTES: a number of bytes, or a string with a unit ('256MB', '1GB', '10kb').
uint64_t ParseByteSize(const OptionValue& v) {
  if (v.kind != OptionValue::Kind::kScalar || v.scalar.is_null()) {
    throw Error::UserInput(
        "COPY ... TO: FILE_SIZE_BYTES expects a size such as 1000000 or '256MB'");
  }
  if (IsIntegral(v.scalar.type())) {
    if (v.scalar.int_value() <= 0)
      throw Error::UserInput("COPY ... TO: FILE_SIZE_BYTES must be positive");
    return static_cast<uint64_t>(v.scalar.int_value());
  }
  std::string text = Lower(v.scalar.ToString());
  size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
    i++;
  std::string unit = text.substr(i);
  unit.erase(std::remove(unit.begin(), unit.end(), ' '), unit.end());
  double number = 0;
  try {
    number = i > 0 ? std::stod(text.substr(0, i)) : -1;
  } catch (...) {
    number = -1;
  }
  double scale = -1;
  if (unit.empty() || unit == "b" || unit == "bytes")
    scale = 1;
  else if (unit == "kb" || unit == "k")
    scale = 1e3;
  else if (unit == "mb" || unit == "m")
    scale = 1e6;
  else if (unit == "gb" || unit == "g")
    scale = 1e9;
  else if (unit == "kib")
    scale = 1024.0;
  else if (unit == "mib")
    scale = 1024.0 * 1024;
  else if (unit == "gib")
    scale = 1024.0 * 1024 * 1024;
  if (number <= 0 || scale < 0) {
    throw Error::UserInput("COPY ... TO: cannot read FILE_SIZE_BYTES {} (expected e.g. '256MB')",
                           v.scalar.ToSqlLiteral());
  }
  return static_cast<uint64_t>(number * scale);
}

void PrepareDirectory(const std::string& dir, bool overwrite, bool overwrite_or_ignore) {
  FileSystem& fs = FileSystem::For(dir);
  if (fs.Exists(dir)) {
    if (!fs.IsDirectory(dir)) {
      throw Error::UserInput("COPY ... TO {}: is a file, but partitioned output needs a directory",
                             dir);
    }
    if (!fs.ListRecursive(dir).empty()) {
      if (overwrite) {
        fs.RemoveAll(dir);
      } else if (!overwrite_or_ignore) {
        throw Error::UserInput(
            "COPY ... TO {}: directory is not empty; add OVERWRITE to replace its contents or "
            "OVERWRITE_OR_IGNORE to write into it",
            dir);
      }
    }
  }
  fs.CreateDirectories(dir);
}

}  // namespace

std::unique_ptr<TableWriter> MakeParquetWriter(const std::string& path, const Schema& schema,
                                               Options& options) {
  FileWriterSettings settings;
  if (auto codec = options.TakeString("compression")) settings.encoding.codec = ParseCodec(*codec);
  if (auto codec = options.TakeString("codec")) settings.encoding.codec = ParseCodec(*codec);
  if (auto level = options.TakeInt("compression_level")) {
    settings.encoding.compression_level = static_cast<int>(*level);
  }
  if (auto rows = options.TakeInt("row_group_size")) {
    if (*rows <= 0)
      throw Error::UserInput("COPY ... TO: ROW_GROUP_SIZE must be positive, got {}", *rows);
    settings.row_group_rows = static_cast<size_t>(*rows);
  }
  if (auto bytes = options.Take("row_group_size_bytes"))
    settings.row_group_bytes = ParseByteSize(*bytes);
  std::vector<std::string> partition_by =
      options.TakeStringList("partition_by").value_or(std::vector<std::string>{});
  std::optional<uint64_t> file_size;
  if (auto v = options.Take("file_size_bytes")) file_size = ParseByteSize(*v);
  bool overwrite = options.TakeBool("overwrite").value_or(false);
  bool overwrite_or_ignore = options.TakeBool("overwrite_or_ignore").value_or(false);
  options.CheckAllTaken({"compression", "codec", "compression_level", "row_group_size",
                         "row_group_size_bytes", "partition_by", "file_size_bytes", "overwrite",
                         "overwrite_or_ignore"});
  for (const auto& field : schema) {
    if (field.type == TypeId::kNull) {
      throw Error::UserInput("COPY ... TO {}: column '{}' has no type (an untyped NULL); cast it",
                             path, field.name);
    }
  }
  if (partition_by.empty() && !file_size) {
    if (FileSystem::For(path).IsDirectory(path)) {
      throw Error::UserInput(
          "COPY ... TO {}: is a directory (use PARTITION_BY or FILE_SIZE_BYTES to write into it)",
          path);
    }
    return std::make_unique<ParquetFileWriter>(path, schema, settings);
  }
  std::vector<size_t> partition_columns;
  for (const auto& name : partition_by) {
    auto it = std::find_if(schema.begin(), schema.end(),
                           [&](const Field& f) { return Lower(f.name) == Lower(name); });
    if (it == schema.end()) {
      std::string names;
      for (const auto& f : schema) names += (names.empty() ? "" : ", ") + f.name;
      throw Error::UserInput(
          "COPY ... TO {}: PARTITION_BY column '{}' is not a column of the query ({})", path, name,
          names);
    }
    partition_columns.push_back(static_cast<size_t>(it - schema.begin()));
  }
  PrepareDirectory(path, overwrite, overwrite_or_ignore);
  uint64_t limit = file_size.value_or(uint64_t{256} << 20);
  return std::make_unique<PartitionedParquetWriter>(path, schema, std::move(partition_columns),
                                                    settings, limit);
}

}  // namespace sluice::parquet
