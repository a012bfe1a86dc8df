// A throwaway PostgreSQL server for a test program: started once by scripts/pg.sh (or the
// one $SLUICE_TEST_PG names) and stopped at its end, with a libpq connection of the test's
// own to read back and to disturb what the code under test does. Used by the warehouse and
// the catalog tests.
#pragma once

#include <string>
#include <vector>

namespace sluice::postgres::testing {

// The server's URI, or empty with the reason it could not start.
const std::string& PostgresTestUri();
const std::string& PostgresSkipReason();

// Runs one statement on the test's own connection (application_name sluice_test); each row
// is its values as text joined by '|', NULL as "NULL". Throws std::runtime_error with the
// server's message on failure.
std::vector<std::string> PostgresQuery(const std::string& sql);

}  // namespace sluice::postgres::testing
