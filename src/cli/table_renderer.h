// Table rendering of a query result for people at a terminal: a box with the column names
// and types as the header, numbers right-aligned, NULL shown as NULL.
//
//   ┌─────────┬───────┐
//   │ region  │   n   │
//   │ varchar │ bigint│
//   ├─────────┼───────┤
//   │ uk      │     3 │
//   └─────────┴───────┘
//
// Results longer than `max_rows` show their first and last max_rows/2 rows around a "·"
// line, with a "N rows (M shown)" footer. When `max_width` is set (the terminal's width)
// the widest columns shrink until the table fits and long values end in "…". Control
// characters inside values are shown escaped (\n, \t) so that rows stay on one line.
// Widths count UTF-8 code points.
//
// Thread-safety: stateless functions; the stream belongs to the caller.
#pragma once

#include <cstddef>
#include <ostream>

#include "sql/session.h"

namespace sluice::cli {

struct TableOptions {
  size_t max_width = 0;  // 0: no limit
  size_t max_rows = 40;  // shown rows before eliding the middle ones
};

void RenderTable(const QueryResult& result, const TableOptions& options, std::ostream& out);

}  // namespace sluice::cli
