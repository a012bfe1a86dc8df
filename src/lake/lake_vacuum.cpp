#include "lake/lake_vacuum.h"

#include <unordered_set>

#include "common/error.h"
#include "storage/file_system.h"

namespace sluice::lake {
namespace {

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

VacuumResult Vacuum(catalog::Catalog& catalog, const catalog::TableName& table,
                    std::chrono::seconds grace) {
  auto info = catalog.GetTable(table);
  if (!info) throw Error::UserInput("vacuum: table {} does not exist", table.ToString());
  std::vector<std::string> referenced = catalog.ListReferencedFiles(table);
  std::unordered_set<std::string> keep(referenced.begin(), referenced.end());
  std::string location = info->location;
  while (location.size() > 1 && location.back() == '/') location.pop_back();
  FileSystem& fs = FileSystem::For(location);
  VacuumResult result;
  if (!fs.Exists(location)) return result;
  const int64_t cutoff =
      NowMicros() - std::chrono::duration_cast<std::chrono::microseconds>(grace).count();
  for (const FileInfo& file : fs.ListRecursive(location)) {
    if (file.path.size() <= location.size() + 1 ||
        file.path.compare(0, location.size(), location) != 0)
      continue;
    std::string relative = file.path.substr(location.size() + 1);
    if (keep.count(relative) > 0 || file.modified_micros > cutoff) continue;
    size_t slash = relative.rfind('/');
    if (relative[slash == std::string::npos ? 0 : slash + 1] == '_')
      continue;  // metadata, never data
    fs.Remove(file.path);
    result.removed.push_back(file.path);
    result.bytes += file.size;
  }
  return result;
}

VacuumResult VacuumAll(catalog::Catalog& catalog, std::chrono::seconds grace) {
  VacuumResult total;
  for (const auto& table : catalog.ListTables(std::nullopt)) {
    VacuumResult r = Vacuum(catalog, table.name, grace);
    total.removed.insert(total.removed.end(), r.removed.begin(), r.removed.end());
    total.bytes += r.bytes;
  }
  return total;
}

}  // namespace sluice::lake
