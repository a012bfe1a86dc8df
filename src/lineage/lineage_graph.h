// LineageGraph — recorded lineage edges as a graph to walk: the upstream and downstream
// of a table or of one of its columns, across pipelines. Internal nodes ("source:x",
// "step:x") are qualified by their pipeline ("daily:step:x"); lake, warehouse and file
// nodes are shared, which is how one pipeline's output connects to another's input.
//
// Renderings: an indented text tree, Graphviz dot, a Mermaid `graph LR` block, and a
// self-contained SVG (nodes in columns by depth) for HTML reports.
//
// Thread-safety: immutable after construction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/run_store.h"

namespace sluice::lineage {

class LineageGraph {
 public:
  struct Edge {
    std::string from;
    std::string from_column;  // empty: table level
    std::string to;
    std::string to_column;  // empty: table level (a join or filter influence)
    std::string kind;
  };

  // `qualify_internal`: prefix source/step nodes with their pipeline (for graphs over
  // several pipelines); a single run's graph reads better without.
  explicit LineageGraph(const std::vector<catalog::LineageEdge>& edges,
                        bool qualify_internal = true);

  const std::vector<Edge>& edges() const { return edges_; }
  const std::vector<std::string>& nodes() const { return nodes_; }  // sorted

  // The node a user means by `name`: a node name as is ("lake:sales.orders"), or a
  // table name with the prefix left out ("sales.orders" -> lake:, warehouse:, file:, then
  // a pipeline's source or step of that name). nullopt when nothing matches.
  std::optional<std::string> FindNode(const std::string& name) const;
  // Columns of `node` that appear in edges, sorted.
  std::vector<std::string> Columns(const std::string& node) const;

 private:
  std::vector<Edge> edges_;
  std::vector<std::string> nodes_;
};

enum class LineageFormat { kText, kDot, kMermaid };

// The upstream and downstream of `node` (or of its `column` when not empty) in `format`.
// Text: two indented trees ("upstream:" with `<-` lines, "downstream:" with `->`).
// Dot / Mermaid: the subgraph of every edge on those paths, the focus highlighted.
std::string RenderLineage(const LineageGraph& graph, const std::string& node,
                          const std::string& column, LineageFormat format);

// The whole graph at table level as an <svg> element: nodes in columns by depth (inputs
// left, outputs right), one arrow per connected pair of tables, kinds in tooltips.
// No scripts, no external resources; an empty graph gives a small "no lineage" svg.
std::string RenderLineageSvg(const LineageGraph& graph);

}  // namespace sluice::lineage
