#include "lake/lake_table_source.h"

#include <map>

#include "common/error.h"
#include "formats/builtin_formats.h"
#include "formats/parquet/parquet_file.h"
#include "lake/chunk_schema_adapter.h"

namespace sluice::lake {
namespace {

constexpr int kGroupShift = 40;

struct GroupScan {
  std::unique_ptr<SourceScan> scan;
  ChunkSchemaAdapter adapter;  // from the group's requested columns to the requested columns
};

class LakeLocalState final : public SourceLocalState {
 public:
  size_t group = 0;
  std::vector<std::unique_ptr<SourceLocalState>> locals;
  DataChunk file_chunk;
};

class LakeScan final : public SourceScan {
 public:
  explicit LakeScan(std::vector<GroupScan> groups) : groups_(std::move(groups)) {}

  std::unique_ptr<SourceLocalState> InitLocal() override {
    auto local = std::make_unique<LakeLocalState>();
    local->locals.resize(groups_.size());
    return local;
  }

  bool Next(SourceLocalState& base, DataChunk& out) override {
    auto& local = static_cast<LakeLocalState&>(base);
    // Each group hands out its morsels from its own shared cursor; a worker moves to the
    // next group once the current one has nothing left for it.
    while (local.group < groups_.size()) {
      GroupScan& group = groups_[local.group];
      auto& sub_local = local.locals[local.group];
      if (sub_local == nullptr) sub_local = group.scan->InitLocal();
      bool more;
      if (group.adapter.identity()) {
        more = group.scan->Next(*sub_local, out);
      } else {
        more = group.scan->Next(*sub_local, local.file_chunk);
        if (more) group.adapter.Adapt(local.file_chunk, out);
      }
      if (more) {
        local.batch_index =
            (static_cast<uint64_t>(local.group) << kGroupShift) | sub_local->batch_index;
        return true;
      }
      local.group++;
    }
    out.SetSize(0);
    return false;
  }

  double Progress() const override {
    if (groups_.empty()) return 1;
    double sum = 0;
    for (const auto& g : groups_) {
      double p = g.scan->Progress();
      if (p < 0) return -1;
      sum += p;
    }
    return sum / static_cast<double>(groups_.size());
  }

 private:
  std::vector<GroupScan> groups_;
};

std::string SchemaKey(const Schema& schema) {
  std::string key;
  for (const Field& f : schema) key += f.name + '\x1f' + std::string(TypeName(f.type)) + '\x1e';
  return key;
}

}  // namespace

std::string JoinPath(const std::string& location, const std::string& relative) {
  std::string out = location;
  while (!out.empty() && out.back() == '/') out.pop_back();
  return out + "/" + relative;
}

std::unique_ptr<LakeTableSource> LakeTableSource::Open(catalog::Catalog& catalog,
                                                       const catalog::TableName& table,
                                                       std::optional<int64_t> snapshot_id) {
  RegisterBuiltinFormats();
  auto info = catalog.GetTable(table);
  if (!info) throw Error::UserInput("table {} does not exist", table.ToString());
  auto source = std::unique_ptr<LakeTableSource>(new LakeTableSource());
  source->snapshot_id_ = snapshot_id.value_or(info->current_snapshot);
  source->schema_ = info->schema;
  source->description_ = table.ToString();
  if (snapshot_id) {
    auto snapshot = catalog.GetSnapshot(table, *snapshot_id);
    if (!snapshot && *snapshot_id != 0) {
      throw Error::UserInput("table {} has no snapshot {} (latest is {})", table.ToString(),
                             *snapshot_id, info->current_snapshot);
    }
    source->description_ += " VERSION AS OF " + std::to_string(*snapshot_id);
    if (snapshot) {
      for (const auto& version : catalog.ListSchemaVersions(table)) {
        if (version.version == snapshot->schema_version) source->schema_ = version.schema;
      }
    }
  }
  std::vector<catalog::DataFile> files = catalog.ListFiles(table, source->snapshot_id_);
  // Group the files by their own schema: one Parquet scan per group.
  std::map<std::string, std::pair<Schema, std::vector<std::string>>> groups;
  std::vector<std::string> order;
  for (const auto& f : files) {
    std::string path = JoinPath(info->location, f.path);
    source->files_.push_back(path);
    source->rows_ += f.rows;
    auto file = parquet::ParquetFile::Open(path);
    Schema file_schema;
    for (const auto& leaf : file->columns()) file_schema.push_back(Field{leaf.name, leaf.type});
    std::string key = SchemaKey(file_schema);
    auto [it, inserted] = groups.try_emplace(key, file_schema, std::vector<std::string>{});
    if (inserted) order.push_back(key);
    it->second.second.push_back(path);
  }
  const TableSourceFactory* read_parquet = TableFunctionRegistry::Find("read_parquet");
  if (read_parquet == nullptr) throw Error::Internal("lake: read_parquet is not registered");
  for (const auto& key : order) {
    auto& [file_schema, paths] = groups[key];
    Options options("lake table " + table.ToString());
    OptionValue list;
    list.kind = OptionValue::Kind::kList;
    for (const auto& p : paths) list.items.push_back(OptionValue::Scalar(Value::Varchar(p)));
    options.positional().push_back(std::move(list));
    options.AddNamed("hive_partitioning", OptionValue::Scalar(Value::Boolean(false)));
    FileGroup group;
    group.parquet = (*read_parquet)(options);
    group.file_schema = group.parquet->schema();
    // Fails early (naming the table) if a file holds a type the table cannot widen to.
    ChunkSchemaAdapter check(group.file_schema, source->schema_, table.ToString());
    source->groups_.push_back(std::move(group));
  }
  return source;
}

std::unique_ptr<SourceScan> LakeTableSource::Scan(const ScanRequest& request) {
  Schema wanted;
  for (size_t c : request.columns) wanted.push_back(schema_.at(c));
  std::vector<GroupScan> scans;
  for (FileGroup& group : groups_) {
    ScanRequest sub;
    Schema sub_schema;
    std::map<size_t, size_t> table_to_file;  // table column -> file column of this group
    for (size_t t = 0; t < schema_.size(); t++) {
      for (size_t f = 0; f < group.file_schema.size(); f++) {
        if (group.file_schema[f].name == schema_[t].name) table_to_file[t] = f;
      }
    }
    for (size_t c : request.columns) {
      auto it = table_to_file.find(c);
      if (it == table_to_file.end()) continue;
      sub.columns.push_back(it->second);
      sub_schema.push_back(group.file_schema[it->second]);
    }
    for (const ColumnFilter& filter : request.filters) {
      auto it = table_to_file.find(filter.column);
      // Filters only skip data; pass those whose column has the same type in the files.
      if (it == table_to_file.end() ||
          group.file_schema[it->second].type != schema_[filter.column].type)
        continue;
      ColumnFilter mapped = filter;
      mapped.column = it->second;
      sub.filters.push_back(mapped);
    }
    ChunkSchemaAdapter adapter(sub_schema, wanted, description_);
    scans.push_back(GroupScan{group.parquet->Scan(sub), std::move(adapter)});
  }
  return std::make_unique<LakeScan>(std::move(scans));
}

}  // namespace sluice::lake
