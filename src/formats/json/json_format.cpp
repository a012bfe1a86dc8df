#include "formats/json/json_format.h"

#include "formats/json/json_table_source.h"
#include "formats/json/json_writer.h"
#include "formats/table_source.h"
#include "formats/table_writer.h"

namespace sluice {

void RegisterJsonFormat() {
  for (const char* name : {"read_json", "read_json_auto"}) {
    std::string function = name;
    TableFunctionRegistry::Register(function, [function](Options& options) {
      return MakeJsonTableSource(options, function, JsonFormat::kAuto);
    });
  }
  TableFunctionRegistry::Register("read_ndjson", [](Options& options) {
    return MakeJsonTableSource(options, "read_ndjson", JsonFormat::kNewlineDelimited);
  });
  TableWriterRegistry::Register("json", &MakeJsonTableWriter);
}

}  // namespace sluice
