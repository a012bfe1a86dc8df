// HtmlReport — builds a self-contained HTML page (one inline stylesheet, inline SVG, no
// script, no fonts or images from the network) out of sections appended in order, each
// with an anchor and an entry in the page's contents bar. Report kinds add sections
// (quality, stages, outputs; lineage later) without touching the page frame.
//
// HtmlFragment is the markup builder every section uses: Text() escapes, Raw() takes
// markup built by trusted code (an SVG chart), so data never reaches the page unescaped.
//
// Thread-safety: value types; one thread per object.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sluice::cli {

// Escapes & < > " ' for HTML text and attribute values (also valid in SVG/XML).
std::string EscapeHtml(std::string_view text);

class HtmlFragment {
 public:
  HtmlFragment() = default;

  // Escaped text.
  HtmlFragment& Text(std::string_view text);
  // Markup taken as is: only for markup built by this program, never for data.
  HtmlFragment& Raw(std::string_view markup);
  // <tag class="css_class">escaped text</tag>
  HtmlFragment& Element(std::string_view tag, std::string_view text,
                        std::string_view css_class = "");
  // <tag class="css_class" name="value"...>; attribute values are escaped.
  HtmlFragment& Open(
      std::string_view tag, std::string_view css_class = "",
      std::initializer_list<std::pair<std::string_view, std::string_view>> attributes = {});
  HtmlFragment& Close(std::string_view tag);
  HtmlFragment& Append(const HtmlFragment& other);

  const std::string& markup() const { return markup_; }
  bool empty() const { return markup_.empty(); }

 private:
  std::string markup_;
};

// A table: a header row of escaped labels, then rows of cells (fragments). Columns whose
// header is in `numeric_columns` are right-aligned.
class HtmlTable {
 public:
  explicit HtmlTable(std::vector<std::string> headers, std::vector<size_t> numeric_columns = {});

  // Cells beyond the headers are dropped; missing cells are empty. `css_class` marks the
  // row (for example "bad").
  void AddRow(std::vector<HtmlFragment> cells, std::string css_class = "");
  // A row of plain texts.
  void AddTextRow(const std::vector<std::string>& texts, std::string css_class = "");
  // A full-width row under the last one (details such as failing samples).
  void AddWideRow(HtmlFragment content, std::string css_class = "");
  size_t rows() const { return rows_; }

  HtmlFragment Render(std::string_view css_class = "") const;

 private:
  std::vector<std::string> headers_;
  std::vector<size_t> numeric_columns_;
  HtmlFragment body_;
  size_t rows_ = 0;
};

class HtmlReport {
 public:
  explicit HtmlReport(std::string title);

  // The banner under the title (status, key figures).
  void SetHeader(HtmlFragment header);
  // A section with a heading, linked from the contents bar by `id` ([a-z0-9-]).
  void AddSection(std::string id, std::string title, HtmlFragment body);
  // A line at the bottom of the page (escaped).
  void SetFooter(std::string footer);

  // The complete page.
  std::string Render() const;

 private:
  struct Section {
    std::string id;
    std::string title;
    HtmlFragment body;
  };

  std::string title_;
  HtmlFragment header_;
  std::vector<Section> sections_;
  std::string footer_;
};

}  // namespace sluice::cli
