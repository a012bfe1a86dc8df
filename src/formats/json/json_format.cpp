#include "formats/json/json_format.h"

namespace sluice {
void RegisterJsonFormat() {}
}  // namespace sluice
