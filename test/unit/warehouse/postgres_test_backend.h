// The PostgreSQL back end of the warehouse tests: the throwaway server of the test program
// (postgres_test_server.h) and its libpq connection to read back and to disturb loads.
#pragma once

#include <string>
#include <vector>

#include "postgres_test_server.h"
#include "warehouse_test_support.h"

namespace sluice::warehouse::testing {

using postgres::testing::PostgresQuery;
using postgres::testing::PostgresSkipReason;
using postgres::testing::PostgresTestUri;

}  // namespace sluice::warehouse::testing
