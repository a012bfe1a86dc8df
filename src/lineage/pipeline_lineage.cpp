#include "lineage/pipeline_lineage.h"

#include <map>
#include <set>

#include "common/error.h"
#include "exec/chunk_collection.h"
#include "lineage/column_lineage.h"
#include "plan/logical_operator.h"

namespace sluice::lineage {
namespace {

std::string QuotedName(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// The dataset's columns as the run's session sees them, or nullopt when it has none.
std::optional<Schema> DatasetSchema(Session& session, const std::string& name) {
  Session::TableData table = session.GetTable(name);
  if (table.data) return table.schema;
  try {
    Session::BoundPlan bound = session.BindPlan("SELECT * FROM " + QuotedName(name));
    Schema schema;
    for (size_t i = 0; i < bound.names.size(); i++) {
      schema.push_back(Field{bound.names[i], bound.plan->types[i]});
    }
    return schema;
  } catch (const Error&) {
    return std::nullopt;
  }
}

class PipelineEdges {
 public:
  PipelineEdges(const pipeline::PipelineSpec& spec, const std::string& run_id)
      : spec_(spec), run_id_(run_id) {}

  void Add(std::string from, std::string from_column, std::string to, std::string to_column,
           EdgeKind kind) {
    auto key = std::make_tuple(from, from_column, to, to_column);
    if (!seen_.insert(key).second) return;
    edges_.push_back(catalog::LineageEdge{run_id_, spec_.name, std::move(from),
                                          std::move(from_column), std::move(to),
                                          std::move(to_column), std::string(EdgeKindName(kind))});
  }

  // Every column of `schema` passes from `from` to `to` under the same name.
  void PassThrough(const std::string& from, const std::string& to, const Schema& schema) {
    for (const auto& field : schema) Add(from, field.name, to, field.name, EdgeKind::kDirect);
  }

  std::string InputNode(const ColumnSource& input) const {
    switch (input.input) {
      case InputKind::kSessionTable:
        return spec_.sources.count(input.table) ? SourceNode(input.table) : StepNode(input.table);
      case InputKind::kCatalogTable: return "lake:" + input.table;
      case InputKind::kTableFunction: return "file:" + input.table;
    }
    return "file:" + input.table;
  }

  void AddStep(const std::string& step, const QueryLineage& lineage) {
    std::string to = StepNode(step);
    std::set<std::string> connected;
    for (size_t i = 0; i < lineage.columns.size(); i++) {
      for (const auto& input : lineage.columns[i]) {
        connected.insert(InputNode(input));
        Add(InputNode(input), input.column, to, lineage.output_columns[i], input.kind);
      }
    }
    for (const auto& input : lineage.row_influences) {
      connected.insert(InputNode(input));
      Add(InputNode(input), input.column, to, "", input.kind);
    }
    // Inputs that feed no column and decide no row (SELECT count(*) FROM t): table level.
    for (const auto& input : lineage.tables) {
      if (!connected.count(InputNode(input))) Add(InputNode(input), "", to, "", EdgeKind::kDerived);
    }
  }

  std::vector<catalog::LineageEdge> Take() { return std::move(edges_); }

 private:
  const pipeline::PipelineSpec& spec_;
  std::string run_id_;
  std::vector<catalog::LineageEdge> edges_;
  std::set<std::tuple<std::string, std::string, std::string, std::string>> seen_;
};

std::string StepSql(const pipeline::StepSpec& step) {
  std::string sql = step.sql;
  while (!sql.empty() &&
         (std::isspace(static_cast<unsigned char>(sql.back())) || sql.back() == ';')) {
    sql.pop_back();
  }
  return sql;
}

}  // namespace

std::string SourceNode(const std::string& source) {
  return "source:" + source;
}
std::string StepNode(const std::string& step) {
  return "step:" + step;
}

std::string SourceInputNode(const pipeline::SourceSpec& source) {
  return source.table.empty() ? "file:" + source.path : "lake:" + source.table;
}

std::string SinkNode(const pipeline::SinkSpec& sink) {
  if (sink.to == "lake") return "lake:" + sink.table;
  if (sink.to == "warehouse") return "warehouse:" + sink.table;
  return "file:" + sink.path;
}

std::vector<catalog::LineageEdge> PipelineLineage(Session& session,
                                                  const pipeline::PipelineSpec& spec,
                                                  const std::string& run_id) {
  PipelineEdges edges(spec, run_id);
  // A scratch session with empty tables shaped like the run's datasets: steps bind
  // against them by name, so their inputs come out as sources and steps, not as the
  // files a streamed source's view would expand to.
  SessionOptions options;
  options.threads = 1;
  options.lake_root = session.options().lake_root;
  Session scratch(options);
  std::map<std::string, Schema> datasets;
  auto add_dataset = [&](const std::string& name) {
    std::optional<Schema> schema = DatasetSchema(session, name);
    if (!schema) return;
    std::vector<TypeId> types;
    for (const auto& field : *schema) types.push_back(field.type);
    scratch.PutTable(name, *schema, std::make_shared<ChunkCollection>(types));
    datasets.emplace(name, *schema);
  };
  for (const auto& name : spec.source_order) add_dataset(name);
  for (const auto& step : spec.steps) add_dataset(step.name);

  for (const auto& name : spec.source_order) {
    auto dataset = datasets.find(name);
    auto source = spec.sources.find(name);
    if (dataset == datasets.end() || source == spec.sources.end()) continue;
    edges.PassThrough(SourceInputNode(source->second), SourceNode(name), dataset->second);
  }
  for (const pipeline::StepSpec* step : spec.TopologicalOrder()) {
    if (!datasets.count(step->name)) continue;
    try {
      edges.AddStep(step->name, ColumnLineage(scratch, StepSql(*step)));
    } catch (const Error&) {
      for (const auto& input : step->inputs) {
        std::string from = spec.sources.count(input) ? SourceNode(input) : StepNode(input);
        edges.Add(from, "", StepNode(step->name), "", EdgeKind::kDerived);
      }
    }
  }
  for (const auto& sink : spec.sinks) {
    auto dataset = datasets.find(sink.from);
    if (dataset == datasets.end()) continue;
    std::string from = spec.sources.count(sink.from) ? SourceNode(sink.from) : StepNode(sink.from);
    edges.PassThrough(from, SinkNode(sink), dataset->second);
  }
  return edges.Take();
}

}  // namespace sluice::lineage
