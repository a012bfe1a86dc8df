// Notifier — tells people and systems what a run did (`notify:` in a pipeline, §5):
// a JSON event POSTed to a webhook and/or written to a command's standard input.
//
//   {"event": "failure", "pipeline": "retail_daily", "run_id": "…", "status": "failed",
//    "error": {"kind": "permanent", "message": "…", "stage": "load:…"}, "dlq_id": 3, …}
//
// Events: success, failure, quality_failed, dlq, retry. A webhook POST is tried up to three
// times (connection errors and 5xx, with short backoff) with a 5 s timeout per attempt; a
// command runs through /bin/sh. Delivery problems never change the run's result: Send
// returns them as warnings.
//
// Thread-safety: one Send at a time.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "pipeline/pipeline_spec.h"

namespace sluice::runner {

class Notifier {
 public:
  explicit Notifier(pipeline::NotifySpec spec,
                    std::function<void(std::chrono::milliseconds)> sleep = {});

  // Whether the spec subscribes to `event` (an empty `on:` means failure, quality_failed
  // and dlq).
  bool Wants(const std::string& event) const;
  // Delivers `json` for `event` if subscribed; returns the delivery problems.
  std::vector<std::string> Send(const std::string& event, const std::string& json);

 private:
  std::string PostWebhook(const std::string& json);  // "" when delivered
  std::string RunCommand(const std::string& json);

  pipeline::NotifySpec spec_;
  std::function<void(std::chrono::milliseconds)> sleep_;
};

}  // namespace sluice::runner
