#include "formats/csv/csv_format.h"

namespace sluice {
void RegisterCsvFormat() {}
}  // namespace sluice
