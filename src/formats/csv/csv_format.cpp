#include "formats/csv/csv_format.h"

#include "formats/csv/csv_source.h"
#include "formats/csv/csv_writer.h"
#include "formats/table_source.h"
#include "formats/table_writer.h"

namespace sluice {

void RegisterCsvFormat() {
  TableFunctionRegistry::Register("read_csv", &MakeCsvSource);
  TableFunctionRegistry::Register("read_csv_auto", &MakeCsvSource);
  TableWriterRegistry::Register("csv", &MakeCsvWriter);
}

}  // namespace sluice
