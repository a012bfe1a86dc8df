#include "lineage/lineage_graph.h"

#include <algorithm>
#include <set>

namespace sluice::lineage {
namespace {

bool IsInternal(const std::string& node) {
  return node.rfind("source:", 0) == 0 || node.rfind("step:", 0) == 0;
}

std::string Qualified(const std::string& pipeline, const std::string& node, bool qualify) {
  return qualify && IsInternal(node) ? pipeline + ":" + node : node;
}

}  // namespace

LineageGraph::LineageGraph(const std::vector<catalog::LineageEdge>& edges, bool qualify_internal) {
  std::set<std::string> nodes;
  for (const auto& e : edges) {
    Edge edge{Qualified(e.pipeline, e.from_node, qualify_internal), e.from_column,
              Qualified(e.pipeline, e.to_node, qualify_internal), e.to_column, e.kind};
    nodes.insert(edge.from);
    nodes.insert(edge.to);
    edges_.push_back(std::move(edge));
  }
  nodes_.assign(nodes.begin(), nodes.end());
}

std::optional<std::string> LineageGraph::FindNode(const std::string& name) const {
  auto has = [&](const std::string& node) {
    return std::binary_search(nodes_.begin(), nodes_.end(), node);
  };
  if (has(name)) return name;
  for (const char* prefix : {"lake:", "warehouse:", "file:"}) {
    if (has(prefix + name)) return prefix + name;
  }
  // A pipeline's source or step: "<pipeline>:step:<name>" for "step:<name>" or "<name>";
  // steps first.
  for (const std::string& suffix : {name, "step:" + name, "source:" + name}) {
    for (const auto& node : nodes_) {
      if (node.size() > suffix.size() &&
          node.compare(node.size() - suffix.size(), suffix.size(), suffix) == 0 &&
          node[node.size() - suffix.size() - 1] == ':' && IsInternal(suffix)) {
        return node;
      }
      if (node == suffix && IsInternal(node)) return node;
    }
  }
  return std::nullopt;
}

std::vector<std::string> LineageGraph::Columns(const std::string& node) const {
  std::set<std::string> columns;
  for (const auto& e : edges_) {
    if (e.from == node && !e.from_column.empty()) columns.insert(e.from_column);
    if (e.to == node && !e.to_column.empty()) columns.insert(e.to_column);
  }
  return {columns.begin(), columns.end()};
}

}  // namespace sluice::lineage
