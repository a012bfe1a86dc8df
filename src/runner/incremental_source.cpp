#include "runner/incremental_source.h"

#include <fmt/format.h>
#include <xxhash.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <vector>

#include "common/error.h"
#include "sql/parser/ast_expression.h"
#include "sql/session.h"
#include "storage/file_system.h"
#include "types/text_codec.h"

namespace sluice::runner {
namespace {

std::string OptionSql(const OptionValue& value) {
  switch (value.kind) {
    case OptionValue::Kind::kScalar: return value.scalar.ToSqlLiteral();
    case OptionValue::Kind::kList: {
      std::string out = "[";
      for (size_t i = 0; i < value.items.size(); i++) {
        if (i > 0) out += ", ";
        out += OptionSql(value.items[i]);
      }
      return out + "]";
    }
    case OptionValue::Kind::kStruct: {
      std::string out = "{";
      for (size_t i = 0; i < value.fields.size(); i++) {
        if (i > 0) out += ", ";
        out += sql::QuoteString(value.fields[i].first) + ": " + OptionSql(value.fields[i].second);
      }
      return out + "}";
    }
  }
  return "NULL";
}

std::string ReaderSql(const pipeline::SourceSpec& source, const std::string& paths_sql) {
  std::string sql = fmt::format("read_{}({}", source.format, paths_sql);
  for (const auto& [name, value] : source.options) sql += ", " + name + "=" + OptionSql(value);
  return sql + ")";
}

// XXH3 of the file's bytes, read in 4 MiB blocks.
std::string ContentFingerprint(const std::string& path) {
  auto file = FileSystem::For(path).OpenForRead(path);
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  std::vector<char> buffer(4 << 20);
  uint64_t offset = 0;
  const uint64_t size = file->size();
  try {
    while (offset < size) {
      size_t n = static_cast<size_t>(std::min<uint64_t>(buffer.size(), size - offset));
      file->ReadExactly(offset, n, buffer.data());
      XXH3_64bits_update(state, buffer.data(), n);
      offset += n;
    }
  } catch (...) {
    XXH3_freeState(state);
    throw;
  }
  uint64_t hash = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  return fmt::format("xxh3:{:016x}", hash);
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The watermark minus the lookback, as a SQL literal of the watermark's type.
std::string LowerBoundSql(const std::string& value, const std::string& type,
                          std::chrono::milliseconds lookback, const std::string& source) {
  auto bad = [&] {
    return Error::UserInput(
        "source '{}': the stored watermark '{}' ({}) cannot be read; set it with 'sluice "
        "checkpoint set' or reset it",
        source, value, type);
  };
  if (type == "TIMESTAMP") {
    int64_t micros = 0;
    if (!ParseTimestamp(value, &micros)) throw bad();
    return sql::QuoteString(FormatTimestamp(micros - lookback.count() * 1000));
  }
  if (type == "DATE") {
    int32_t days = 0;
    if (!ParseDate(value, &days)) throw bad();
    int64_t back = (lookback.count() + 86400000 - 1) / 86400000;
    return sql::QuoteString(FormatDate(static_cast<int32_t>(days - back)));
  }
  if (type == "INTEGER" || type == "BIGINT") {
    int64_t number = 0;
    if (!ParseInt64(value, &number)) throw bad();
    return std::to_string(number);  // a duration does not apply to numbers
  }
  if (type == "DOUBLE") {
    double number = 0;
    if (!ParseDouble(value, &number)) throw bad();
    return value;
  }
  return sql::QuoteString(value);
}

// Orders two watermark values of one type: is `a` below `b`?
bool WatermarkBelow(const std::string& a, const std::string& b, const std::string& type) {
  if (type == "TIMESTAMP") {
    int64_t x = 0, y = 0;
    if (ParseTimestamp(a, &x) && ParseTimestamp(b, &y)) return x < y;
  } else if (type == "DATE") {
    int32_t x = 0, y = 0;
    if (ParseDate(a, &x) && ParseDate(b, &y)) return x < y;
  } else if (type == "INTEGER" || type == "BIGINT") {
    int64_t x = 0, y = 0;
    if (ParseInt64(a, &x) && ParseInt64(b, &y)) return x < y;
  } else if (type == "DOUBLE") {
    double x = 0, y = 0;
    if (ParseDouble(a, &x) && ParseDouble(b, &y)) return x < y;
  }
  return a < b;
}

}  // namespace

std::string WatermarkKey(const std::string& source) {
  return "watermark:" + source;
}

std::string FileKeyPrefix(const std::string& source) {
  return "file:" + source + ":";
}

std::string SourceSql(const pipeline::SourceSpec& source) {
  if (!source.table.empty()) return source.table;
  return ReaderSql(source, sql::QuoteString(source.path));
}

std::string IncrementalRead::FromSql(const pipeline::SourceSpec& spec) const {
  if (!by_file) {
    if (condition.empty()) return SourceSql(spec);
    return fmt::format("(SELECT * FROM {} WHERE {}) AS _incremental", SourceSql(spec), condition);
  }
  if (files.empty()) {
    return fmt::format("(SELECT * FROM {} LIMIT 0) AS _incremental",
                       ReaderSql(spec, sql::QuoteString(schema_file)));
  }
  std::string list = "[";
  for (size_t i = 0; i < files.size(); i++) {
    list += (i > 0 ? ", " : "") + sql::QuoteString(files[i]);
  }
  return ReaderSql(spec, list + "]");
}

std::string IncrementalRead::Describe() const {
  if (by_file) {
    std::string text = fmt::format("{} new or changed of {} file{}", files.size(), files_matched,
                                   files_matched == 1 ? "" : "s");
    if (!rewritten.empty()) text += fmt::format(" ({} rewritten)", rewritten.size());
    return text;
  }
  if (condition.empty()) return "everything (no watermark yet)";
  return (backfill ? "backfill " : "") + condition;
}

nlohmann::json IncrementalRead::ToJson() const {
  nlohmann::json j;
  j["source"] = source;
  j["by_file"] = by_file;
  j["files"] = files;
  j["files_matched"] = files_matched;
  j["rewritten"] = rewritten;
  j["schema_file"] = schema_file;
  j["condition"] = condition;
  j["backfill"] = backfill;
  if (watermark_before) j["watermark_before"] = *watermark_before;
  j["entries"] = nlohmann::json::array();
  for (const auto& e : entries) {
    j["entries"].push_back({{"pipeline", e.pipeline}, {"key", e.key}, {"value", e.value_json}});
  }
  return j;
}

IncrementalRead IncrementalRead::FromJson(const nlohmann::json& j) {
  IncrementalRead read;
  read.source = j.at("source").get<std::string>();
  read.by_file = j.at("by_file").get<bool>();
  read.files = j.at("files").get<std::vector<std::string>>();
  read.files_matched = j.at("files_matched").get<uint64_t>();
  if (j.contains("rewritten")) read.rewritten = j["rewritten"].get<std::vector<std::string>>();
  read.schema_file = j.at("schema_file").get<std::string>();
  read.condition = j.at("condition").get<std::string>();
  read.backfill = j.at("backfill").get<bool>();
  if (j.contains("watermark_before")) read.watermark_before = j["watermark_before"];
  for (const auto& e : j.at("entries")) {
    catalog::CheckpointEntry entry;
    entry.pipeline = e.at("pipeline").get<std::string>();
    entry.key = e.at("key").get<std::string>();
    entry.value_json = e.at("value").get<std::string>();
    read.entries.push_back(std::move(entry));
  }
  return read;
}

IncrementalRead PlanIncrementalRead(catalog::Catalog& catalog, const std::string& pipeline,
                                    const std::string& run_id, const pipeline::SourceSpec& source,
                                    const IncrementalOptions& options) {
  const pipeline::IncrementalSpec& spec = *source.incremental;
  IncrementalRead read;
  read.source = source.name;
  read.by_file = spec.by == pipeline::IncrementalSpec::By::kFile;
  if (read.by_file) {
    if (!source.table.empty()) {
      throw Error::UserInput(
          "source '{}': incremental by file needs files (path:), not a table; use by: column",
          source.name);
    }
    FileSystem& fs = FileSystem::For(source.path);
    std::vector<FileInfo> matched = HasGlobCharacters(source.path)
                                        ? fs.Glob(source.path)
                                        : std::vector<FileInfo>{fs.Stat(source.path)};
    if (matched.empty()) {
      throw Error::UserInput("source '{}': {}: no files match", source.name, source.path);
    }
    read.files_matched = matched.size();
    read.schema_file = matched.front().path;
    std::map<std::string, nlohmann::json> known;
    if (!options.full_refresh) {
      for (const auto& entry : catalog.ListCheckpoints(pipeline, FileKeyPrefix(source.name))) {
        known[entry.key.substr(FileKeyPrefix(source.name).size())] =
            nlohmann::json::parse(entry.value_json, nullptr, false);
      }
    } else {
      // Forget every file the source processed; the listing below records them anew.
      for (const auto& entry : catalog.ListCheckpoints(pipeline, FileKeyPrefix(source.name))) {
        read.entries.push_back(catalog::CheckpointEntry{pipeline, entry.key, "", run_id, 0});
      }
    }
    for (const FileInfo& file : matched) {
      auto it = known.find(file.path);
      nlohmann::json value = {{"size", file.size}, {"modified_micros", file.modified_micros}};
      if (it != known.end() && it->second.is_object()) {
        const nlohmann::json& old = it->second;
        if (old.value("size", uint64_t{0}) == file.size &&
            old.value("modified_micros", int64_t{0}) == file.modified_micros) {
          continue;  // unchanged: same size and time, no need to read it
        }
        std::string fingerprint = ContentFingerprint(file.path);
        if (old.value("size", uint64_t{0}) == file.size &&
            old.value("fingerprint", std::string()) == fingerprint) {
          // Touched but not rewritten: remember the new time, read nothing.
          value["fingerprint"] = fingerprint;
          value["run_id"] = old.value("run_id", std::string());
          read.entries.push_back(catalog::CheckpointEntry{
              pipeline, FileKeyPrefix(source.name) + file.path, value.dump(), run_id, 0});
          continue;
        }
        value["fingerprint"] = fingerprint;
        read.rewritten.push_back(file.path);
      } else {
        value["fingerprint"] = ContentFingerprint(file.path);
      }
      value["run_id"] = run_id;
      read.files.push_back(file.path);
      // A later entry for the same key (full refresh) replaces the deletion above.
      std::string key = FileKeyPrefix(source.name) + file.path;
      read.entries.erase(std::remove_if(read.entries.begin(), read.entries.end(),
                                        [&](const auto& e) { return e.key == key; }),
                         read.entries.end());
      read.entries.push_back(catalog::CheckpointEntry{pipeline, key, value.dump(), run_id, 0});
    }
    return read;
  }

  // By column.
  const std::string column = sql::QuoteIdentifier(spec.column);
  if (options.from || options.to) {
    read.backfill = true;
    if (options.from)
      read.condition = fmt::format("{} >= {}", column, sql::QuoteString(*options.from));
    if (options.to) {
      read.condition += (read.condition.empty() ? "" : " AND ") +
                        fmt::format("{} < {}", column, sql::QuoteString(*options.to));
    }
    return read;
  }
  std::vector<catalog::CheckpointEntry> stored =
      catalog.ListCheckpoints(pipeline, WatermarkKey(source.name));
  if (options.full_refresh || stored.empty() || stored.front().key != WatermarkKey(source.name)) {
    return read;
  }
  nlohmann::json value = nlohmann::json::parse(stored.front().value_json, nullptr, false);
  if (!value.is_object() || !value.contains("value") || !value["value"].is_string()) {
    throw Error::UserInput(
        "source '{}': the stored watermark is not valid ({}); reset it with "
        "'sluice checkpoint reset {} {}'",
        source.name, stored.front().value_json, pipeline, source.name);
  }
  std::string text = value["value"].get<std::string>();
  std::string type = value.value("type", std::string("VARCHAR"));
  read.watermark_before = text;
  // Strictly above the watermark without a lookback; from (watermark - lookback) on with
  // one, so rows at exactly that time are read again rather than lost.
  read.condition = fmt::format("{} {} {}", column, spec.lookback.count() > 0 ? ">=" : ">",
                               LowerBoundSql(text, type, spec.lookback, source.name));
  return read;
}

std::vector<std::string> LookbackAppendWarnings(const pipeline::PipelineSpec& spec) {
  std::vector<std::string> warnings;
  for (const auto& sink : spec.sinks) {
    if (sink.to == "file" || sink.mode == "merge" || sink.mode == "overwrite") continue;
    for (const auto& [name, source] : spec.sources) {
      if (!source.incremental || source.incremental->lookback.count() == 0) continue;
      if (!spec.DependsOn(sink.from, name)) continue;
      warnings.push_back(fmt::format(
          "sink {}:{} appends rows of source '{}', whose lookback re-reads rows: they are "
          "appended again. Use mode: merge with a key to load them once.",
          sink.to, sink.table, name));
    }
  }
  return warnings;
}

void AddWatermarkEntry(Session& session, const std::string& dataset,
                       const pipeline::SourceSpec& source, const std::string& pipeline,
                       const std::string& run_id, IncrementalRead& read) {
  if (read.by_file || read.backfill) return;
  const std::string& column = source.incremental->column;
  QueryResult result = session.Execute(fmt::format(
      "SELECT max({}) FROM {}", sql::QuoteIdentifier(column), sql::QuoteIdentifier(dataset)));
  Value max = result.Row(0)[0];
  if (max.is_null()) return;  // nothing new: the watermark stays
  std::string type(TypeName(max.type()));
  std::string text = max.ToString();
  if (read.watermark_before && !WatermarkBelow(*read.watermark_before, text, type)) return;
  nlohmann::json value = {
      {"value", text}, {"type", type}, {"column", column}, {"updated_micros", NowMicros()}};
  read.entries.push_back(
      catalog::CheckpointEntry{pipeline, WatermarkKey(source.name), value.dump(), run_id, 0});
}

}  // namespace sluice::runner
