#include "runner/crash_point.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace sluice::runner {
namespace {

struct CrashSettings {
  long crash_at = 0;
  bool list = false;
};

const CrashSettings& Settings() {
  static const CrashSettings settings = [] {
    CrashSettings s;
    if (const char* at = std::getenv("SLUICE_TEST_CRASH_AT")) s.crash_at = std::atol(at);
    if (const char* list = std::getenv("SLUICE_TEST_CRASH_LIST")) s.list = *list == '1';
    return s;
  }();
  return settings;
}

std::atomic<long> reached{0};

}  // namespace

void CrashPoint(std::string_view where) {
  const CrashSettings& settings = Settings();
  if (settings.crash_at <= 0 && !settings.list) return;
  long n = reached.fetch_add(1, std::memory_order_relaxed) + 1;
  if (settings.list || n == settings.crash_at) {
    std::string line = "crash point " + std::to_string(n) + ": " + std::string(where) + "\n";
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
  }
  if (n == settings.crash_at) std::raise(SIGKILL);
}

}  // namespace sluice::runner
