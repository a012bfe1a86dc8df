// Text, Graphviz and Mermaid renderings of a node's upstream and downstream.
#include <map>
#include <set>
#include <sstream>

#include "lineage/lineage_graph.h"

namespace sluice::lineage {
namespace {

// A node, or one column of it (column empty: the whole node).
struct Point {
  std::string node;
  std::string column;
  bool operator<(const Point& o) const {
    return node != o.node ? node < o.node : column < o.column;
  }
  bool operator==(const Point& o) const = default;
  std::string Label() const { return column.empty() ? node : node + "[" + column + "]"; }
};

struct Step {
  Point point;
  std::string kinds;  // "aggregate, direct"
};

// The neighbours of `at` one edge upstream (or downstream), with the kinds of the edges
// leading there. Table level (`at.column` empty and `columns` false) collapses columns.
std::vector<Step> Neighbours(const LineageGraph& graph, const Point& at, bool upstream,
                             bool columns) {
  std::map<Point, std::set<std::string>> found;
  for (const auto& e : graph.edges()) {
    const std::string& here = upstream ? e.to : e.from;
    const std::string& here_column = upstream ? e.to_column : e.from_column;
    if (here != at.node || (columns && here_column != at.column)) continue;
    Point next{upstream ? e.from : e.to, columns ? (upstream ? e.from_column : e.to_column) : ""};
    found[next].insert(e.kind);
  }
  std::vector<Step> out;
  for (const auto& [point, kinds] : found) {
    std::string text;
    for (const auto& k : kinds) text += (text.empty() ? "" : ", ") + k;
    out.push_back(Step{point, text});
  }
  return out;
}

struct Walk {
  const LineageGraph& graph;
  bool columns;
  bool upstream;
  std::set<std::tuple<Point, Point, std::string>> edges;  // (from, to, kinds)
  std::set<Point> expanded;

  // Appends the tree below `at` to `out` (when given) and gathers the edges walked.
  void Visit(const Point& at, int depth, std::set<Point>& path, std::ostringstream* out) {
    // A column edge ending at a table-level point (a filter influence) goes no further.
    if (columns && at.column.empty() && depth > 0) return;
    for (const auto& step : Neighbours(graph, at, upstream, columns)) {
      edges.insert(upstream ? std::make_tuple(step.point, at, step.kinds)
                            : std::make_tuple(at, step.point, step.kinds));
      bool cycle = path.count(step.point) > 0;
      bool seen = expanded.count(step.point) > 0;
      if (out) {
        *out << std::string(2 * (depth + 2), ' ') << (upstream ? "<- " : "-> ")
             << step.point.Label() << " (" << step.kinds << ")"
             << (cycle  ? " [cycle]"
                 : seen ? " [see above]"
                        : "")
             << "\n";
      }
      if (cycle || seen || depth > 64) continue;
      expanded.insert(step.point);
      path.insert(step.point);
      Visit(step.point, depth + 1, path, out);
      path.erase(step.point);
    }
  }
};

std::string DotQuote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string MermaidLabel(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"') {
      out += "#quot;";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string RenderLineage(const LineageGraph& graph, const std::string& node,
                          const std::string& column, LineageFormat format) {
  bool columns = !column.empty();
  Point focus{node, column};
  std::ostringstream text;
  std::set<std::tuple<Point, Point, std::string>> edges;
  for (bool upstream : {true, false}) {
    Walk walk{graph, columns, upstream, {}, {}};
    std::set<Point> path{focus};
    if (format == LineageFormat::kText) {
      std::ostringstream tree;
      walk.Visit(focus, 0, path, &tree);
      text << "  " << (upstream ? "upstream:" : "downstream:") << "\n";
      text << (tree.str().empty() ? "    (none)\n" : tree.str());
    } else {
      walk.Visit(focus, 0, path, nullptr);
    }
    edges.insert(walk.edges.begin(), walk.edges.end());
  }
  if (format == LineageFormat::kText) return focus.Label() + "\n" + text.str();

  std::ostringstream out;
  if (format == LineageFormat::kDot) {
    out << "digraph lineage {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n";
    out << "  " << DotQuote(focus.Label()) << " [style=\"bold,filled\", fillcolor=\"#fde68a\"];\n";
    for (const auto& [from, to, kinds] : edges) {
      out << "  " << DotQuote(from.Label()) << " -> " << DotQuote(to.Label())
          << " [label=" << DotQuote(kinds) << "];\n";
    }
    out << "}\n";
    return out.str();
  }
  // Mermaid: ids n0, n1, ... in order of first appearance, the label in quotes.
  std::map<Point, std::string> ids;
  std::ostringstream nodes, links;
  auto id = [&](const Point& p) {
    auto it = ids.find(p);
    if (it != ids.end()) return it->second;
    std::string name = "n" + std::to_string(ids.size());
    ids.emplace(p, name);
    nodes << "  " << name << "[\"" << MermaidLabel(p.Label()) << "\"]\n";
    return name;
  };
  std::string focus_id = id(focus);
  for (const auto& [from, to, kinds] : edges) {
    std::string a = id(from), b = id(to);
    links << "  " << a << " -->|" << MermaidLabel(kinds) << "| " << b << "\n";
  }
  out << "graph LR\n" << nodes.str() << links.str();
  out << "  style " << focus_id << " fill:#fde68a,stroke:#92400e,stroke-width:2px\n";
  return out.str();
}

}  // namespace sluice::lineage
