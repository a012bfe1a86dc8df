// SessionCatalog — what a session owns by name: in-session tables (CREATE TABLE,
// INSERT) and views (CREATE VIEW). Catalog (lake) tables come later through the same
// lookup.
//
// Thread-safety: one session thread; tables are shared read-only with running queries.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exec/chunk_collection.h"
#include "types/type.h"

namespace sluice {

struct SessionTable {
  std::string name;
  Schema schema;
  std::shared_ptr<ChunkCollection> data;
  bool temporary = false;
};

struct SessionView {
  std::string name;
  std::string sql;  // the query's text
  std::vector<std::string> column_aliases;
};

class SessionCatalog {
 public:
  const SessionTable* FindTable(const std::string& name) const;
  SessionTable* FindTable(const std::string& name);
  const SessionView* FindView(const std::string& name) const;
  void PutTable(SessionTable table);
  void PutView(SessionView view);
  bool DropTable(const std::string& name);
  bool DropView(const std::string& name);
  std::vector<std::string> Names() const;

 private:
  std::map<std::string, SessionTable> tables_;
  std::map<std::string, SessionView> views_;
};

}  // namespace sluice
