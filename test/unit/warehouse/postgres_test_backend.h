// The PostgreSQL back end of the warehouse tests: a throwaway server started once for the
// test program by scripts/pg.sh (or the one $SLUICE_TEST_PG names), and a second libpq
// connection to read back and to disturb loads.
#pragma once

#include <string>
#include <vector>

#include "warehouse_test_support.h"

namespace sluice::warehouse::testing {

// The server's URI, or empty with the reason it could not start.
const std::string& PostgresTestUri();
const std::string& PostgresSkipReason();

// Runs one statement on the test's own connection (application_name sluice_test); rows as
// in Backend::Query. Throws std::runtime_error with the server's message on failure.
std::vector<std::string> PostgresQuery(const std::string& sql);

}  // namespace sluice::warehouse::testing
