// Reading the small XML documents S3 answers with (ListObjectsV2, multipart upload
// replies, error bodies). S3 replies are flat and machine-written, so a scan for
// `<Tag>text</Tag>` pairs is enough; no general XML parser is needed.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::s3 {

// The raw inner text of every <tag>…</tag> element, in document order. Nested elements
// of another name stay inside the text (so "Contents" yields each entry's XML).
std::vector<std::string_view> XmlElements(std::string_view xml, std::string_view tag);
// The unescaped text of the first <tag> element, or nullopt.
std::optional<std::string> XmlText(std::string_view xml, std::string_view tag);
// Replaces the five predefined entities and numeric character references.
std::string XmlUnescape(std::string_view s);
// Escapes text for an element body (&, <, >).
std::string XmlEscape(std::string_view s);

}  // namespace sluice::s3
