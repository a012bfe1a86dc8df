// BindContext — the names visible while binding one SELECT: the relations of its FROM
// clause (each with an alias and columns), mapped onto the positions of the columns in
// the FROM plan's output.
//
// Thread-safety: used by one binder.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "types/type.h"

namespace sluice {

struct RelationBinding {
  std::string alias;                 // table alias or name; may be empty
  std::vector<std::string> columns;  // column names
  std::vector<TypeId> types;
  size_t offset = 0;  // position of the first column in the FROM output
  // USING/NATURAL join columns hidden from `*` on this side.
  std::vector<bool> hidden;
  // Scope depth: a subquery's own relations (1) shadow the outer query's (0).
  int level = 0;
  // Listed first by `*` (the merged columns of FULL JOIN ... USING).
  bool star_first = false;
};

struct ColumnLookup {
  size_t index = 0;  // position in the FROM output
  TypeId type = TypeId::kNull;
  std::string name;
};

class BindContext {
 public:
  void AddRelation(RelationBinding relation) { relations_.push_back(std::move(relation)); }
  const std::vector<RelationBinding>& relations() const { return relations_; }
  RelationBinding& relation(size_t i) { return relations_[i]; }
  size_t column_count() const;

  // Resolves `parts` (column, or relation.column). nullopt if not found; throws a message
  // (without position) via `ambiguous` when several relations have the column.
  std::optional<ColumnLookup> Lookup(const std::vector<std::string>& parts,
                                     std::string* ambiguity) const;
  // Every column name visible, for "did you mean" suggestions.
  std::vector<std::string> AllColumnNames() const;
  const RelationBinding* FindRelation(const std::string& alias) const;

 private:
  std::vector<RelationBinding> relations_;
};

}  // namespace sluice
