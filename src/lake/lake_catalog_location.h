// Which catalog serves a lake root.
//
// A local lake keeps its SQLite catalog inside itself, at `<lake>/_catalog.db`, so that a
// lake directory is self-contained. A lake on an object store (`s3://bucket/prefix`)
// cannot: SQLite needs a local file with locks and in-place writes. Nor does it get a
// default somewhere else: two working directories would then each get a catalog of their
// own over the same objects, and a vacuum through one would delete the files the other
// references. Its catalog is therefore always named: `catalog:` in a pipeline, `--catalog`
// for `sluice query` and `sluice catalog`, or $SLUICE_CATALOG for every command.
//
// Thread-safety: pure functions (they read the environment).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sluice::lake {

// True for a path on an object store ("s3://..."), where no local file can live.
bool IsObjectStorePath(std::string_view path);

// The catalog of `lake_root`: `explicit_catalog` if given (a `catalog:` key or a
// --catalog flag), else $SLUICE_CATALOG, else `<lake_root>/_catalog.db` for a local lake.
// For an object-store lake without either, throws user_input saying how to name one.
std::string ResolveCatalogUri(const std::string& lake_root,
                              const std::optional<std::string>& explicit_catalog);

}  // namespace sluice::lake
