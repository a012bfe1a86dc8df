#include "cli/html_report.h"

#include <algorithm>

namespace sluice::cli {
namespace {

// System fonts only: the page must render the same offline.
constexpr const char* kStyleSheet = R"css(
:root{--ok:#1a7f37;--ok-soft:#dafbe1;--warn:#9a6700;--warn-soft:#fff8c5;--bad:#cf222e;
--bad-soft:#ffebe9;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--accent:#0969da;--ink:#1f2328}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);
font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header.page{background:#0d1117;color:#e6edf3;padding:22px 32px 18px}
header.page h1{margin:0;font-size:22px;font-weight:600;letter-spacing:-.01em}
header.page .sub{color:#9198a1;margin-top:2px}
header.page .figures .label{color:#9198a1}
nav{position:sticky;top:0;z-index:1;background:#fff;border-bottom:1px solid var(--line);
padding:8px 32px}
nav a{margin-right:18px;color:var(--accent);text-decoration:none;font-weight:500}
nav a:hover{text-decoration:underline}
main{max-width:1120px;margin:0 auto;padding:8px 24px 40px}
section{background:#fff;border:1px solid var(--line);border-radius:10px;padding:16px 20px;
margin:16px 0;box-shadow:0 1px 2px rgba(31,35,40,.04)}
section>h2{margin:0 0 12px;font-size:17px;font-weight:600}
h3{margin:18px 0 8px;font-size:15px;font-weight:600}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{padding:6px 10px;border-bottom:1px solid #eaeef2;text-align:left;vertical-align:top}
th{font-size:11px;font-weight:600;color:var(--muted);text-transform:uppercase;
letter-spacing:.05em;background:#f6f8fa;white-space:nowrap}
th.num,td.num{text-align:right}
tr.bad>td:first-child{box-shadow:inset 3px 0 0 var(--bad)}
tr.warn>td:first-child{box-shadow:inset 3px 0 0 var(--warn)}
tr.wide>td{background:#fbfcfd;padding:4px 10px 10px 24px}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;
font-size:12.5px}
.badge{display:inline-block;padding:1px 9px;border-radius:999px;font-size:12px;font-weight:600;
color:#fff;background:var(--muted);white-space:nowrap}
.badge.ok{background:var(--ok)}.badge.warn{background:var(--warn)}.badge.bad{background:var(--bad)}
.figures{display:flex;flex-wrap:wrap;gap:28px;margin-top:14px}
.figure .value{font-size:20px;font-weight:600;font-variant-numeric:tabular-nums}
.figure .label{font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.ok-text{color:var(--ok)}.warn-text{color:var(--warn)}.bad-text{color:var(--bad)}
.muted{color:var(--muted)}
.error{background:var(--bad-soft);border:1px solid #ffcecb;border-radius:8px;padding:10px 14px;
margin:12px 0 0;white-space:pre-wrap;overflow-x:auto;color:#82071e}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px}
.card{border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.card h3{margin:0 0 4px;display:flex;justify-content:space-between;align-items:center}
.card .figures{gap:14px 18px;margin-top:8px}.card .figure .value{font-size:16px}
.chart{display:block;width:100%;height:auto;margin-top:8px}
details>summary{cursor:pointer;color:var(--accent);margin:2px 0}
.samples{overflow-x:auto;margin-top:6px}
.samples table{width:auto;font-size:12px}
.samples td{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre}
.null{color:var(--muted);font-style:italic}
.empty{color:var(--muted);font-style:italic;margin:4px 0}
footer{max-width:1120px;margin:0 auto;padding:0 24px 32px;color:var(--muted);font-size:12px}
@media print{nav{display:none}body{background:#fff}section{box-shadow:none;break-inside:avoid}}
)css";

void AppendEscaped(std::string_view text, std::string& out) {
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
}

}  // namespace

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendEscaped(text, out);
  return out;
}

HtmlFragment& HtmlFragment::Text(std::string_view text) {
  AppendEscaped(text, markup_);
  return *this;
}

HtmlFragment& HtmlFragment::Raw(std::string_view markup) {
  markup_ += markup;
  return *this;
}

HtmlFragment& HtmlFragment::Element(std::string_view tag, std::string_view text,
                                    std::string_view css_class) {
  Open(tag, css_class);
  Text(text);
  return Close(tag);
}

HtmlFragment& HtmlFragment::Open(
    std::string_view tag, std::string_view css_class,
    std::initializer_list<std::pair<std::string_view, std::string_view>> attributes) {
  markup_ += '<';
  markup_ += tag;
  if (!css_class.empty()) {
    markup_ += " class=\"";
    AppendEscaped(css_class, markup_);
    markup_ += '"';
  }
  for (const auto& [name, value] : attributes) {
    markup_ += ' ';
    markup_ += name;
    markup_ += "=\"";
    AppendEscaped(value, markup_);
    markup_ += '"';
  }
  markup_ += '>';
  return *this;
}

HtmlFragment& HtmlFragment::Close(std::string_view tag) {
  markup_ += "</";
  markup_ += tag;
  markup_ += '>';
  return *this;
}

HtmlFragment& HtmlFragment::Append(const HtmlFragment& other) {
  markup_ += other.markup_;
  return *this;
}

HtmlTable::HtmlTable(std::vector<std::string> headers, std::vector<size_t> numeric_columns)
    : headers_(std::move(headers)), numeric_columns_(std::move(numeric_columns)) {}

void HtmlTable::AddRow(std::vector<HtmlFragment> cells, std::string css_class) {
  body_.Open("tr", css_class);
  for (size_t i = 0; i < headers_.size(); i++) {
    bool numeric =
        std::find(numeric_columns_.begin(), numeric_columns_.end(), i) != numeric_columns_.end();
    body_.Open("td", numeric ? "num" : "");
    if (i < cells.size()) body_.Append(cells[i]);
    body_.Close("td");
  }
  body_.Close("tr");
  rows_++;
}

void HtmlTable::AddTextRow(const std::vector<std::string>& texts, std::string css_class) {
  std::vector<HtmlFragment> cells(texts.size());
  for (size_t i = 0; i < texts.size(); i++) cells[i].Text(texts[i]);
  AddRow(std::move(cells), std::move(css_class));
}

void HtmlTable::AddWideRow(HtmlFragment content, std::string css_class) {
  std::string span = std::to_string(std::max<size_t>(1, headers_.size()));
  body_.Open("tr", css_class.empty() ? "wide" : "wide " + css_class);
  body_.Open("td", "", {{"colspan", span}}).Append(content).Close("td").Close("tr");
}

HtmlFragment HtmlTable::Render(std::string_view css_class) const {
  HtmlFragment table;
  table.Open("table", css_class).Open("thead").Open("tr");
  for (size_t i = 0; i < headers_.size(); i++) {
    bool numeric =
        std::find(numeric_columns_.begin(), numeric_columns_.end(), i) != numeric_columns_.end();
    table.Element("th", headers_[i], numeric ? "num" : "");
  }
  table.Close("tr").Close("thead").Open("tbody").Append(body_).Close("tbody").Close("table");
  return table;
}

HtmlReport::HtmlReport(std::string title) : title_(std::move(title)) {}

void HtmlReport::SetHeader(HtmlFragment header) {
  header_ = std::move(header);
}

void HtmlReport::AddSection(std::string id, std::string title, HtmlFragment body) {
  sections_.push_back({std::move(id), std::move(title), std::move(body)});
}

void HtmlReport::SetFooter(std::string footer) {
  footer_ = std::move(footer);
}

std::string HtmlReport::Render() const {
  HtmlFragment page;
  page.Raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
      .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
      .Element("title", title_)
      .Raw("\n<style>")
      .Raw(kStyleSheet)
      .Raw("</style>\n</head>\n<body>\n");
  page.Open("header", "page").Element("h1", title_).Append(header_).Close("header").Raw("\n");
  if (!sections_.empty()) {
    page.Open("nav");
    for (const auto& section : sections_) {
      page.Open("a", "", {{"href", "#" + section.id}}).Text(section.title).Close("a");
    }
    page.Close("nav").Raw("\n");
  }
  page.Open("main").Raw("\n");
  for (const auto& section : sections_) {
    page.Open("section", "", {{"id", section.id}})
        .Element("h2", section.title)
        .Append(section.body)
        .Close("section")
        .Raw("\n");
  }
  page.Close("main").Raw("\n");
  if (!footer_.empty()) page.Element("footer", footer_).Raw("\n");
  page.Raw("</body>\n</html>\n");
  return page.markup();
}

}  // namespace sluice::cli
