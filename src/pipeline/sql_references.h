// SqlTableReferences — the table names a SQL statement reads, found by a rough token scan
// (no parser): unqualified identifiers in table position, i.e. right after FROM, JOIN or a
// comma of a FROM list, not followed by '(' (a table function) or '.' (a catalog table
// "db.table", returned separately). Names defined by the statement's own WITH clause are
// left out. String literals, quoted identifiers' quotes and comments are handled;
// EXTRACT(x FROM y)-style function syntax is not mistaken for a FROM clause.
//
// The pipeline uses it to build the step DAG before anything runs; the binder checks the
// SQL properly when the step executes.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sluice::pipeline {

struct SqlTableReferences {
  std::vector<std::string> names;            // unqualified, lower-cased, first-seen order
  std::vector<std::string> qualified_names;  // "db.table", lower-cased
};

SqlTableReferences FindTableReferences(std::string_view sql);

}  // namespace sluice::pipeline
