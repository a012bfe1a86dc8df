// Test support for the JSON reader/writer tests: temporary directories, opening read_json
// through the registry with positional and named options, and scanning a source on a
// thread pool back into rows in input order.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "formats/options.h"
#include "formats/table_source.h"
#include "types/value.h"

namespace sluice::testing {

// A fresh directory under the system temp dir, removed with everything in it on
// destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  // Writes `contents` to path()/name and returns the full path.
  std::string Write(const std::string& name, const std::string& contents) const;

 private:
  std::string path_;
};

struct NamedOption {
  std::string name;
  OptionValue value;
};
OptionValue Str(const std::string& s);
OptionValue Int(int64_t v);
OptionValue Bool(bool v);
OptionValue Columns(const std::vector<std::pair<std::string, std::string>>& columns);

// Calls the registered table function `function` (read_json by default).
std::unique_ptr<TableSource> OpenJson(const OptionValue& path,
                                      const std::vector<NamedOption>& named = {},
                                      const std::string& function = "read_json");
std::unique_ptr<TableSource> OpenJson(const std::string& path,
                                      const std::vector<NamedOption>& named = {},
                                      const std::string& function = "read_json");

struct ScanResult {
  std::vector<std::vector<Value>> rows;  // in input order
  uint64_t rows_rejected = 0;
  size_t chunks = 0;
  size_t batches = 0;  // distinct batch indices seen
};

// Scans `columns` (all columns when empty and all_columns is true) with `threads` workers.
ScanResult ScanAll(TableSource& source, size_t threads = 1, std::vector<size_t> columns = {},
                   bool all_columns = true);

// Throws unless `fn` throws an Error; returns its message.
template <typename Fn>
std::string ErrorMessageOf(Fn&& fn);

}  // namespace sluice::testing

#include "common/error.h"

template <typename Fn>
std::string sluice::testing::ErrorMessageOf(Fn&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.message();
  }
  return "<no error>";
}
