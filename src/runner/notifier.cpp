#include "runner/notifier.h"

#include <curl/curl.h>
#include <fmt/format.h>
#include <sys/wait.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <thread>

namespace sluice::runner {
namespace {

size_t DiscardBody(char*, size_t size, size_t count, void*) {
  return size * count;
}

}  // namespace

Notifier::Notifier(pipeline::NotifySpec spec, std::function<void(std::chrono::milliseconds)> sleep)
    : spec_(std::move(spec)), sleep_(std::move(sleep)) {}

bool Notifier::Wants(const std::string& event) const {
  if (spec_.on.empty()) return event == "failure" || event == "quality_failed" || event == "dlq";
  return std::find(spec_.on.begin(), spec_.on.end(), event) != spec_.on.end();
}

std::vector<std::string> Notifier::Send(const std::string& event, const std::string& json) {
  std::vector<std::string> problems;
  if (!Wants(event)) return problems;
  if (!spec_.webhook.empty()) {
    std::string problem = PostWebhook(json);
    if (!problem.empty()) problems.push_back(problem);
  }
  if (!spec_.command.empty()) {
    std::string problem = RunCommand(json);
    if (!problem.empty()) problems.push_back(problem);
  }
  return problems;
}

std::string Notifier::PostWebhook(const std::string& json) {
  static const bool initialized = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  if (!initialized) return "notify webhook: libcurl could not be initialized";
  std::string last_problem;
  const int kAttempts = 3;
  for (int attempt = 1; attempt <= kAttempts; attempt++) {
    CURL* curl = curl_easy_init();
    if (curl == nullptr) return "notify webhook: libcurl could not create a handle";
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_URL, spec_.webhook.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, json.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(json.size()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 5000L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 2000L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, DiscardBody);
    CURLcode code = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (code == CURLE_OK && status >= 200 && status < 300) return "";
    bool retryable = code != CURLE_OK || status >= 500 || status == 429;
    last_problem =
        code != CURLE_OK
            ? fmt::format("notify webhook {}: {}", spec_.webhook, curl_easy_strerror(code))
            : fmt::format("notify webhook {}: HTTP {}", spec_.webhook, status);
    if (!retryable || attempt == kAttempts) break;
    auto wait = std::chrono::milliseconds(250 * attempt);
    if (sleep_) {
      sleep_(wait);
    } else {
      std::this_thread::sleep_for(wait);
    }
  }
  return last_problem + fmt::format(" (gave up after {} attempts)", kAttempts);
}

std::string Notifier::RunCommand(const std::string& json) {
  // A command that does not read its input must not kill the run with SIGPIPE.
  struct sigaction ignore {};
  struct sigaction previous {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &previous);
  struct Restore {
    struct sigaction* previous;
    ~Restore() { ::sigaction(SIGPIPE, previous, nullptr); }
  } restore{&previous};
  std::FILE* pipe = ::popen(spec_.command.c_str(), "w");
  if (pipe == nullptr) return fmt::format("notify command '{}': could not start", spec_.command);
  std::fwrite(json.data(), 1, json.size(), pipe);
  std::fputc('\n', pipe);
  int status = ::pclose(pipe);
  if (status == -1) return fmt::format("notify command '{}': could not wait for it", spec_.command);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return "";
  return fmt::format("notify command '{}' exited with status {}", spec_.command,
                     WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

}  // namespace sluice::runner
