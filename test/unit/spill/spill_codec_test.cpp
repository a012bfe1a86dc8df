// The spill codec round-trips chunks (selection vectors, constants, NULLs, strings), and
// the memory tracker and size parser behave as documented.
#include "exec/spill_codec.h"

#include <gtest/gtest.h>

#include "exec/memory_tracker.h"

namespace sluice {
namespace {

TEST(SpillCodecTest, RoundTripsSelectedRowsWithNullsAndStrings) {
  DataChunk chunk;
  chunk.Initialize({TypeId::kBigint, TypeId::kVarchar, TypeId::kBoolean});
  for (size_t i = 0; i < 100; i++) {
    chunk.column(0).data<int64_t>()[i] = static_cast<int64_t>(i) * 3;
    chunk.column(1).data<StringRef>()[i] = chunk.column(1).AddString("value-" + std::to_string(i));
    chunk.column(2).data<uint8_t>()[i] = i % 2;
    if (i % 7 == 0) chunk.column(1).SetNull(i);
  }
  chunk.SetSize(100);
  std::vector<sel_t> rows = {0, 5, 7, 99};
  std::string bytes;
  EncodeChunk(chunk, rows.data(), rows.size(), bytes);
  EncodeChunk(chunk, nullptr, 3, bytes);
  auto buffer = std::make_shared<std::string>(bytes);
  size_t offset = 0;
  DataChunk first, second;
  DecodeChunk(buffer, &offset, {TypeId::kBigint, TypeId::kVarchar, TypeId::kBoolean}, first);
  DecodeChunk(buffer, &offset, {TypeId::kBigint, TypeId::kVarchar, TypeId::kBoolean}, second);
  EXPECT_EQ(offset, bytes.size());
  ASSERT_EQ(first.size(), 4u);
  EXPECT_EQ(first.column(0).data<int64_t>()[3], 297);
  EXPECT_FALSE(first.column(1).IsValid(0));
  EXPECT_FALSE(first.column(1).IsValid(2));
  EXPECT_EQ(first.column(1).data<StringRef>()[1].view(), "value-5");
  EXPECT_EQ(first.column(2).data<uint8_t>()[3], 1);
  ASSERT_EQ(second.size(), 3u);
  EXPECT_EQ(second.column(1).data<StringRef>()[2].view(), "value-2");
}

TEST(SpillCodecTest, RejectsTruncatedBlocks) {
  DataChunk chunk;
  chunk.Initialize({TypeId::kInteger});
  chunk.SetSize(10);
  std::string bytes;
  EncodeChunk(chunk, nullptr, 10, bytes);
  auto buffer = std::make_shared<std::string>(bytes.substr(0, bytes.size() - 3));
  size_t offset = 0;
  DataChunk out;
  EXPECT_ANY_THROW(DecodeChunk(buffer, &offset, {TypeId::kInteger}, out));
}

TEST(MemoryTrackerTest, ReservationsAddUpAndReleaseOnDestruction) {
  auto tracker = std::make_shared<MemoryTracker>(1000);
  {
    MemoryReservation a(tracker), b(tracker);
    a.Grow(600);
    EXPECT_FALSE(tracker->IsOverLimit());
    b.Grow(500);
    EXPECT_TRUE(a.IsOverLimit());
    a.Resize(100);
    EXPECT_EQ(tracker->used(), 600u);
    EXPECT_FALSE(tracker->IsOverLimit());
  }
  EXPECT_EQ(tracker->used(), 0u);
  EXPECT_EQ(tracker->peak(), 1100u);
  MemoryTracker unlimited(0);
  unlimited.Add(uint64_t{1} << 50);
  EXPECT_FALSE(unlimited.IsOverLimit());
}

TEST(MemoryTrackerTest, ParsesSizes) {
  EXPECT_EQ(ParseMemorySize("1MB"), uint64_t{1000000});
  EXPECT_EQ(ParseMemorySize("1 MiB"), uint64_t{1} << 20);
  EXPECT_EQ(ParseMemorySize("1.5gb"), uint64_t{1500000000});
  EXPECT_EQ(ParseMemorySize("4096"), uint64_t{4096});
  EXPECT_FALSE(ParseMemorySize("MB").has_value());
  EXPECT_FALSE(ParseMemorySize("12 apples").has_value());
  EXPECT_FALSE(ParseMemorySize("-1GB").has_value());
}

}  // namespace
}  // namespace sluice
