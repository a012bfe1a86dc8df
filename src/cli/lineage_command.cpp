#include "cli/lineage_command.h"

#include <algorithm>
#include <cstdlib>

#include "catalog/catalog.h"
#include "cli/exit_codes.h"
#include "common/error.h"
#include "lake/lake_catalog_location.h"
#include "lineage/lineage_graph.h"
#include "storage/file_system.h"

namespace sluice::cli {
namespace {

std::string Joined(const std::vector<std::string>& items, size_t limit) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < limit; i++) out += (i ? ", " : "") + items[i];
  if (items.size() > limit) out += fmt::format(" and {} more", items.size() - limit);
  return out;
}

lineage::LineageFormat FormatFor(const std::string& name) {
  if (name == "dot") return lineage::LineageFormat::kDot;
  if (name == "mermaid") return lineage::LineageFormat::kMermaid;
  return lineage::LineageFormat::kText;
}

}  // namespace

int PrintLineage(const LineageArgs& args, catalog::RunStore& store, std::ostream& out) {
  std::vector<catalog::LineageEdge> edges = store.LatestLineage();
  if (edges.empty()) {
    throw Error::UserInput(
        "no lineage recorded yet: run a pipeline with 'sluice run' (lineage is recorded by "
        "each run)");
  }
  lineage::LineageGraph graph(edges);
  std::optional<std::string> node = graph.FindNode(args.table);
  if (!node) {
    throw Error::UserInput("lineage: no table '{}' in the recorded lineage (known: {})", args.table,
                           Joined(graph.nodes(), 12));
  }
  if (!args.column.empty()) {
    std::vector<std::string> columns = graph.Columns(*node);
    if (std::find(columns.begin(), columns.end(), args.column) == columns.end()) {
      throw Error::UserInput("lineage: {} has no column '{}' in the recorded lineage (known: {})",
                             *node, args.column, Joined(columns, 20));
    }
  }
  out << lineage::RenderLineage(graph, *node, args.column, FormatFor(args.format));
  return kExitOk;
}

int RunLineageCommand(const LineageArgs& args, std::ostream& out) {
  std::string lake = args.lake ? *args.lake : "";
  if (lake.empty()) {
    const char* env = std::getenv("SLUICE_LAKE");
    lake = env != nullptr && *env != '\0' ? env : "./lake";
  }
  std::string path = lake::ResolveCatalogUri(lake, args.catalog);
  if (path.find("://") == std::string::npos && !FileSystem::For(path).Exists(path)) {
    throw Error::UserInput(
        "no run store under {}: run a pipeline with 'sluice run' first (or point --lake or "
        "$SLUICE_LAKE at the lake root)",
        lake);
  }
  std::unique_ptr<catalog::RunStore> store = catalog::OpenRunStore(path);
  return PrintLineage(args, *store, out);
}

}  // namespace sluice::cli
