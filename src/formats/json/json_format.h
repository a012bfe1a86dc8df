// Registers the JSON reader and writer: the table functions read_json, read_json_auto and
// read_ndjson (json_table_source.h) and COPY ... TO ... (FORMAT json) (json_writer.h).
//
// Thread-safety: call once at startup (RegisterBuiltinFormats does).
#pragma once

namespace sluice {
void RegisterJsonFormat();
}  // namespace sluice
