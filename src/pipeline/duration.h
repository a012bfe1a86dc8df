// Durations as pipeline files write them: a number and a unit, "500ms", "1s", "2m", "1h",
// "7d" (a plain number means seconds), or a few combined ("1h30m").
//
// Thread-safety: pure functions.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::pipeline {

// nullopt when the text is not a duration.
std::optional<std::chrono::milliseconds> ParseDuration(std::string_view text);
std::string FormatDuration(std::chrono::milliseconds duration);

}  // namespace sluice::pipeline
