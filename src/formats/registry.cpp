#include <algorithm>
#include <map>
#include <mutex>

#include "common/error.h"
#include "formats/table_source.h"
#include "formats/table_writer.h"
#include "storage/file_system.h"

namespace sluice {
namespace {
std::mutex& RegistryMutex() {
  static std::mutex m;
  return m;
}
std::map<std::string, TableSourceFactory>& Sources() {
  static std::map<std::string, TableSourceFactory> sources;
  return sources;
}
std::map<std::string, TableWriterFactory>& Writers() {
  static std::map<std::string, TableWriterFactory> writers;
  return writers;
}
std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}
}  // namespace

void TableFunctionRegistry::Register(const std::string& name, TableSourceFactory factory) {
  std::lock_guard<std::mutex> lock(RegistryMutex());
  Sources()[Lower(name)] = std::move(factory);
}

const TableSourceFactory* TableFunctionRegistry::Find(const std::string& name) {
  std::lock_guard<std::mutex> lock(RegistryMutex());
  auto it = Sources().find(Lower(name));
  return it == Sources().end() ? nullptr : &it->second;
}

std::vector<std::string> TableFunctionRegistry::Names() {
  std::lock_guard<std::mutex> lock(RegistryMutex());
  std::vector<std::string> out;
  for (const auto& [name, _] : Sources()) out.push_back(name);
  return out;
}

void TableWriterRegistry::Register(const std::string& format, TableWriterFactory factory) {
  std::lock_guard<std::mutex> lock(RegistryMutex());
  Writers()[Lower(format)] = std::move(factory);
}

const TableWriterFactory* TableWriterRegistry::Find(const std::string& format) {
  std::lock_guard<std::mutex> lock(RegistryMutex());
  auto it = Writers().find(Lower(format));
  return it == Writers().end() ? nullptr : &it->second;
}

std::vector<std::string> TableWriterRegistry::Names() {
  std::lock_guard<std::mutex> lock(RegistryMutex());
  std::vector<std::string> out;
  for (const auto& [name, _] : Writers()) out.push_back(name);
  return out;
}

std::vector<std::string> ExpandPaths(const Options& options, const std::string& function) {
  if (options.positional().empty()) {
    throw Error::UserInput("{}: expects a path as its first argument, e.g. {}('data.csv')",
                           function, function);
  }
  std::vector<std::string> patterns;
  const OptionValue& first = options.positional()[0];
  if (first.kind == OptionValue::Kind::kScalar) {
    if (first.scalar.is_null() || first.scalar.type() != TypeId::kVarchar) {
      throw Error::UserInput("{}: the path must be a string, got {}", function, first.ToString());
    }
    patterns.push_back(first.scalar.string_value());
  } else if (first.kind == OptionValue::Kind::kList) {
    for (const auto& item : first.items) {
      if (item.kind != OptionValue::Kind::kScalar || item.scalar.type() != TypeId::kVarchar) {
        throw Error::UserInput("{}: a path list must hold strings, got {}", function,
                               item.ToString());
      }
      patterns.push_back(item.scalar.string_value());
    }
  } else {
    throw Error::UserInput("{}: the path must be a string or a list of strings", function);
  }
  std::vector<std::string> files;
  for (const auto& pattern : patterns) {
    FileSystem& fs = FileSystem::For(pattern);
    if (!HasGlobCharacters(pattern)) {
      if (!fs.Exists(pattern)) throw Error::UserInput("{}: {}: no such file", function, pattern);
      if (fs.IsDirectory(pattern)) {
        throw Error::UserInput("{}: {}: is a directory (use a glob such as '{}/*')", function,
                               pattern, pattern);
      }
      files.push_back(pattern);
      continue;
    }
    auto matches = fs.Glob(pattern);
    if (matches.empty()) throw Error::UserInput("{}: {}: no files match", function, pattern);
    for (auto& m : matches) files.push_back(std::move(m.path));
  }
  return files;
}

}  // namespace sluice
