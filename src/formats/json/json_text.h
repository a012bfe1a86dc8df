// JSON string text: escaping for the writer and decoding of escaped object keys for the
// reader (values are decoded by simdjson itself).
//
// Escaping follows RFC 8259: '"' and '\\' are escaped, control characters become \b \f
// \n \r \t or \u00XX, everything else is copied. Bytes that are not valid UTF-8 become
// U+FFFD so that the output is always valid JSON text.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace sluice {

// Appends `value` as a quoted JSON string.
void AppendJsonString(std::string_view value, std::string& out);

// Decodes the body of a JSON string (the text between the quotes, escapes included).
// Returns false on a malformed escape.
bool DecodeJsonString(std::string_view body, std::string* out);

}  // namespace sluice
