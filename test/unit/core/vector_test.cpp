#include <gtest/gtest.h>

#include "vector/data_chunk.h"

namespace sluice {
namespace {

TEST(VectorTest, ValidityStartsAllValidAndTracksNulls) {
  Vector v(TypeId::kBigint);
  EXPECT_TRUE(v.AllValid());
  v.data<int64_t>()[3] = 42;
  v.SetNull(5);
  EXPECT_FALSE(v.AllValid());
  EXPECT_TRUE(v.IsValid(3));
  EXPECT_FALSE(v.IsValid(5));
  v.SetValid(5);
  EXPECT_TRUE(v.IsValid(5));
  EXPECT_EQ(v.GetValue(3).int_value(), 42);
}

TEST(VectorTest, StringsLiveInTheArena) {
  Vector v(TypeId::kVarchar);
  std::string source = "hello world";
  v.data<StringRef>()[0] = v.AddString(source);
  source[0] = 'j';
  EXPECT_EQ(v.data<StringRef>()[0].view(), "hello world");
}

TEST(VectorTest, InitializeGivesOwnBuffersWhenShared) {
  Vector a(TypeId::kInteger);
  a.data<int32_t>()[0] = 7;
  Vector b;
  b.Reference(a);
  a.Initialize();
  a.data<int32_t>()[0] = 9;
  EXPECT_EQ(b.data<int32_t>()[0], 7);
}

TEST(VectorTest, ConstantVectorReadsIndexZero) {
  Vector c = Vector::Constant(Value::Bigint(5), TypeId::kBigint);
  ColumnView view(c, nullptr);
  EXPECT_EQ(view.Get<int64_t>(1000), 5);
}

TEST(DataChunkTest, SelectionComposesAndFlattens) {
  DataChunk chunk;
  chunk.Initialize({TypeId::kBigint, TypeId::kVarchar});
  for (int i = 0; i < 10; i++) {
    chunk.column(0).data<int64_t>()[i] = i;
    chunk.column(1).data<StringRef>()[i] = chunk.column(1).AddString(std::to_string(i * 10));
  }
  chunk.column(0).SetNull(4);
  chunk.SetSize(10);
  sel_t even[] = {0, 2, 4, 6, 8};
  chunk.Select(even, 5);
  sel_t second_and_third[] = {1, 2};
  chunk.Select(second_and_third, 2);  // rows 2 and 4
  ASSERT_EQ(chunk.size(), 2u);
  ColumnView ids(chunk, 0);
  EXPECT_EQ(ids.Get<int64_t>(0), 2);
  EXPECT_FALSE(ids.IsValid(1));
  chunk.Flatten();
  EXPECT_FALSE(chunk.has_selection());
  EXPECT_EQ(chunk.ToString(), "2|20\nNULL|40\n");
}

TEST(DataChunkTest, AppendCopiesStrings) {
  DataChunk a, b;
  a.Initialize({TypeId::kVarchar});
  a.column(0).data<StringRef>()[0] = a.column(0).AddString("x");
  a.column(0).SetNull(1);
  a.SetSize(2);
  b.Initialize({TypeId::kVarchar});
  b.Append(a, 0, 2);
  a.Reset();
  EXPECT_EQ(b.ToString(), "x\nNULL\n");
}

}  // namespace
}  // namespace sluice

namespace sluice {
namespace {

TEST(DataChunkTest, NullStringSlotsAreEmptyAfterAppend) {
  DataChunk a;
  a.Initialize({TypeId::kVarchar});
  a.column(0).data<StringRef>()[0] = a.column(0).AddString("x");
  a.column(0).data<StringRef>()[1] = StringRef(reinterpret_cast<const char*>(0x1), 77);  // garbage
  a.column(0).SetNull(1);
  a.SetSize(2);
  EXPECT_EQ(a.column(0).data<StringRef>()[1].size, 0u);
  DataChunk b;
  b.Initialize({TypeId::kVarchar});
  b.Append(a, 0, 2);
  EXPECT_EQ(b.column(0).data<StringRef>()[1].size, 0u);
  EXPECT_FALSE(b.column(0).IsValid(1));
}

}  // namespace
}  // namespace sluice
