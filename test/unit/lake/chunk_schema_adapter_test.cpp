#include "lake/chunk_schema_adapter.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace sluice::lake {
namespace {

TEST(ChunkSchemaAdapterTest, ReordersWidensAndFillsNulls) {
  Schema source = {{"qty", TypeId::kInteger}, {"id", TypeId::kBigint}};
  Schema target = {{"id", TypeId::kDouble}, {"qty", TypeId::kBigint}, {"note", TypeId::kVarchar}};
  ChunkSchemaAdapter adapter(source, target, "t");
  EXPECT_FALSE(adapter.identity());
  DataChunk in;
  in.Initialize({TypeId::kInteger, TypeId::kBigint});
  in.column(0).SetValue(0, Value::Integer(7));
  in.column(1).SetValue(0, Value::Bigint(1));
  in.column(0).SetNull(1);
  in.column(1).SetValue(1, Value::Bigint(2));
  in.SetSize(2);
  DataChunk out;
  adapter.Adapt(in, out);
  ASSERT_EQ(out.size(), 2u);
  ASSERT_EQ(out.column_count(), 3u);
  EXPECT_EQ(out.column(0).type(), TypeId::kDouble);
  EXPECT_EQ(out.column(0).GetValue(1), Value::Double(2));
  EXPECT_EQ(out.column(1).GetValue(0), Value::Bigint(7));
  EXPECT_TRUE(out.column(1).GetValue(1).is_null());
  EXPECT_TRUE(ColumnView(out, 2).IsValid(0) == false);

  EXPECT_TRUE(ChunkSchemaAdapter(target, target, "t").identity());
  EXPECT_THROW(ChunkSchemaAdapter({{"id", TypeId::kVarchar}}, target, "t"), Error);
}

}  // namespace
}  // namespace sluice::lake
