#include "common/error.h"

namespace sluice {

std::string_view ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUserInput: return "user_input";
    case ErrorKind::kDataQuality: return "data_quality";
    case ErrorKind::kRetryable: return "retryable";
    case ErrorKind::kPermanent: return "permanent";
    case ErrorKind::kInternal: return "internal";
  }
  return "internal";
}

std::optional<ErrorKind> ErrorKindFromName(std::string_view name) {
  for (auto kind : {ErrorKind::kUserInput, ErrorKind::kDataQuality, ErrorKind::kRetryable,
                    ErrorKind::kPermanent, ErrorKind::kInternal}) {
    if (ErrorKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

}  // namespace sluice
