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

}  // namespace sluice
