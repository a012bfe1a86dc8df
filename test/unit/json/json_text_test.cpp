#include "formats/json/json_text.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

std::string Escaped(std::string_view s) {
  std::string out;
  AppendJsonString(s, out);
  return out;
}

TEST(JsonText, EscapesPerRfc8259) {
  EXPECT_EQ(Escaped("plain"), "\"plain\"");
  EXPECT_EQ(Escaped("a\"b\\c/d"), "\"a\\\"b\\\\c/d\"");
  EXPECT_EQ(Escaped("\n\r\t\b\f"), "\"\\n\\r\\t\\b\\f\"");
  EXPECT_EQ(Escaped(std::string_view("\x01\x1f\0", 3)), "\"\\u0001\\u001f\\u0000\"");
  EXPECT_EQ(Escaped("caf\xC3\xA9 \xF0\x9F\x98\x80"), "\"caf\xC3\xA9 \xF0\x9F\x98\x80\"");
}

TEST(JsonText, InvalidUtf8BecomesReplacementCharacter) {
  EXPECT_EQ(Escaped("a\xFF"
                    "b"),
            "\"a\xEF\xBF\xBD"
            "b\"");
  EXPECT_EQ(Escaped("\xC3"), "\"\xEF\xBF\xBD\"");  // truncated sequence
  EXPECT_EQ(Escaped("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");  // surrogate
}

TEST(JsonText, DecodesEscapes) {
  std::string out;
  ASSERT_TRUE(DecodeJsonString("a\\\"b\\\\c\\/\\n\\u0041\\u00e9\\ud83d\\ude00", &out));
  EXPECT_EQ(out, "a\"b\\c/\nA\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_FALSE(DecodeJsonString("\\x", &out));
  EXPECT_FALSE(DecodeJsonString("\\u12", &out));
  EXPECT_FALSE(DecodeJsonString("\\ud83d", &out));  // lone high surrogate
  EXPECT_FALSE(DecodeJsonString("\\", &out));
}

}  // namespace
}  // namespace sluice
