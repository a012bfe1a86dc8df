#include "sql/session_catalog.h"

namespace sluice {

const SessionTable* SessionCatalog::FindTable(const std::string& name) const {
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : &it->second;
}
SessionTable* SessionCatalog::FindTable(const std::string& name) {
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : &it->second;
}
const SessionView* SessionCatalog::FindView(const std::string& name) const {
  auto it = views_.find(name);
  return it == views_.end() ? nullptr : &it->second;
}
void SessionCatalog::PutTable(SessionTable table) {
  std::string name = table.name;
  tables_[name] = std::move(table);
}
void SessionCatalog::PutView(SessionView view) {
  std::string name = view.name;
  views_[name] = std::move(view);
}
bool SessionCatalog::DropTable(const std::string& name) {
  return tables_.erase(name) > 0;
}
bool SessionCatalog::DropView(const std::string& name) {
  return views_.erase(name) > 0;
}
std::vector<std::string> SessionCatalog::Names() const {
  std::vector<std::string> out;
  for (const auto& [n, _] : tables_) out.push_back(n);
  for (const auto& [n, _] : views_) out.push_back(n);
  return out;
}

}  // namespace sluice
