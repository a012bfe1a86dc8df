// sluice::Error — the one error type of the project.
//
// Every failure that ends an operation is thrown as an Error carrying a kind. The kind
// drives policy: the CLI maps it to an exit code, the pipeline's retry policy retries only
// kRetryable. Messages name the thing and the place ("orders.csv:1043: column 'quantity':
// cannot parse \"12x\" as BIGINT"). Expected outcomes (a row failing a rule, an empty
// input) are values, never errors.
//
// Thread-safety: Error is an immutable value; safe to copy across threads.
#pragma once

#include <fmt/format.h>

#include <exception>
#include <optional>
#include <string>
#include <string_view>

namespace sluice {

enum class ErrorKind {
  kUserInput,    // bad SQL, bad spec, bad file, missing file: the user must fix it
  kDataQuality,  // a quality gate failed
  kRetryable,    // timeouts, 5xx, lost connections: may succeed if tried again
  kPermanent,    // permission denied, schema conflict: retrying will not help
  kInternal,     // a bug in sluice
};

std::string_view ErrorKindName(ErrorKind kind);
// The kind ErrorKindName names; nullopt for any other text.
std::optional<ErrorKind> ErrorKindFromName(std::string_view name);

class Error : public std::exception {
 public:
  Error(ErrorKind kind, std::string message) : kind_(kind), message_(std::move(message)) {}

  template <typename... Args>
  static Error UserInput(fmt::format_string<Args...> format, Args&&... args) {
    return Error(ErrorKind::kUserInput, fmt::format(format, std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Error Internal(fmt::format_string<Args...> format, Args&&... args) {
    return Error(ErrorKind::kInternal, fmt::format(format, std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Error Retryable(fmt::format_string<Args...> format, Args&&... args) {
    return Error(ErrorKind::kRetryable, fmt::format(format, std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Error Permanent(fmt::format_string<Args...> format, Args&&... args) {
    return Error(ErrorKind::kPermanent, fmt::format(format, std::forward<Args>(args)...));
  }
  // "not supported: <what>" — a form the engine refuses rather than answer wrongly.
  template <typename... Args>
  static Error NotSupported(fmt::format_string<Args...> format, Args&&... args) {
    return Error(ErrorKind::kUserInput,
                 "not supported: " + fmt::format(format, std::forward<Args>(args)...));
  }

  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  const char* what() const noexcept override { return message_.c_str(); }

  // A copy with `prefix` put before the message ("orders.csv: " + message).
  Error WithPrefix(std::string_view prefix) const {
    return Error(kind_, std::string(prefix) + message_);
  }

 private:
  ErrorKind kind_;
  std::string message_;
};

}  // namespace sluice

// SLUICE_ASSERT(cond): an invariant. Aborts with the condition text in debug builds;
// in release builds a violated invariant becomes an internal Error instead of a crash.
#ifndef NDEBUG
#include <cstdio>
#include <cstdlib>
#define SLUICE_ASSERT(cond)                                                             \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      std::fprintf(stderr, "%s:%d: assertion failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                     \
    }                                                                                   \
  } while (0)
#else
#define SLUICE_ASSERT(cond)                                                                      \
  do {                                                                                           \
    if (!(cond))                                                                                 \
      throw ::sluice::Error::Internal("{}:{}: invariant failed: {}", __FILE__, __LINE__, #cond); \
  } while (0)
#endif
