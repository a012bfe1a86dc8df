#include <gtest/gtest.h>

#include "expr/functions/like_matcher.h"
#include "function_harness.h"

namespace sluice {
namespace {

using functions::LikeMatcher;
using testing::Call;
using testing::CallConstant;
using testing::CallVectors;
using testing::MakeConstant;
using testing::MakeFlat;

Value S(const char* s) {
  return Value::Varchar(s);
}
Value B(bool b) {
  return Value::Boolean(b);
}

TEST(LikeMatcherTest, Shapes) {
  EXPECT_TRUE(LikeMatcher("abc").Matches("abc"));
  EXPECT_FALSE(LikeMatcher("abc").Matches("abcd"));
  EXPECT_TRUE(LikeMatcher("ab%").Matches("abcd"));
  EXPECT_FALSE(LikeMatcher("ab%").Matches("a"));
  EXPECT_TRUE(LikeMatcher("%cd").Matches("abcd"));
  EXPECT_TRUE(LikeMatcher("%bc%").Matches("abcd"));
  EXPECT_TRUE(LikeMatcher("%%").Matches(""));
  EXPECT_TRUE(LikeMatcher("%").Matches("anything"));
  EXPECT_TRUE(LikeMatcher("").Matches(""));
  EXPECT_FALSE(LikeMatcher("").Matches("a"));
}

TEST(LikeMatcherTest, General) {
  EXPECT_TRUE(LikeMatcher("a_c").Matches("abc"));
  EXPECT_FALSE(LikeMatcher("a_c").Matches("ac"));
  EXPECT_TRUE(LikeMatcher("a_c").Matches("añc"));  // '_' is one character, not one byte
  EXPECT_TRUE(LikeMatcher("a%b%c").Matches("axxbyyc"));
  EXPECT_FALSE(LikeMatcher("a%b%c").Matches("axxbyy"));
  EXPECT_TRUE(LikeMatcher("%a%a%a%").Matches("banana and"));
  EXPECT_TRUE(LikeMatcher("_%_").Matches("ab"));
  EXPECT_FALSE(LikeMatcher("_%_").Matches("a"));
  EXPECT_TRUE(LikeMatcher("%ab%ab").Matches("xabyabab"));
}

TEST(LikeTest, Operators) {
  EXPECT_EQ(Call("~~", {S("hello"), S("h%o")}), B(true));
  EXPECT_EQ(Call("!~~", {S("hello"), S("h%o")}), B(false));
  EXPECT_EQ(Call("~~*", {S("HeLLo"), S("%ll%")}), B(true));
  EXPECT_EQ(Call("!~~*", {S("HeLLo"), S("x%")}), B(true));
  EXPECT_EQ(Call("~~*", {S("ÉCOLE"), S("éc%")}), B(true));
  EXPECT_TRUE(Call("~~", {Value::Null(TypeId::kVarchar), S("%")}).is_null());
  EXPECT_EQ(CallConstant("~~", {S("abc"), S("a%")}), B(true));
}

TEST(LikeTest, ConstantPatternOverColumnAndPerRowPatterns) {
  Vector col = MakeFlat(TypeId::kVarchar, {S("apple"), S("banana"), S("apricot")});
  Vector r = CallVectors("~~", {col, MakeConstant(S("ap%"), TypeId::kVarchar)}, 3);
  EXPECT_EQ(r.GetValue(0), B(true));
  EXPECT_EQ(r.GetValue(1), B(false));
  EXPECT_EQ(r.GetValue(2), B(true));
  Vector patterns = MakeFlat(TypeId::kVarchar, {S("%le"), S("%le"), S("_pr%")});
  r = CallVectors("~~", {col, patterns}, 3);
  EXPECT_EQ(r.GetValue(0), B(true));
  EXPECT_EQ(r.GetValue(1), B(false));
  EXPECT_EQ(r.GetValue(2), B(true));
}

TEST(RegexpTest, Matches) {
  EXPECT_EQ(Call("regexp_matches", {S("abc123"), S("[0-9]+")}), B(true));
  EXPECT_EQ(Call("regexp_matches", {S("abc"), S("^b")}), B(false));
  EXPECT_EQ(Call("regexp_matches", {S("ABC"), S("b"), S("i")}), B(true));
  EXPECT_EQ(Call("regexp_full_match", {S("abc"), S("a.c")}), B(true));
  EXPECT_EQ(CallConstant("regexp_matches", {S("x1"), S("\\d")}), B(true));
  EXPECT_THROW(Call("regexp_matches", {S("a"), S("(")}), Error);
  EXPECT_THROW(Call("regexp_matches", {S("a"), S("a"), S("q")}), Error);
}

TEST(RegexpTest, Replace) {
  EXPECT_EQ(Call("regexp_replace", {S("a1b2"), S("[0-9]"), S("#")}), S("a#b2"));
  EXPECT_EQ(Call("regexp_replace", {S("a1b2"), S("[0-9]"), S("#"), S("g")}), S("a#b#"));
  EXPECT_EQ(Call("regexp_replace", {S("john smith"), S("(\\w+) (\\w+)"), S("\\2, \\1")}),
            S("smith, john"));
  EXPECT_EQ(Call("regexp_replace", {S("abc"), S("x"), S("y")}), S("abc"));
}

TEST(RegexpTest, Extract) {
  EXPECT_EQ(Call("regexp_extract", {S("order-1234-x"), S("[0-9]+")}), S("1234"));
  EXPECT_EQ(Call("regexp_extract", {S("k=v"), S("(\\w)=(\\w)"), Value::Integer(2)}), S("v"));
  EXPECT_EQ(Call("regexp_extract", {S("abc"), S("[0-9]+")}), S(""));
  EXPECT_THROW(Call("regexp_extract", {S("abc"), S("a"), Value::Integer(3)}), Error);
}

TEST(RegexpTest, PerRowPatternsAndNulls) {
  Vector text = MakeFlat(TypeId::kVarchar, {S("abc"), S("xyz"), S("q")});
  Vector patterns = MakeFlat(TypeId::kVarchar, {S("b"), S("b"), S("(")});
  patterns.SetNull(2);  // an invalid pattern on a NULL row is never compiled
  Vector r = CallVectors("regexp_matches", {text, patterns}, 3);
  EXPECT_EQ(r.GetValue(0), B(true));
  EXPECT_EQ(r.GetValue(1), B(false));
  EXPECT_TRUE(r.GetValue(2).is_null());
}

}  // namespace
}  // namespace sluice
