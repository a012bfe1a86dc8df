// Hash functions: md5(text) as 32 lower-case hex digits (OpenSSL EVP), and hash(value)
// as a BIGINT (64-bit XXH3 of the value's bytes; for text its UTF-8 bytes). DuckDB's
// hash returns UBIGINT with a different function, so values differ from DuckDB's.
#include <openssl/evp.h>
#include <xxhash.h>

#include "common/error.h"
#include "expr/functions/builtin_functions.h"
#include "expr/functions/string_kernels.h"
#include "expr/functions/vector_loops.h"
#include "expr/scalar_function.h"

namespace sluice::functions {
namespace {

void Md5Kernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  static const char kHex[] = "0123456789abcdef";
  char hex[32];
  MapStrings(args, count, result, [&](size_t row) {
    std::string_view s = RowValue<StringRef>(args[0], row).view();
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(s.data(), s.size(), digest, &length, EVP_md5(), nullptr) != 1 || length != 16) {
      throw Error::Internal("md5: OpenSSL digest failed");
    }
    for (unsigned i = 0; i < 16; i++) {
      hex[2 * i] = kHex[digest[i] >> 4];
      hex[2 * i + 1] = kHex[digest[i] & 15];
    }
    return std::string_view(hex, 32);
  });
}

template <typename T>
void HashKernel(const std::vector<Vector>& args, size_t count, Vector& result, const void*) {
  UnaryLoop<T, int64_t>(args[0], count, result, [](const T& v) {
    if constexpr (std::is_same_v<T, StringRef>) {
      return static_cast<int64_t>(XXH3_64bits(v.data, v.size));
    } else {
      return static_cast<int64_t>(XXH3_64bits(&v, sizeof(T)));
    }
  });
}

template <TypeId kType>
void RegisterHash() {
  ScalarFunctionRegistry::Register({.name = "hash",
                                    .parameters = {kType},
                                    .return_type = TypeId::kBigint,
                                    .kernel = HashKernel<PhysicalT<kType>>});
}

}  // namespace

void RegisterHashFunctions() {
  ScalarFunctionRegistry::Register({.name = "md5",
                                    .parameters = {TypeId::kVarchar},
                                    .return_type = TypeId::kVarchar,
                                    .kernel = Md5Kernel});
  RegisterHash<TypeId::kVarchar>();
  RegisterHash<TypeId::kBigint>();
  RegisterHash<TypeId::kInteger>();
  RegisterHash<TypeId::kDouble>();
  RegisterHash<TypeId::kDate>();
  RegisterHash<TypeId::kTimestamp>();
  RegisterHash<TypeId::kBoolean>();
}

}  // namespace sluice::functions
