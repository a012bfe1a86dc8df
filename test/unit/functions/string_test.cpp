#include <gtest/gtest.h>

#include "function_harness.h"

namespace sluice {
namespace {

using testing::Call;
using testing::CallConstant;
using testing::CallVectors;
using testing::MakeFlat;

Value S(const char* s) {
  return Value::Varchar(s);
}
Value I(int64_t v) {
  return Value::Bigint(v);
}

TEST(StringTest, LengthCountsCharacters) {
  EXPECT_EQ(Call("length", {S("héllo")}), I(5));
  EXPECT_EQ(Call("strlen", {S("héllo")}), I(6));
  EXPECT_EQ(Call("length", {S("")}), I(0));
  EXPECT_TRUE(Call("length", {Value::Null(TypeId::kVarchar)}).is_null());
  EXPECT_EQ(CallConstant("char_length", {S("日本語")}), I(3));
}

TEST(StringTest, LowerUpper) {
  EXPECT_EQ(Call("lower", {S("HeLLo World")}), S("hello world"));
  EXPECT_EQ(Call("upper", {S("straße")}), S("STRAßE"));
  EXPECT_EQ(Call("upper", {S("éçà")}), S("ÉÇÀ"));
  EXPECT_EQ(Call("lower", {S("ΑΒΓ Привет")}), S("αβγ привет"));
  EXPECT_EQ(Call("upper", {S("")}), S(""));
}

TEST(StringTest, SubstrIsOneBasedAndUtf8Aware) {
  EXPECT_EQ(Call("substr", {S("hello"), Value::Integer(2)}), S("ello"));
  EXPECT_EQ(Call("substring", {S("hello"), I(2), I(2)}), S("el"));
  EXPECT_EQ(Call("substr", {S("hello"), I(0), I(2)}), S("h"));
  EXPECT_EQ(Call("substr", {S("hello"), I(-3)}), S("llo"));
  EXPECT_EQ(Call("substr", {S("hello"), I(-3), I(2)}), S("ll"));
  EXPECT_EQ(Call("substr", {S("hello"), I(10)}), S(""));
  EXPECT_EQ(Call("substr", {S("hello"), I(2), I(-1)}), S(""));
  EXPECT_EQ(Call("substr", {S("añob"), I(2), I(2)}), S("ño"));
  EXPECT_EQ(Call("substr", {S("hello"), I(2), I(INT64_MAX)}), S("ello"));
}

TEST(StringTest, LeftRightReverseRepeat) {
  EXPECT_EQ(Call("left", {S("héllo"), I(2)}), S("hé"));
  EXPECT_EQ(Call("left", {S("hello"), I(-2)}), S("hel"));
  EXPECT_EQ(Call("right", {S("héllo"), I(3)}), S("llo"));
  EXPECT_EQ(Call("right", {S("hello"), I(-1)}), S("ello"));
  EXPECT_EQ(Call("right", {S("hi"), I(10)}), S("hi"));
  EXPECT_EQ(Call("reverse", {S("añb")}), S("bña"));
  EXPECT_EQ(Call("repeat", {S("ab"), I(3)}), S("ababab"));
  EXPECT_EQ(Call("repeat", {S("ab"), I(-1)}), S(""));
  EXPECT_THROW(Call("repeat", {S("ab"), I(INT64_MAX)}), Error);
}

TEST(StringTest, Padding) {
  EXPECT_EQ(Call("lpad", {S("5"), I(3), S("0")}), S("005"));
  EXPECT_EQ(Call("rpad", {S("ab"), I(5), S("xy")}), S("abxyx"));
  EXPECT_EQ(Call("lpad", {S("hello"), I(2), S("x")}), S("he"));
  EXPECT_EQ(Call("lpad", {S("é"), I(3), S("ñ")}), S("ññé"));
  EXPECT_EQ(Call("rpad", {S("a"), I(3)}), S("a  "));
}

TEST(StringTest, AsciiChr) {
  EXPECT_EQ(Call("ascii", {S("A")}), Value::Integer(65));
  EXPECT_EQ(Call("ascii", {S("é")}), Value::Integer(233));
  EXPECT_EQ(Call("chr", {Value::Integer(233)}), S("é"));
  EXPECT_THROW(Call("chr", {Value::Integer(-1)}), Error);
  EXPECT_TRUE(Call("chr", {Value::Null(TypeId::kInteger)}).is_null());
}

TEST(StringTest, Search) {
  EXPECT_EQ(Call("contains", {S("hello"), S("ell")}), Value::Boolean(true));
  EXPECT_EQ(Call("contains", {S("hello"), S("")}), Value::Boolean(true));
  EXPECT_EQ(Call("starts_with", {S("hello"), S("he")}), Value::Boolean(true));
  EXPECT_EQ(Call("starts_with", {S("h"), S("he")}), Value::Boolean(false));
  EXPECT_EQ(Call("ends_with", {S("hello"), S("lo")}), Value::Boolean(true));
  EXPECT_EQ(Call("strpos", {S("héllo"), S("l")}), I(3));
  EXPECT_EQ(Call("instr", {S("hello"), S("z")}), I(0));
  EXPECT_EQ(Call("position", {S("hello"), S("h")}), I(1));
}

TEST(StringTest, ReplaceSplitTrim) {
  EXPECT_EQ(Call("replace", {S("a-b-c"), S("-"), S("+")}), S("a+b+c"));
  EXPECT_EQ(Call("replace", {S("abc"), S(""), S("x")}), S("abc"));
  EXPECT_EQ(Call("split_part", {S("a,b,c"), S(","), I(2)}), S("b"));
  EXPECT_EQ(Call("split_part", {S("a,b,c"), S(","), I(-1)}), S("c"));
  EXPECT_EQ(Call("split_part", {S("a,b,c"), S(","), I(4)}), S(""));
  EXPECT_EQ(Call("split_part", {S("a::b"), S("::"), I(2)}), S("b"));
  EXPECT_EQ(Call("trim", {S("  hi  ")}), S("hi"));
  EXPECT_EQ(Call("ltrim", {S("  hi  ")}), S("hi  "));
  EXPECT_EQ(Call("rtrim", {S("  hi  ")}), S("  hi"));
  EXPECT_EQ(Call("trim", {S("xxhixyx"), S("xy")}), S("hi"));
  EXPECT_EQ(Call("trim", {S("éaé"), S("é")}), S("a"));
  EXPECT_EQ(Call("trim", {S("   ")}), S(""));
}

TEST(StringTest, Concatenation) {
  EXPECT_EQ(Call("||", {S("a"), S("b")}), S("ab"));
  EXPECT_TRUE(Call("||", {S("a"), Value::Null(TypeId::kVarchar)}).is_null());
  EXPECT_EQ(Call("||", {S("n="), Value::Integer(5)}), S("n=5"));
  EXPECT_EQ(Call("concat", {S("a"), Value::Null(TypeId::kVarchar), Value::Integer(1)}), S("a1"));
  EXPECT_EQ(Call("concat", {Value::Null(TypeId::kVarchar)}), S(""));
  EXPECT_EQ(Call("concat", {Value::Date(0), S("|"), Value::Double(1.5)}), S("1970-01-01|1.5"));
  EXPECT_EQ(Call("concat_ws", {S(","), S("a"), Value::Null(TypeId::kVarchar), S("b")}), S("a,b"));
  EXPECT_TRUE(Call("concat_ws", {Value::Null(TypeId::kVarchar), S("a")}).is_null());
}

TEST(StringTest, SlicesSurviveTheInput) {
  Vector result;
  {
    Vector in = MakeFlat(TypeId::kVarchar, {S("  first  "), S("second  ")});
    result = CallVectors("trim", {in}, 2);
  }
  EXPECT_EQ(result.GetValue(0), S("first"));
  EXPECT_EQ(result.GetValue(1), S("second"));
}

TEST(StringTest, NullRowsDoNotThrow) {
  Vector codes = MakeFlat(TypeId::kInteger, {Value::Integer(65), Value::Integer(-5)});
  codes.SetNull(1);
  Vector r = CallVectors("chr", {codes}, 2);
  EXPECT_EQ(r.GetValue(0), S("A"));
  EXPECT_TRUE(r.GetValue(1).is_null());
}

}  // namespace
}  // namespace sluice
