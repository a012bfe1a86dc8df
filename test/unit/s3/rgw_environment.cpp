#include "rgw_environment.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace sluice::s3::testing {
namespace {

namespace fs = std::filesystem;

RgwStatus& Status() {
  static RgwStatus status;
  return status;
}

std::string Tail(const fs::path& file, size_t max_chars) {
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  return text.size() > max_chars ? text.substr(text.size() - max_chars) : text;
}

class RgwEnvironment final : public ::testing::Environment {
 public:
  void SetUp() override {
    RgwStatus& status = Status();
    if (::geteuid() != 0) {
      status.unavailable = true;
      status.reason = "the Ceph RADOS Gateway tests need root (scripts/rgw.sh)";
      return;
    }
    char pattern[] = "/tmp/sluice_rgw_XXXXXX";
    if (::mkdtemp(pattern) == nullptr) {
      status.reason = "cannot create a temporary directory";
      return;
    }
    dir_ = pattern;
    fs::path log = dir_ / "start.log";
    std::string command = std::string("bash '") + SLUICE_RGW_SCRIPT + "' start '" + dir_.string() +
                          "/rgw' >'" + log.string() + "' 2>&1 </dev/null";
    // Should this binary crash, the script's watchdog stops the daemons anyway.
    ::setenv("RGW_OWNER_PID", std::to_string(::getpid()).c_str(), 1);
    int rc = std::system(command.c_str());
    int exit_code = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    if (exit_code != 0) {
      status.unavailable = exit_code == 3;
      status.reason = "scripts/rgw.sh start failed (exit " + std::to_string(exit_code) + "):\n" +
                      Tail(log, 2000);
      return;
    }
    std::ifstream env(dir_ / "rgw" / "env");
    std::string line;
    while (std::getline(env, line)) {
      if (line.rfind("export ", 0) == 0) line = line.substr(7);
      size_t eq = line.find('=');
      if (eq != std::string::npos)
        ::setenv(line.substr(0, eq).c_str(), line.substr(eq + 1).c_str(), 1);
    }
    auto config = S3ConfigFromEnvironment();
    if (!config) {
      status.reason = "scripts/rgw.sh wrote no credentials";
      return;
    }
    status.config = *config;
    status.running = true;
  }

  void TearDown() override {
    if (dir_.empty()) return;
    std::string command = std::string("bash '") + SLUICE_RGW_SCRIPT + "' stop '" + dir_.string() +
                          "/rgw' >/dev/null 2>&1 </dev/null";
    int rc = std::system(command.c_str());
    if (rc == 0) {
      std::error_code ec;
      fs::remove_all(dir_, ec);
    } else {
      std::fprintf(stderr, "rgw: stopping failed; logs kept in %s\n", dir_.c_str());
    }
  }

 private:
  fs::path dir_;
};

const bool kRegistered = [] {
  ::testing::AddGlobalTestEnvironment(new RgwEnvironment());
  return true;
}();

}  // namespace

const RgwStatus& Rgw() {
  return Status();
}

}  // namespace sluice::s3::testing
