// SVG rendering of a lineage graph: table-level nodes in columns by depth, arrows between.
#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "lineage/lineage_graph.h"

namespace sluice::lineage {
namespace {

constexpr int kBoxWidth = 210;
constexpr int kBoxHeight = 30;
constexpr int kColumnGap = 70;
constexpr int kRowGap = 16;
constexpr int kMargin = 12;
constexpr size_t kMaxLabel = 30;

std::string XmlEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// Fill colour by node kind (the prefix after an optional "pipeline:").
const char* Fill(const std::string& node) {
  auto has = [&](const char* kind) {
    return node.rfind(kind, 0) == 0 || node.find(std::string(":") + kind) != std::string::npos;
  };
  if (node.rfind("lake:", 0) == 0) return "#dbeafe";
  if (node.rfind("warehouse:", 0) == 0) return "#ede9fe";
  if (node.rfind("file:", 0) == 0) return "#f3f4f6";
  if (has("source:")) return "#dcfce7";
  if (has("step:")) return "#ffedd5";
  return "#ffffff";
}

// Depth of each node: the longest path from a node without inputs (bounded, so that a
// cycle cannot loop forever).
std::map<std::string, int> Depths(const LineageGraph& graph,
                                  const std::set<std::pair<std::string, std::string>>& links) {
  std::map<std::string, int> depth;
  for (const auto& node : graph.nodes()) depth[node] = 0;
  for (size_t round = 0; round < graph.nodes().size(); round++) {
    bool changed = false;
    for (const auto& [from, to] : links) {
      if (from != to && depth[to] < depth[from] + 1) {
        depth[to] = depth[from] + 1;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return depth;
}

}  // namespace

std::string RenderLineageSvg(const LineageGraph& graph) {
  std::set<std::pair<std::string, std::string>> links;
  std::map<std::pair<std::string, std::string>, std::set<std::string>> kinds;
  for (const auto& e : graph.edges()) {
    links.emplace(e.from, e.to);
    kinds[{e.from, e.to}].insert(e.kind);
  }
  if (graph.nodes().empty()) {
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lineage\" width=\"160\" "
           "height=\"30\"><text x=\"4\" y=\"20\" font-family=\"sans-serif\" "
           "font-size=\"12\">no lineage</text></svg>";
  }
  std::map<std::string, int> depth = Depths(graph, links);
  std::map<int, std::vector<std::string>> columns;
  for (const auto& node : graph.nodes()) columns[depth[node]].push_back(node);
  std::map<std::string, std::pair<int, int>> at;  // top-left corner of each box
  size_t rows = 0;
  for (const auto& [d, nodes] : columns) {
    for (size_t i = 0; i < nodes.size(); i++) {
      at[nodes[i]] = {kMargin + d * (kBoxWidth + kColumnGap),
                      kMargin + static_cast<int>(i) * (kBoxHeight + kRowGap)};
    }
    rows = std::max(rows, nodes.size());
  }
  int width = 2 * kMargin + static_cast<int>(columns.rbegin()->first + 1) * kBoxWidth +
              columns.rbegin()->first * kColumnGap;
  int height = 2 * kMargin + static_cast<int>(rows) * (kBoxHeight + kRowGap) - kRowGap;

  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lineage\" width=\"" << width
      << "\" height=\"" << height << "\" viewBox=\"0 0 " << width << " " << height
      << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
      << "<defs><marker id=\"lineage-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
         "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" "
         "fill=\"#6b7280\"/></marker></defs>\n";
  for (const auto& [from, to] : links) {
    auto [fx, fy] = at[from];
    auto [tx, ty] = at[to];
    int x1 = fx + kBoxWidth, y1 = fy + kBoxHeight / 2, x2 = tx, y2 = ty + kBoxHeight / 2;
    int bend = std::max(30, std::abs(x2 - x1) / 2);
    std::string label;
    for (const auto& k : kinds[{from, to}]) label += (label.empty() ? "" : ", ") + k;
    bool dashed = label == "filter" || label == "join" || label == "filter, join";
    svg << "<path d=\"M" << x1 << "," << y1 << " C" << x1 + bend << "," << y1 << " " << x2 - bend
        << "," << y2 << " " << x2 << "," << y2
        << "\" fill=\"none\" stroke=\"#6b7280\" stroke-width=\"1.2\""
        << (dashed ? " stroke-dasharray=\"4 3\"" : "")
        << " marker-end=\"url(#lineage-arrow)\"><title>"
        << XmlEscape(from + " -> " + to + " (" + label + ")") << "</title></path>\n";
  }
  for (const auto& [node, corner] : at) {
    std::string label = node.size() > kMaxLabel ? node.substr(0, kMaxLabel - 1) + "\u2026" : node;
    svg << "<g><title>" << XmlEscape(node) << "</title><rect x=\"" << corner.first << "\" y=\""
        << corner.second << "\" width=\"" << kBoxWidth << "\" height=\"" << kBoxHeight
        << "\" rx=\"5\" fill=\"" << Fill(node) << "\" stroke=\"#374151\"/><text x=\""
        << corner.first + 8 << "\" y=\"" << corner.second + kBoxHeight / 2 + 4 << "\">"
        << XmlEscape(label) << "</text></g>\n";
  }
  svg << "</svg>";
  return svg.str();
}

}  // namespace sluice::lineage
