// Reading encodings, page versions and physical types that other writers produce
// (DuckDB, Spark/parquet-mr, pyarrow), from files crafted page by page.
#include <gtest/gtest.h>

#include <fstream>

#include "common/error.h"
#include "formats/parquet/rle_bit_packed.h"
#include "parquet_craft.h"
#include "parquet_test_util.h"

namespace sluice::parquet_test {
namespace {

std::string Save(const std::string& name, const std::string& bytes) {
  static std::string dir = TempDir("craft");
  std::string path = dir + "/" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::vector<Row> ReadFile(const std::string& path, size_t threads = 1) {
  return Scan(*OpenSource(S(path)), {}, {}, threads).rows;
}

TEST(ParquetEncodings, RleBitPackedRoundTrip) {
  std::vector<uint32_t> values;
  for (int i = 0; i < 1000; i++) values.push_back(i < 300 ? 5 : static_cast<uint32_t>(i * 37 % 61));
  for (int width : {6, 7, 13, 32}) {
    std::string encoded;
    RleBitPackedEncode(values.data(), values.size(), width, &encoded);
    encoded.append(16, '\0');
    RleBitPackedDecoder decoder(reinterpret_cast<const uint8_t*>(encoded.data()),
                                encoded.size() - 16, width);
    std::vector<uint32_t> out(values.size());
    size_t done = 0;
    while (done < out.size()) {  // odd batch sizes cross run boundaries
      size_t got = decoder.GetBatch(out.data() + done, std::min<size_t>(77, out.size() - done));
      ASSERT_GT(got, 0u);
      done += got;
    }
    EXPECT_EQ(out, values) << "width " << width;
  }
}

TEST(ParquetEncodings, DeltaBinaryPackedV2Pages) {
  std::vector<int64_t> values;
  for (int i = 0; i < 1000; i++)
    values.push_back(i % 17 == 0 ? -(int64_t{1} << 30) + i : i * i - 5000);
  for (Codec codec : {Codec::kUncompressed, Codec::kZstd}) {
    CraftedColumn col{Leaf("v", PhysicalType::kInt64, Repetition::kRequired)};
    col.codec = codec;
    AddPageV2(col, 600, 0, Encoding::kDeltaBinaryPacked, "",
              DeltaBinaryPacked(std::vector<int64_t>(values.begin(), values.begin() + 600)));
    AddPageV2(col, 400, 0, Encoding::kDeltaBinaryPacked, "",
              DeltaBinaryPacked(std::vector<int64_t>(values.begin() + 600, values.end())));
    auto rows = ReadFile(Save("delta_" + std::to_string(static_cast<int>(codec)) + ".parquet",
                              CraftFile({col}, 1000)));
    ASSERT_EQ(rows.size(), 1000u);
    for (size_t i = 0; i < values.size(); i++) ASSERT_EQ(rows[i][0].int_value(), values[i]) << i;
  }
}

TEST(ParquetEncodings, DeltaStringsWithNullsInV2Page) {
  std::vector<std::string> strings = {"apple", "applesauce", "apply", "banana",
                                      "band",  "bandana",    ""};
  std::vector<uint32_t> levels = {1, 0, 1, 1, 0, 1, 1, 1, 0, 1};  // 7 values, 3 nulls
  std::vector<int64_t> lengths, prefixes;
  std::string data, suffixes;
  std::string prev;
  std::vector<int64_t> suffix_lengths;
  for (const auto& s : strings) {
    lengths.push_back(static_cast<int64_t>(s.size()));
    data += s;
    size_t p = 0;
    while (p < prev.size() && p < s.size() && prev[p] == s[p]) p++;
    prefixes.push_back(static_cast<int64_t>(p));
    suffix_lengths.push_back(static_cast<int64_t>(s.size() - p));
    suffixes += s.substr(p);
    prev = s;
  }
  for (Encoding enc : {Encoding::kDeltaLengthByteArray, Encoding::kDeltaByteArray}) {
    SchemaElement e = Leaf("s", PhysicalType::kByteArray);
    e.logical_type.kind = LogicalType::kString;
    CraftedColumn col{e};
    col.codec = Codec::kSnappy;
    std::string values =
        enc == Encoding::kDeltaLengthByteArray
            ? DeltaBinaryPacked(lengths) + data
            : DeltaBinaryPacked(prefixes) + DeltaBinaryPacked(suffix_lengths) + suffixes;
    AddPageV2(col, 10, 3, enc, RleLevels(levels), values);
    auto rows = ReadFile(
        Save("dstr_" + std::to_string(static_cast<int>(enc)) + ".parquet", CraftFile({col}, 10)));
    ASSERT_EQ(rows.size(), 10u);
    size_t j = 0;
    for (size_t i = 0; i < 10; i++) {
      if (levels[i] == 0) {
        EXPECT_TRUE(rows[i][0].is_null());
      } else {
        EXPECT_EQ(rows[i][0].string_value(), strings[j++]);
      }
    }
  }
}

TEST(ParquetEncodings, ByteStreamSplitAndFloat) {
  std::vector<float> floats = {1.5f, -2.25f, 3.0e10f, 0.0f, 7.0f};
  std::string split(floats.size() * 4, '\0');
  for (size_t i = 0; i < floats.size(); i++) {
    for (size_t b = 0; b < 4; b++)
      split[b * floats.size() + i] = reinterpret_cast<const char*>(&floats[i])[b];
  }
  CraftedColumn col{Leaf("f", PhysicalType::kFloat, Repetition::kRequired)};
  AddPage(col, V1Header(5, Encoding::kByteStreamSplit), split);
  auto rows = ReadFile(Save("bss.parquet", CraftFile({col}, 5)));
  ASSERT_EQ(rows.size(), 5u);
  for (size_t i = 0; i < floats.size(); i++)
    EXPECT_EQ(rows[i][0].double_value(), static_cast<double>(floats[i]));
}

TEST(ParquetEncodings, LegacyPhysicalTypes) {
  // INT96 timestamp: 2024-01-02 03:04:05.000006 = julian day 2460312.
  std::string int96 = Le64((3 * 3600 + 4 * 60 + 5) * 1000000000LL + 6000) + Le32(2460312);
  CraftedColumn ts{Leaf("ts", PhysicalType::kInt96, Repetition::kRequired)};
  AddPage(ts, V1Header(1, Encoding::kPlain), int96);
  // DECIMAL(9,2) in INT32, DECIMAL(18,3) in INT64, DECIMAL(20,4) in FIXED_LEN_BYTE_ARRAY(9).
  SchemaElement d32 = Leaf("d32", PhysicalType::kInt32, Repetition::kRequired);
  d32.logical_type.kind = LogicalType::kDecimal;
  d32.logical_type.scale = 2;
  d32.logical_type.precision = 9;
  CraftedColumn c32{d32};
  AddPage(c32, V1Header(1, Encoding::kPlain), Le32(static_cast<uint32_t>(-12345)));
  SchemaElement d64 = Leaf("d64", PhysicalType::kInt64, Repetition::kRequired);
  d64.converted_type = ConvertedType::kDecimal;
  d64.scale = 3;
  d64.precision = 18;
  CraftedColumn c64{d64};
  AddPage(c64, V1Header(1, Encoding::kPlain), Le64(123456789));
  SchemaElement dfl = Leaf("dfl", PhysicalType::kFixedLenByteArray, Repetition::kRequired);
  dfl.type_length = 9;
  dfl.logical_type.kind = LogicalType::kDecimal;
  dfl.logical_type.scale = 4;
  CraftedColumn cfl{dfl};
  AddPage(cfl, V1Header(1, Encoding::kPlain),
          std::string("\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x9C", 9));  // -100
  // UINT32 widens; INT64 TIMESTAMP(MILLIS) scales; INT32 DATE.
  SchemaElement u32 = Leaf("u32", PhysicalType::kInt32, Repetition::kRequired);
  u32.converted_type = ConvertedType::kUint32;
  CraftedColumn cu{u32};
  AddPage(cu, V1Header(1, Encoding::kPlain), Le32(4000000000u));
  SchemaElement ms = Leaf("ms", PhysicalType::kInt64, Repetition::kRequired);
  ms.logical_type.kind = LogicalType::kTimestamp;
  ms.logical_type.unit = TimeUnit::kMillis;
  CraftedColumn cms{ms};
  AddPage(cms, V1Header(1, Encoding::kPlain), Le64(1000));
  SchemaElement dt = Leaf("dt", PhysicalType::kInt32, Repetition::kRequired);
  dt.converted_type = ConvertedType::kDate;
  CraftedColumn cdt{dt};
  AddPage(cdt, V1Header(1, Encoding::kPlain), Le32(19000));

  auto source =
      OpenSource(S(Save("legacy.parquet", CraftFile({ts, c32, c64, cfl, cu, cms, cdt}, 1))));
  std::vector<TypeId> expected_types = {TypeId::kTimestamp, TypeId::kDouble, TypeId::kDouble,
                                        TypeId::kDouble,    TypeId::kBigint, TypeId::kTimestamp,
                                        TypeId::kDate};
  for (size_t i = 0; i < expected_types.size(); i++)
    EXPECT_EQ(source->schema()[i].type, expected_types[i]) << i;
  auto rows = Scan(*source).rows;
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0].int_value(),
            (2460312LL - 2440588) * 86400000000LL + (3 * 3600 + 4 * 60 + 5) * 1000000LL + 6);
  EXPECT_DOUBLE_EQ(rows[0][1].double_value(), -123.45);
  EXPECT_DOUBLE_EQ(rows[0][2].double_value(), 123456.789);
  EXPECT_DOUBLE_EQ(rows[0][3].double_value(), -0.01);
  EXPECT_EQ(rows[0][4].int_value(), 4000000000LL);
  EXPECT_EQ(rows[0][5].int_value(), 1000000);
  EXPECT_EQ(rows[0][6].int_value(), 19000);
}

TEST(ParquetEncodings, DictionaryWithBitPackedLevelsAndPlainDictionaryEncoding) {
  CraftedColumn col{Leaf("n", PhysicalType::kInt32)};
  col.has_dictionary = true;
  col.codec = Codec::kGzip;
  AddPage(col, DictionaryHeader(3), Le32(10) + Le32(20) + Le32(30));
  // 8 values, levels 1,1,0,1,1,1,0,1 via deprecated BIT_PACKED (MSB first): 0b11011101.
  PageHeader h = V1Header(8, Encoding::kPlainDictionary);
  h.data_page->definition_level_encoding = Encoding::kBitPacked;
  std::vector<uint32_t> idx = {0, 1, 2, 2, 1, 0};
  std::string indices;
  RleBitPackedEncode(idx.data(), idx.size(), 2, &indices);
  AddPage(col, h, std::string("\xDD", 1) + std::string(1, '\x02') + indices);
  auto rows = ReadFile(Save("dict_bitpacked.parquet", CraftFile({col}, 8)));
  std::vector<int> expected = {10, 20, -1, 30, 30, 20, -1, 10};
  ASSERT_EQ(rows.size(), 8u);
  for (size_t i = 0; i < 8; i++) {
    if (expected[i] < 0) {
      EXPECT_TRUE(rows[i][0].is_null()) << i;
    } else {
      EXPECT_EQ(rows[i][0].int_value(), expected[i]) << i;
    }
  }
}

TEST(ParquetEncodings, CodecsRoundTripAndRejectGarbage) {
  std::string text;
  for (int i = 0; i < 5000; i++) text += "value " + std::to_string(i % 97) + ";";
  for (Codec codec :
       {Codec::kUncompressed, Codec::kSnappy, Codec::kGzip, Codec::kZstd, Codec::kLz4Raw}) {
    std::string packed;
    Compress(codec, 0, text.data(), text.size(), &packed);
    std::string out(text.size(), '\0');
    Decompress(codec, reinterpret_cast<const uint8_t*>(packed.data()), packed.size(),
               reinterpret_cast<uint8_t*>(out.data()), out.size());
    EXPECT_EQ(out, text) << CodecName(codec);
    if (codec == Codec::kUncompressed) continue;
    std::string garbage = packed.substr(0, packed.size() / 3);
    EXPECT_THROW(Decompress(codec, reinterpret_cast<const uint8_t*>(garbage.data()), garbage.size(),
                            reinterpret_cast<uint8_t*>(out.data()), out.size()),
                 Error)
        << CodecName(codec);
  }
  // Hadoop-framed LZ4: big-endian raw and compressed sizes before each block.
  std::string block;
  Compress(Codec::kLz4Raw, 0, text.data(), text.size(), &block);
  auto be32 = [](uint32_t v) {
    return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                       static_cast<char>(v >> 8), static_cast<char>(v)};
  };
  std::string framed =
      be32(static_cast<uint32_t>(text.size())) + be32(static_cast<uint32_t>(block.size())) + block;
  std::string out(text.size(), '\0');
  Decompress(Codec::kLz4, reinterpret_cast<const uint8_t*>(framed.data()), framed.size(),
             reinterpret_cast<uint8_t*>(out.data()), out.size());
  EXPECT_EQ(out, text);
  out.assign(text.size(), '\0');
  Decompress(Codec::kLz4, reinterpret_cast<const uint8_t*>(block.data()), block.size(),
             reinterpret_cast<uint8_t*>(out.data()), out.size());
  EXPECT_EQ(out, text);
}

TEST(ParquetEncodings, NestedColumnsAreRefused) {
  FileMetaData md;
  SchemaElement root;
  root.name = "schema";
  root.num_children = 1;
  SchemaElement group;
  group.name = "tags";
  group.repetition = Repetition::kOptional;
  group.num_children = 1;
  SchemaElement leaf = Leaf("element", PhysicalType::kByteArray, Repetition::kRepeated);
  md.schema = {root, group, leaf};
  std::string footer = SerializeFileMetaData(md);
  std::string path =
      Save("nested.parquet", "PAR1" + footer + Le32(static_cast<uint32_t>(footer.size())) + "PAR1");
  try {
    OpenSource(S(path));
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("not supported: nested column 'tags'"), std::string::npos)
        << e.message();
    EXPECT_NE(e.message().find("nested.parquet"), std::string::npos) << e.message();
  }
}

}  // namespace
}  // namespace sluice::parquet_test
