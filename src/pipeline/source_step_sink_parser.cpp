// Sections sources, steps, sinks, retry and notify of a pipeline file.
#include <algorithm>

#include "pipeline/spec_sections.h"

namespace sluice::pipeline {
namespace {

// The reader format a path implies by its extension (compression suffixes skipped).
std::string FormatOfPath(std::string path) {
  path = ToLower(path);
  for (const char* suffix : {".gz", ".zst", ".bz2"}) {
    std::string s(suffix);
    if (path.size() > s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0) {
      path.resize(path.size() - s.size());
    }
  }
  auto ends = [&](const std::string& s) {
    return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0;
  };
  if (ends(".csv") || ends(".tsv")) return "csv";
  if (ends(".json") || ends(".jsonl") || ends(".ndjson")) return "json";
  if (ends(".parquet")) return "parquet";
  return "";
}

// An optional '-' and 1 to 18 digits: always fits in int64.
bool IsWholeNumber(const std::string& text) {
  size_t start = !text.empty() && text[0] == '-' ? 1 : 0;
  size_t digits = text.size() - start;
  return digits > 0 && digits <= 18 &&
         text.find_first_not_of("0123456789", start) == std::string::npos;
}

OptionValue ToOptionValue(SpecReader& reader, const YAML::Node& node, const std::string& key) {
  OptionValue value;
  if (node.IsSequence()) {
    value.kind = OptionValue::Kind::kList;
    for (const auto& item : node) value.items.push_back(ToOptionValue(reader, item, key));
  } else if (node.IsMap()) {
    value.kind = OptionValue::Kind::kStruct;
    for (auto it = node.begin(); it != node.end(); ++it) {
      value.fields.emplace_back(it->first.Scalar(),
                                ToOptionValue(reader, it->second, key + "." + it->first.Scalar()));
    }
  } else if (node.IsScalar()) {
    std::string text = reader.String(node, key).value_or("");
    bool quoted = node.Tag() == "!";
    if (!quoted && (text == "true" || text == "false")) {
      value.scalar = Value::Boolean(text == "true");
    } else if (!quoted && IsWholeNumber(text)) {
      value.scalar = Value::Bigint(std::stoll(text));
    } else {
      value.scalar = Value::Varchar(text);
    }
  }
  return value;
}

void ParseIncremental(SpecReader& reader, const YAML::Node& node, const std::string& key,
                      SourceSpec& source) {
  if (!reader.IsMap(node, key)) return;
  reader.CheckKeys(node, key, {"by", "column", "lookback"});
  IncrementalSpec incremental;
  if (reader.Require(node, key, "by")) {
    auto by = reader.Choice(node["by"], key + ".by", {"file", "column"});
    if (by)
      incremental.by = *by == "file" ? IncrementalSpec::By::kFile : IncrementalSpec::By::kColumn;
  }
  if (node["column"])
    incremental.column = reader.String(node["column"], key + ".column").value_or("");
  if (incremental.by == IncrementalSpec::By::kColumn && incremental.column.empty() &&
      !node["column"]) {
    reader.Report(node, key, "incremental by column needs 'column: <name>' (the watermark column)");
  }
  if (node["lookback"])
    incremental.lookback =
        reader.Duration(node["lookback"], key + ".lookback").value_or(incremental.lookback);
  source.incremental = incremental;
}

void ParseSchema(SpecReader& reader, const YAML::Node& node, const std::string& key,
                 SourceSpec& source) {
  if (!reader.IsSequence(node, key)) return;
  for (const auto& item : node) {
    if (!reader.IsMap(item, key)) continue;
    reader.CheckKeys(item, key, {"name", "type"});
    if (!reader.Require(item, key, "name") || !reader.Require(item, key, "type")) continue;
    auto name = reader.String(item["name"], key + ".name");
    auto type_name = reader.String(item["type"], key + ".type");
    if (!name || !type_name) continue;
    auto type = ParseTypeName(*type_name);
    if (!type || *type == TypeId::kNull) {
      reader.Report(
          item["type"], key + ".type",
          "unknown type '" + *type_name +
              "' (expected BOOLEAN, INTEGER, BIGINT, DOUBLE, VARCHAR, DATE or TIMESTAMP)");
      continue;
    }
    source.schema.push_back(Field{*name, *type});
  }
}

void ParseSource(SpecReader& reader, const std::string& name, const YAML::Node& node,
                 PipelineSpec& spec) {
  const std::string key = "sources." + name;
  SourceSpec source;
  source.name = ToLower(name);
  source.line = SpecReader::Line(node);
  if (!IsIdentifier(name)) {
    reader.Report(
        node, key,
        "a source name must be an identifier (letters, digits, '_'), as SQL refers to it");
  }
  if (!reader.IsMap(node, key)) return;
  reader.CheckKeys(node, key, {"path", "format", "options", "table", "schema", "incremental"});
  if (node["path"]) source.path = reader.String(node["path"], key + ".path").value_or("");
  if (node["table"]) {
    source.table = ToLower(reader.String(node["table"], key + ".table").value_or(""));
    if (!IsQualifiedTableName(source.table)) {
      reader.Report(node["table"], key + ".table",
                    "expected a catalog table as database.table, got '" + source.table + "'");
    }
  }
  if (node["path"] && node["table"])
    reader.Report(node, key, "give either 'path' or 'table', not both");
  if (!node["path"] && !node["table"])
    reader.Report(node, key, "missing required key 'path' (files) or 'table' (a catalog table)");
  if (node["format"]) {
    source.format =
        reader.Choice(node["format"], key + ".format", {"csv", "json", "parquet"}).value_or("");
    if (node["table"])
      reader.Report(node["format"], key + ".format",
                    "'format' applies to files ('path'), not to a table");
  } else if (!source.path.empty()) {
    source.format = FormatOfPath(source.path);
    if (source.format.empty()) {
      reader.Report(node["path"], key + ".path",
                    "cannot tell the format of '" + source.path +
                        "' from its extension; add format: csv|json|parquet");
    }
  }
  if (const YAML::Node options = node["options"]) {
    if (reader.IsMap(options, key + ".options")) {
      for (auto it = options.begin(); it != options.end(); ++it) {
        std::string option = it->first.Scalar();
        source.options.emplace_back(option,
                                    ToOptionValue(reader, it->second, key + ".options." + option));
      }
    }
  }
  if (node["schema"]) ParseSchema(reader, node["schema"], key + ".schema", source);
  if (node["incremental"])
    ParseIncremental(reader, node["incremental"], key + ".incremental", source);
  if (spec.sources.count(source.name) > 0) {
    reader.Report(node, key, "source '" + source.name + "' is defined twice");
    return;
  }
  spec.source_order.push_back(source.name);
  spec.sources[source.name] = std::move(source);
}

}  // namespace

void ParseSources(SpecReader& reader, const YAML::Node& node, PipelineSpec& spec) {
  if (!reader.IsMap(node, "sources")) return;
  if (node.size() == 0) reader.Report(node, "sources", "a pipeline needs at least one source");
  for (auto it = node.begin(); it != node.end(); ++it)
    ParseSource(reader, it->first.Scalar(), it->second, spec);
}

void ParseSteps(SpecReader& reader, const YAML::Node& node, PipelineSpec& spec) {
  if (!reader.IsSequence(node, "steps")) return;
  for (size_t i = 0; i < node.size(); i++) {
    const YAML::Node item = node[i];
    std::string key = "steps[" + std::to_string(i) + "]";
    if (!reader.IsMap(item, key)) continue;
    reader.CheckKeys(item, key, {"name", "sql"});
    StepSpec step;
    step.line = SpecReader::Line(item);
    if (reader.Require(item, key, "name")) {
      step.name = ToLower(reader.String(item["name"], key + ".name").value_or(""));
      if (!step.name.empty() && !IsIdentifier(step.name)) {
        reader.Report(
            item["name"], key + ".name",
            "a step name must be an identifier (letters, digits, '_'), as SQL refers to it");
      }
      if (!step.name.empty()) key = "steps." + step.name;
    }
    if (reader.Require(item, key, "sql")) {
      step.sql = reader.String(item["sql"], key + ".sql").value_or("");
      if (step.sql.find_first_not_of(" \t\r\n;") == std::string::npos && item["sql"].IsScalar()) {
        reader.Report(item["sql"], key + ".sql", "the SQL is empty");
      }
    }
    spec.steps.push_back(std::move(step));
  }
}

void ParseSinks(SpecReader& reader, const YAML::Node& node, PipelineSpec& spec) {
  if (!reader.IsSequence(node, "sinks")) return;
  for (size_t i = 0; i < node.size(); i++) {
    const YAML::Node item = node[i];
    const std::string key = "sinks[" + std::to_string(i) + "]";
    if (!reader.IsMap(item, key)) continue;
    reader.CheckKeys(item, key,
                     {"from", "to", "table", "path", "format", "partition_by", "mode", "key"});
    SinkSpec sink;
    sink.line = SpecReader::Line(item);
    if (reader.Require(item, key, "from"))
      sink.from = ToLower(reader.String(item["from"], key + ".from").value_or(""));
    if (reader.Require(item, key, "to"))
      sink.to = reader.Choice(item["to"], key + ".to", {"lake", "warehouse", "file"}).value_or("");
    if (item["table"])
      sink.table = ToLower(reader.String(item["table"], key + ".table").value_or(""));
    if (item["path"]) sink.path = reader.String(item["path"], key + ".path").value_or("");
    if (item["format"])
      sink.format =
          reader.Choice(item["format"], key + ".format", {"csv", "json", "parquet"}).value_or("");
    if (item["partition_by"])
      sink.partition_by = reader.StringList(item["partition_by"], key + ".partition_by")
                              .value_or(std::vector<std::string>{});
    if (item["mode"]) {
      sink.mode = reader
                      .Choice(item["mode"], key + ".mode",
                              {"append", "overwrite", "overwrite_partitions", "merge"})
                      .value_or(sink.mode);
    }
    if (item["key"])
      sink.key = reader.StringList(item["key"], key + ".key").value_or(std::vector<std::string>{});
    if (sink.to == "lake" || sink.to == "warehouse") {
      if (!item["table"]) {
        reader.Report(item, key,
                      "missing required key 'table' (database.table) for a " + sink.to + " sink");
      } else if (!IsQualifiedTableName(sink.table)) {
        reader.Report(item["table"], key + ".table",
                      "expected database.table, got '" + sink.table + "'");
      }
      if (item["path"])
        reader.Report(item["path"], key + ".path",
                      "'path' applies to file sinks; a " + sink.to + " sink has a table");
    }
    if (sink.to == "file") {
      if (!item["path"]) reader.Report(item, key, "missing required key 'path' for a file sink");
      if (item["table"])
        reader.Report(item["table"], key + ".table", "'table' applies to lake and warehouse sinks");
      if (sink.format.empty() && !sink.path.empty()) sink.format = FormatOfPath(sink.path);
      if (sink.format.empty() && item["path"])
        reader.Report(item, key, "add format: csv|json|parquet for this file sink");
    }
    if (sink.to == "warehouse" && item["partition_by"]) {
      reader.Report(item["partition_by"], key + ".partition_by",
                    "partition_by applies to lake and file sinks");
    }
    if (sink.mode == "merge" && sink.key.empty())
      reader.Report(item, key, "mode merge needs 'key: [columns]'");
    if (sink.mode != "merge" && item["key"])
      reader.Report(item["key"], key + ".key", "'key' is only used with mode: merge");
    spec.sinks.push_back(std::move(sink));
  }
}

void ParseRetry(SpecReader& reader, const YAML::Node& node, PipelineSpec& spec) {
  if (!reader.IsMap(node, "retry")) return;
  reader.CheckKeys(node, "retry", {"max_attempts", "initial", "multiplier", "max", "jitter"});
  RetryPolicy& retry = spec.retry;
  if (node["max_attempts"]) {
    auto n = reader.Int(node["max_attempts"], "retry.max_attempts");
    if (n && (*n < 1 || *n > 100))
      reader.Report(node["max_attempts"], "retry.max_attempts", "expected 1 to 100");
    if (n && *n >= 1 && *n <= 100) retry.max_attempts = static_cast<int>(*n);
  }
  if (node["initial"])
    retry.initial = reader.Duration(node["initial"], "retry.initial").value_or(retry.initial);
  if (node["max"]) retry.max = reader.Duration(node["max"], "retry.max").value_or(retry.max);
  if (node["multiplier"]) {
    auto m = reader.Double(node["multiplier"], "retry.multiplier");
    if (m && *m < 1)
      reader.Report(node["multiplier"], "retry.multiplier", "expected a number of at least 1");
    if (m && *m >= 1) retry.multiplier = *m;
  }
  if (const YAML::Node jitter = node["jitter"]) {
    std::string text = jitter.IsScalar() ? jitter.Scalar() : "";
    if (text == "true" || text == "false") {
      retry.jitter = text == "true" ? 1.0 : 0;
    } else if (auto j = reader.Double(jitter, "retry.jitter")) {
      if (*j < 0 || *j > 1)
        reader.Report(jitter, "retry.jitter", "expected true, false or a fraction from 0 to 1");
      else
        retry.jitter = *j;
    }
  }
  if (retry.initial > retry.max) reader.Report(node, "retry", "'initial' is longer than 'max'");
}

void ParseNotify(SpecReader& reader, const YAML::Node& node, PipelineSpec& spec) {
  if (!reader.IsMap(node, "notify")) return;
  reader.CheckKeys(node, "notify", {"on", "webhook", "command"});
  NotifySpec notify;
  if (reader.Require(node, "notify", "on")) {
    const YAML::Node on = node["on"];
    std::vector<YAML::Node> items;
    if (on.IsSequence()) {
      for (const auto& item : on) items.push_back(item);
    } else {
      items.push_back(on);
    }
    for (const auto& item : items) {
      if (auto e = reader.Choice(item, "notify.on",
                                 {"success", "failure", "quality_failed", "dlq", "retry"}))
        notify.on.push_back(*e);
    }
  }
  if (node["webhook"]) {
    notify.webhook = reader.String(node["webhook"], "notify.webhook").value_or("");
    if (!notify.webhook.empty() && notify.webhook.rfind("http://", 0) != 0 &&
        notify.webhook.rfind("https://", 0) != 0) {
      reader.Report(node["webhook"], "notify.webhook",
                    "expected an http:// or https:// URL, got '" + notify.webhook + "'");
    }
  }
  if (node["command"])
    notify.command = reader.String(node["command"], "notify.command").value_or("");
  if (!node["webhook"] && !node["command"])
    reader.Report(node, "notify", "give a 'webhook' or a 'command' to notify");
  spec.notify = std::move(notify);
}

}  // namespace sluice::pipeline
