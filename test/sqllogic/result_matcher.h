// ResultMatcher — compares a query's actual values with a test's expected lines and, when
// they differ, explains how (expected vs actual in the test's own format, the first
// differing value, hints for common slips such as spaces instead of tabs).
//
// Values are text as the test file writes them: NULL as "NULL", the empty string as
// "(empty)", booleans true/false, doubles by AppendDouble, dates and timestamps ISO.
// Columns typed R compare numerically (relative tolerance 1e-9), all others as text.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sql/session.h"
#include "sqllogic/test_file.h"

namespace sluice::sqllogic {

using TextRows = std::vector<std::vector<std::string>>;

// The result's values as test text.
TextRows ResultToText(const QueryResult& result);

// Renders rows the way a test file writes them (tab separated, one row per line).
std::string FormatRows(const TextRows& rows, const std::string& indent = "");

// nullopt when `actual` matches what `record` expects; otherwise a multi-line explanation.
std::optional<std::string> MatchQueryResult(const TestRecord& record, TextRows actual);

}  // namespace sluice::sqllogic
