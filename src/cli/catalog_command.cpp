#include "cli/catalog_command.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "catalog/catalog.h"
#include "cli/exit_codes.h"
#include "common/error.h"
#include "lake/lake_catalog_location.h"
#include "lake/lake_vacuum.h"
#include "storage/file_system.h"
#include "types/text_codec.h"

namespace sluice::cli {
namespace {

std::string LakeRoot(const CatalogArgs& args) {
  if (args.lake) return *args.lake;
  if (const char* env = std::getenv("SLUICE_LAKE"); env != nullptr && *env != '\0') return env;
  return "./lake";
}

std::string Time(int64_t micros) {
  return FormatTimestamp(micros - micros % 1000000);  // to the second
}

std::string SchemaText(const Schema& schema) {
  std::string s;
  for (const auto& f : schema) s += fmt::format("  {:<24} {}\n", f.name, TypeName(f.type));
  return s;
}

catalog::TableInfo RequireTable(catalog::Catalog& catalog, const std::string& name) {
  auto table = catalog.GetTable(catalog::TableName::Parse(name));
  if (!table) throw Error::UserInput("unknown table '{}' (sluice catalog ls lists them)", name);
  return *table;
}

}  // namespace

int RunCatalogCommand(const CatalogArgs& args, std::ostream& out) {
  std::string lake = LakeRoot(args);
  std::string path = lake::ResolveCatalogUri(lake, args.catalog);
  if (!lake::IsObjectStorePath(path) && !FileSystem::For(path).Exists(path)) {
    throw Error::UserInput(
        "there is no lake catalog at {} (point --lake or $SLUICE_LAKE at the "
        "lake root, or --catalog at its catalog)",
        path);
  }
  auto catalog = catalog::OpenCatalog(path);
  if (args.action == "ls") {
    std::optional<std::string> database;
    if (!args.target.empty()) database = args.target;
    auto tables = catalog->ListTables(database);
    size_t width = 32;
    for (const auto& t : tables) width = std::max(width, t.name.ToString().size());
    out << fmt::format("{:<{}} {:>9} {:>12} {:>7}  {}\n", "table", width, "snapshot", "rows",
                       "files", "updated");
    for (const auto& t : tables) {
      auto snapshot = catalog->CurrentSnapshot(t.name);
      out << fmt::format("{:<{}} {:>9} {:>12} {:>7}  {}\n", t.name.ToString(), width,
                         t.current_snapshot, snapshot ? snapshot->rows : 0,
                         snapshot ? snapshot->files : 0, Time(t.updated_micros));
    }
    if (tables.empty()) out << "(no tables)\n";
    return kExitOk;
  }
  if (args.action == "show") {
    catalog::TableInfo t = RequireTable(*catalog, args.target);
    auto snapshot = catalog->CurrentSnapshot(t.name);
    out << "table:      " << t.name.ToString() << "\n";
    out << "location:   " << t.location << "\n";
    out << "format:     " << t.format << "\n";
    std::string partitions;
    for (const auto& p : t.partition_columns) partitions += (partitions.empty() ? "" : ", ") + p;
    out << "partitions: " << (partitions.empty() ? "(none)" : partitions) << "\n";
    out << "snapshot:   " << t.current_snapshot;
    if (snapshot) {
      out << fmt::format(" ({} rows, {} files, {} bytes, {})", snapshot->rows, snapshot->files,
                         snapshot->bytes, Time(snapshot->committed_micros));
    }
    out << "\nschema (version " << t.schema_version << "):\n" << SchemaText(t.schema);
    return kExitOk;
  }
  if (args.action == "history") {
    catalog::TableInfo t = RequireTable(*catalog, args.target);
    out << fmt::format("{:>8}  {:<26} {:<20} {:<28} {:>12} {:>7} {:>12}\n", "snapshot", "committed",
                       "operation", "run", "rows", "files", "bytes");
    for (const auto& s : catalog->ListSnapshots(t.name)) {
      out << fmt::format("{:>8}  {:<26} {:<20} {:<28} {:>12} {:>7} {:>12}\n", s.id,
                         Time(s.committed_micros), catalog::SnapshotOperationName(s.operation),
                         s.run_id, s.rows, s.files, s.bytes);
    }
    return kExitOk;
  }
  if (args.action == "vacuum") {
    auto grace = std::chrono::seconds(static_cast<int64_t>(args.grace_seconds));
    lake::VacuumResult result =
        args.target.empty()
            ? lake::VacuumAll(*catalog, grace)
            : lake::Vacuum(*catalog, RequireTable(*catalog, args.target).name, grace);
    for (const auto& f : result.removed) out << "removed " << f << "\n";
    out << fmt::format("vacuum: removed {} unreferenced files ({} bytes)\n", result.removed.size(),
                       result.bytes);
    return kExitOk;
  }
  throw Error::UserInput("unknown catalog action '{}'", args.action);
}

}  // namespace sluice::cli
