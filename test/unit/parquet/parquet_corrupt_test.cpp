// Damaged files: each mutation of a good file must give a user_input Error naming the
// file and the problem, never a crash and never silently wrong rows.
#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "common/error.h"
#include "formats/parquet/parquet_metadata.h"
#include "parquet_craft.h"
#include "parquet_test_util.h"

namespace sluice::parquet_test {
namespace {

struct GoodFile {
  std::string dir;
  std::string bytes;
  std::vector<Row> rows;
  FileMetaData metadata;
};

const GoodFile& Good() {
  static GoodFile good = [] {
    GoodFile g;
    g.dir = TempDir("corrupt");
    Schema schema = {{"id", TypeId::kBigint}, {"name", TypeId::kVarchar}, {"v", TypeId::kDouble}};
    for (int i = 0; i < 3000; i++) {
      g.rows.push_back({Value::Bigint(i), Value::Varchar("name" + std::to_string(i % 7)),
                        i % 5 == 0 ? Value::Null(TypeId::kDouble) : Value::Double(i * 1.5)});
    }
    WriteRows(g.dir + "/good.parquet", schema, g.rows, {{"row_group_size", I(1000)}});
    std::ifstream in(g.dir + "/good.parquet", std::ios::binary);
    g.bytes.assign(std::istreambuf_iterator<char>(in), {});
    uint32_t len;
    std::memcpy(&len, g.bytes.data() + g.bytes.size() - 8, 4);
    g.metadata = ParseFileMetaData(
        reinterpret_cast<const uint8_t*>(g.bytes.data() + g.bytes.size() - 8 - len), len);
    return g;
  }();
  return good;
}

std::string SaveBytes(const std::string& name, const std::string& bytes) {
  std::string path = Good().dir + "/" + name;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  return path;
}

// Reads the whole file; returns the error message ("" if it read fine).
std::string ReadError(const std::string& path, std::vector<Row>* rows = nullptr) {
  try {
    auto result = Scan(*OpenSource(S(path)), {}, {}, 2).rows;
    if (rows != nullptr) *rows = std::move(result);
    return "";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUserInput) << e.message();
    EXPECT_NE(e.message().find(path), std::string::npos)
        << "message must name the file: " << e.message();
    return e.message();
  }
}

void ExpectError(const std::string& name, const std::string& bytes, const std::string& expected) {
  std::string path = SaveBytes(name, bytes);
  std::string message = ReadError(path);
  EXPECT_NE(message.find(expected), std::string::npos)
      << name << ": expected '" << expected << "' in '" << message << "'";
}

TEST(ParquetCorrupt, GoodFileReads) {
  std::vector<Row> rows;
  EXPECT_EQ(ReadError(SaveBytes("copy.parquet", Good().bytes), &rows), "");
  ExpectRowsEqual(Good().rows, rows);
}

TEST(ParquetCorrupt, StructuralDamage) {
  const std::string& b = Good().bytes;
  ExpectError("empty.parquet", "", "not a Parquet file");
  ExpectError("tiny.parquet", b.substr(0, 11), "not a Parquet file");
  ExpectError("half.parquet", b.substr(0, b.size() / 2), "truncated");
  ExpectError("minus1.parquet", b.substr(0, b.size() - 1), "truncated");
  std::string magic = b;
  magic[0] = 'X';
  ExpectError("magic.parquet", magic, "bad magic");
  ExpectError("csv.parquet", "id,name\n1,a\n2,b\n", "not a Parquet file");
  std::string footer_len = b;
  uint32_t huge = static_cast<uint32_t>(b.size());
  std::memcpy(footer_len.data() + b.size() - 8, &huge, 4);
  ExpectError("footer_len.parquet", footer_len, "footer length");
  std::string thrift = b;
  uint32_t len;
  std::memcpy(&len, b.data() + b.size() - 8, 4);
  for (size_t i = 0; i < 8; i++) thrift[b.size() - 8 - len + i] = '\xFF';
  ExpectError("thrift.parquet", thrift, "corrupt footer");
  std::string cut_footer = b;
  std::memcpy(cut_footer.data() + b.size() - 8, &(len = len / 2), 4);
  ExpectError("cut_footer.parquet",
              cut_footer.substr(0, b.size() - 8 - len * 2) +
                  cut_footer.substr(b.size() - 8 - len, len) + cut_footer.substr(b.size() - 8),
              "corrupt footer");
}

TEST(ParquetCorrupt, PageDamage) {
  const std::string& b = Good().bytes;
  const ColumnMetaData& v = Good().metadata.row_groups[0].columns[2].meta_data;
  // Damage the compressed bytes of column v's first page: the checksum catches it.
  PageHeader header;
  size_t header_size =
      ParsePageHeader(reinterpret_cast<const uint8_t*>(b.data() + v.data_page_offset),
                      b.size() - static_cast<size_t>(v.data_page_offset), &header);
  std::string page = b;
  page[static_cast<size_t>(v.data_page_offset) + header_size + 10] ^= 0x5A;
  ExpectError("page_crc.parquet", page, "checksum");
  // The same damage with the checksum removed must still fail to decompress (snappy
  // length prefix) rather than return rows.
  CraftedColumn col{Leaf("x", PhysicalType::kInt64)};
  col.codec = Codec::kSnappy;
  std::string body = Le32(2) + RleLevels({1, 1}) + Le64(1) + Le64(2);
  std::string compressed;
  Compress(Codec::kSnappy, 0, body.data(), body.size(), &compressed);
  compressed[0] = '\x7F';  // wrong uncompressed length
  PageHeader h = V1Header(2, Encoding::kPlain);
  h.uncompressed_page_size = static_cast<int32_t>(body.size());
  h.compressed_page_size = static_cast<int32_t>(compressed.size());
  col.chunk = SerializePageHeader(h) + compressed;
  ExpectError("snappy.parquet", CraftFile({col}, 2), "cannot decompress SNAPPY page");
}

TEST(ParquetCorrupt, DictionaryDamage) {
  CraftedColumn missing{Leaf("x", PhysicalType::kInt32)};
  std::vector<uint32_t> idx = {0, 1};
  std::string indices;
  RleBitPackedEncode(idx.data(), 2, 1, &indices);
  AddPage(missing, V1Header(2, Encoding::kRleDictionary),
          Le32(2) + RleLevels({1, 1}) + "\x01" + indices);
  ExpectError("no_dict.parquet", CraftFile({missing}, 2), "no dictionary page");

  CraftedColumn out_of_range{Leaf("x", PhysicalType::kInt32)};
  out_of_range.has_dictionary = true;
  AddPage(out_of_range, DictionaryHeader(2), Le32(7) + Le32(8));
  std::vector<uint32_t> bad = {0, 5};
  std::string bad_indices;
  RleBitPackedEncode(bad.data(), 2, 3, &bad_indices);
  AddPage(out_of_range, V1Header(2, Encoding::kRleDictionary),
          Le32(2) + RleLevels({1, 1}) + "\x03" + bad_indices);
  ExpectError("dict_range.parquet", CraftFile({out_of_range}, 2), "dictionary index out of range");

  CraftedColumn too_few{Leaf("x", PhysicalType::kInt64, Repetition::kRequired)};
  AddPage(too_few, V1Header(3, Encoding::kPlain), Le64(1) + Le64(2));
  ExpectError("too_few.parquet", CraftFile({too_few}, 3), "past the end of the page");

  CraftedColumn rows_mismatch{Leaf("x", PhysicalType::kInt64, Repetition::kRequired)};
  AddPage(rows_mismatch, V1Header(2, Encoding::kPlain), Le64(1) + Le64(2));
  ExpectError("fewer_rows.parquet", CraftFile({rows_mismatch}, 3), "fewer values");
}

TEST(ParquetCorrupt, RandomBitFlipsNeverCrashOrLie) {
  const std::string& b = Good().bytes;
  uint32_t footer_len;
  std::memcpy(&footer_len, b.data() + b.size() - 8, 4);
  size_t footer_start = b.size() - 8 - footer_len;
  std::mt19937 rng(42);
  int errors = 0;
  for (int trial = 0; trial < 300; trial++) {
    std::string damaged = b;
    size_t pos = rng() % b.size();
    damaged[pos] = static_cast<char>(damaged[pos] ^ (1 << (rng() % 8)));
    std::vector<Row> rows;
    std::string message = ReadError(SaveBytes("flip.parquet", damaged), &rows);
    if (!message.empty()) {
      errors++;
      continue;
    }
    // Column data is covered by page checksums and headers by consistency checks: a
    // flip there that reads fine must not change a row. Footer flips may rename things.
    if (pos >= 4 && pos < footer_start) ExpectRowsEqual(Good().rows, rows);
  }
  EXPECT_GT(errors, 100);
}

}  // namespace
}  // namespace sluice::parquet_test
