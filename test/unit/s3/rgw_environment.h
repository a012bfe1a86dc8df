// A Ceph RADOS Gateway for the whole test binary: started once through scripts/rgw.sh
// into a temporary directory before the first test, its AWS_* settings exported into
// this process's environment, and stopped (exactly the daemons it started) after the
// last test. Where RGW cannot run (exit status 3 of the script: not root, packages not
// installable), tests skip with the reason; any other start failure fails them.
#pragma once

#include <string>

#include "storage/s3/s3_config.h"

namespace sluice::s3::testing {

struct RgwStatus {
  bool running = false;
  bool unavailable = false;  // skip, do not fail
  std::string reason;        // why not running (with the script's log tail)
  S3Config config;           // from the environment file the script wrote
};

const RgwStatus& Rgw();

}  // namespace sluice::s3::testing

// In a TEST body: skip or fail unless the gateway is running.
#define SLUICE_REQUIRE_RGW()                                                       \
  do {                                                                             \
    const auto& rgw_status = ::sluice::s3::testing::Rgw();                         \
    if (rgw_status.unavailable) GTEST_SKIP() << rgw_status.reason;                 \
    if (!rgw_status.running) FAIL() << "RGW did not start: " << rgw_status.reason; \
  } while (0)
