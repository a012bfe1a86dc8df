// Parameter substitution in pipeline files: `${key}` is replaced by the value of a
// parameter (from `--param key=value`, else the file's `params:` defaults), `${env:NAME}`
// by the environment variable NAME (the way to pass a secret that must not be recorded
// with the run). `$${` writes a literal `${`. An unknown key or an unset variable is an
// error, never an empty string.
//
// Thread-safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace sluice::pipeline {

// Throws user_input naming the parameter ("unknown parameter 'dya' in '${dya}' (did you
// mean 'day'?)"); the caller adds the file and line.
std::string SubstituteParams(std::string_view text,
                             const std::map<std::string, std::string>& params);

// Parses "key=value" (a --param argument); throws user_input on a missing '=' or key.
std::pair<std::string, std::string> ParseParamAssignment(std::string_view text);

}  // namespace sluice::pipeline
