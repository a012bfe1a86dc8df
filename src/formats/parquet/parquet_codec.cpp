#include "formats/parquet/parquet_codec.h"

#include <lz4.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>

#include "common/error.h"

namespace sluice::parquet {
namespace {

[[noreturn]] void Fail(Codec codec, const std::string& why) {
  throw Error::UserInput("cannot decompress {} page: {}", CodecName(codec), why);
}

void GzipCompress(int level, const char* data, size_t size, std::string* out) {
  z_stream zs{};
  if (deflateInit2(&zs, level == 0 ? Z_DEFAULT_COMPRESSION : level, Z_DEFLATED, 15 + 16, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    throw Error::Internal("gzip: deflateInit2 failed");
  }
  size_t start = out->size();
  size_t bound = deflateBound(&zs, static_cast<uLong>(size));
  out->resize(start + bound);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
  zs.avail_in = static_cast<uInt>(size);
  zs.next_out = reinterpret_cast<Bytef*>(out->data() + start);
  zs.avail_out = static_cast<uInt>(bound);
  int rc = deflate(&zs, Z_FINISH);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw Error::Internal("gzip: deflate failed");
  out->resize(start + zs.total_out);
}

void GzipDecompress(const uint8_t* data, size_t size, uint8_t* out, size_t out_size) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) Fail(Codec::kGzip, "inflateInit2 failed");
  zs.next_in = const_cast<Bytef*>(data);
  zs.avail_in = static_cast<uInt>(size);
  zs.next_out = out;
  zs.avail_out = static_cast<uInt>(out_size);
  int rc = inflate(&zs, Z_FINISH);
  size_t produced = zs.total_out;
  inflateEnd(&zs);
  if (rc != Z_STREAM_END)
    Fail(Codec::kGzip, zs.msg != nullptr ? zs.msg : "truncated or corrupt data");
  if (produced != out_size) Fail(Codec::kGzip, "wrong uncompressed size");
}

bool Lz4HadoopDecompress(const uint8_t* data, size_t size, uint8_t* out, size_t out_size) {
  auto be32 = [](const uint8_t* p) {
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
  };
  size_t in = 0, produced = 0;
  while (in < size) {
    if (size - in < 8) return false;
    uint32_t raw = be32(data + in), compressed = be32(data + in + 4);
    in += 8;
    if (compressed > size - in || raw > out_size - produced) return false;
    int n = LZ4_decompress_safe(reinterpret_cast<const char*>(data + in),
                                reinterpret_cast<char*>(out + produced),
                                static_cast<int>(compressed), static_cast<int>(raw));
    if (n < 0 || static_cast<uint32_t>(n) != raw) return false;
    in += compressed;
    produced += raw;
  }
  return produced == out_size;
}

}  // namespace

void Compress(Codec codec, int level, const char* data, size_t size, std::string* out) {
  size_t start = out->size();
  switch (codec) {
    case Codec::kUncompressed: out->append(data, size); return;
    case Codec::kSnappy: {
      out->resize(start + snappy::MaxCompressedLength(size));
      size_t n = 0;
      snappy::RawCompress(data, size, out->data() + start, &n);
      out->resize(start + n);
      return;
    }
    case Codec::kGzip: GzipCompress(level, data, size, out); return;
    case Codec::kZstd: {
      size_t bound = ZSTD_compressBound(size);
      out->resize(start + bound);
      size_t n = ZSTD_compress(out->data() + start, bound, data, size, level == 0 ? 3 : level);
      if (ZSTD_isError(n)) throw Error::Internal("zstd: {}", ZSTD_getErrorName(n));
      out->resize(start + n);
      return;
    }
    case Codec::kLz4Raw: {
      int bound = LZ4_compressBound(static_cast<int>(size));
      out->resize(start + static_cast<size_t>(bound));
      int n = LZ4_compress_default(data, out->data() + start, static_cast<int>(size), bound);
      if (n <= 0) throw Error::Internal("lz4: compression failed");
      out->resize(start + static_cast<size_t>(n));
      return;
    }
    default: throw Error::NotSupported("writing {} compression", CodecName(codec));
  }
}

void Decompress(Codec codec, const uint8_t* data, size_t size, uint8_t* out, size_t out_size) {
  switch (codec) {
    case Codec::kUncompressed:
      if (size != out_size) Fail(codec, "page sizes disagree");
      std::memcpy(out, data, size);
      return;
    case Codec::kSnappy: {
      size_t n = 0;
      auto in = reinterpret_cast<const char*>(data);
      if (!snappy::GetUncompressedLength(in, size, &n)) Fail(codec, "corrupt data");
      if (n != out_size) Fail(codec, "wrong uncompressed size");
      if (!snappy::RawUncompress(in, size, reinterpret_cast<char*>(out))) {
        Fail(codec, "corrupt data");
      }
      return;
    }
    case Codec::kGzip: GzipDecompress(data, size, out, out_size); return;
    case Codec::kZstd: {
      size_t n = ZSTD_decompress(out, out_size, data, size);
      if (ZSTD_isError(n)) Fail(codec, ZSTD_getErrorName(n));
      if (n != out_size) Fail(codec, "wrong uncompressed size");
      return;
    }
    case Codec::kLz4:
      if (Lz4HadoopDecompress(data, size, out, out_size)) return;
      [[fallthrough]];
    case Codec::kLz4Raw: {
      if (size > INT32_MAX || out_size > INT32_MAX) Fail(codec, "page too large");
      int n = LZ4_decompress_safe(reinterpret_cast<const char*>(data), reinterpret_cast<char*>(out),
                                  static_cast<int>(size), static_cast<int>(out_size));
      if (n < 0) Fail(codec, "corrupt data");
      if (static_cast<size_t>(n) != out_size) Fail(codec, "wrong uncompressed size");
      return;
    }
    default: throw Error::NotSupported("{} compression", CodecName(codec));
  }
}

}  // namespace sluice::parquet
