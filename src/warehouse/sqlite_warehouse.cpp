#include "warehouse/sqlite_warehouse.h"

#include <algorithm>
#include <cctype>

#include "catalog/sqlite_connection.h"
#include "common/error.h"
#include "types/text_codec.h"
#include "warehouse/load_request.h"

namespace sluice::warehouse {
namespace {

using catalog::SqliteConnection;
using catalog::SqliteStatement;

constexpr std::string_view kLedgerTable = "_sluice_load_ledger";
constexpr std::string_view kStageTable = "temp._sluice_stage";

// The declared type a new column gets (its SQLite storage class).
std::string_view SqliteType(TypeId type) {
  switch (type) {
    case TypeId::kBoolean:
    case TypeId::kInteger:
    case TypeId::kBigint: return "INTEGER";
    case TypeId::kDouble: return "REAL";
    default: return "TEXT";  // VARCHAR, DATE, TIMESTAMP, untyped NULL
  }
}

// SQLite's column affinity of a declared type (the rules of its "Datatypes" page).
enum class Affinity { kInteger, kText, kBlob, kReal, kNumeric };

Affinity AffinityOf(std::string declared) {
  std::transform(declared.begin(), declared.end(), declared.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  auto has = [&](std::string_view part) { return declared.find(part) != std::string::npos; };
  if (has("INT")) return Affinity::kInteger;
  if (has("CHAR") || has("CLOB") || has("TEXT")) return Affinity::kText;
  if (declared.empty() || has("BLOB")) return Affinity::kBlob;
  if (has("REAL") || has("FLOA") || has("DOUB")) return Affinity::kReal;
  return Affinity::kNumeric;
}

// Whether a column of `affinity` keeps values of `type` as the mapping above stores them.
bool Accepts(Affinity affinity, TypeId type) {
  if (type == TypeId::kNull) return true;
  switch (affinity) {
    case Affinity::kBlob: return true;
    case Affinity::kInteger: return IsIntegral(type) || type == TypeId::kBoolean;
    case Affinity::kReal: return IsNumeric(type);
    case Affinity::kText:
      return type == TypeId::kVarchar || type == TypeId::kDate || type == TypeId::kTimestamp;
    case Affinity::kNumeric: return type != TypeId::kVarchar;
  }
  return false;
}

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

struct ExistingColumn {
  std::string name;
  std::string declared_type;
  bool not_null = false;
  int primary_key_position = 0;  // 0: not part of the primary key
};

std::vector<ExistingColumn> ReadColumns(SqliteConnection& db, const std::string& table) {
  SqliteStatement query = db.Prepare(
      "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?1, 'main') ORDER BY cid");
  query.Bind(1, table);
  std::vector<ExistingColumn> columns;
  while (query.Step())
    columns.push_back(
        {query.Text(0), query.Text(1), query.Int(2) != 0, static_cast<int>(query.Int(3))});
  return columns;
}

std::string DescribeColumns(const std::vector<ExistingColumn>& columns) {
  std::string text = "(";
  for (size_t i = 0; i < columns.size(); i++) {
    if (i > 0) text += ", ";
    text += columns[i].name + " " +
            (columns[i].declared_type.empty() ? "ANY" : columns[i].declared_type);
  }
  return text + ")";
}

std::string ColumnList(const Schema& schema) {
  std::string text;
  for (size_t i = 0; i < schema.size(); i++) {
    if (i > 0) text += ", ";
    text += QuoteIdentifier(schema[i].name);
  }
  return text;
}

std::string KeyList(const std::vector<std::string>& key) {
  std::string text;
  for (size_t i = 0; i < key.size(); i++) {
    if (i > 0) text += ", ";
    text += QuoteIdentifier(key[i]);
  }
  return text;
}

// Column definitions; key columns are NOT NULL and form the primary key when `key` is set.
std::string ColumnDefinitions(const Schema& schema, const std::vector<std::string>& key) {
  std::string text;
  for (const Field& field : schema) {
    if (!text.empty()) text += ", ";
    text += QuoteIdentifier(field.name) + " " + std::string(SqliteType(field.type));
    if (std::find(key.begin(), key.end(), field.name) != key.end()) text += " NOT NULL";
  }
  if (!key.empty()) text += ", PRIMARY KEY (" + KeyList(key) + ")";
  return text;
}

// Creates the table, or checks an existing one and adds the columns it lacks.
void PrepareTable(SqliteConnection& db, const LoadRequest& request, const std::string& name,
                  const std::string& quoted) {
  std::vector<ExistingColumn> existing = ReadColumns(db, name);
  if (existing.empty()) {
    const std::vector<std::string> no_key;
    db.Execute(
        "CREATE TABLE " + quoted + " (" +
        ColumnDefinitions(request.schema, request.mode == LoadMode::kMerge ? request.key : no_key) +
        ")");
    return;
  }
  std::vector<const Field*> added;
  std::string conflict;
  for (const Field& field : request.schema) {
    auto it = std::find_if(existing.begin(), existing.end(),
                           [&](const ExistingColumn& c) { return SameName(c.name, field.name); });
    if (it == existing.end()) {
      added.push_back(&field);
    } else if (!Accepts(AffinityOf(it->declared_type), field.type) && conflict.empty()) {
      conflict = fmt::format("column '{}' is {} in the table but {} in the rows", it->name,
                             it->declared_type, TypeName(field.type));
    }
  }
  for (const ExistingColumn& column : existing) {
    bool present = std::any_of(request.schema.begin(), request.schema.end(),
                               [&](const Field& f) { return SameName(f.name, column.name); });
    if (!present && column.not_null && conflict.empty())
      conflict = fmt::format("column '{}' is NOT NULL in the table and missing from the rows",
                             column.name);
  }
  if (!conflict.empty())
    throw Error::UserInput(
        "warehouse table '{}' in {}: the rows {} do not fit the existing table {}: {}; load "
        "into a new table, or drop or alter the existing one",
        request.table, db.path(), DescribeSchema(request.schema), DescribeColumns(existing),
        conflict);
  for (const Field* field : added)
    db.Execute("ALTER TABLE " + quoted + " ADD COLUMN " + QuoteIdentifier(field->name) + " " +
               std::string(SqliteType(field->type)));
}

bool SameColumnSet(std::vector<std::string> a, std::vector<std::string> b) {
  auto lower = [](std::vector<std::string>& names) {
    for (std::string& n : names)
      std::transform(n.begin(), n.end(), n.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::sort(names.begin(), names.end());
  };
  lower(a);
  lower(b);
  return a == b;
}

// ON CONFLICT needs a primary key or unique index on exactly the key columns.
void EnsureMergeKeyIndex(SqliteConnection& db, const LoadRequest& request,
                         const std::string& name) {
  std::vector<std::string> primary_key;
  for (const ExistingColumn& column : ReadColumns(db, name))
    if (column.primary_key_position > 0) primary_key.push_back(column.name);
  if (!primary_key.empty() && SameColumnSet(primary_key, request.key)) return;
  std::vector<std::string> unique_indexes;
  {
    SqliteStatement list = db.Prepare(
        "SELECT name FROM pragma_index_list(?1, 'main') WHERE \"unique\" = 1 AND partial = 0");
    list.Bind(1, name);
    while (list.Step()) unique_indexes.push_back(list.Text(0));
  }
  for (const std::string& index : unique_indexes) {
    SqliteStatement info = db.Prepare("SELECT name FROM pragma_index_info(?1, 'main')");
    info.Bind(1, index);
    std::vector<std::string> columns;
    while (info.Step()) columns.push_back(info.Text(0));
    if (SameColumnSet(columns, request.key)) return;
  }
  std::string index_name = name + "__sluice_key";
  for (const std::string& key : request.key) index_name += "_" + key;
  try {
    db.Execute("CREATE UNIQUE INDEX main." + QuoteIdentifier(index_name) + " ON " +
               QuoteIdentifier(name) + " (" + KeyList(request.key) + ")");
  } catch (const Error& e) {
    if (e.message().find("constraint failed") == std::string::npos) throw;
    throw Error::UserInput(
        "warehouse table '{}' in {}: cannot merge on ({}): the existing rows are not unique "
        "on it ({})",
        request.table, db.path(), KeyList(request.key), e.message());
  }
}

void BindRow(SqliteStatement& insert, const std::vector<ColumnView>& views, const Schema& schema,
             size_t row, std::string& text) {
  for (size_t c = 0; c < views.size(); c++) {
    int parameter = static_cast<int>(c + 1);
    const ColumnView& view = views[c];
    if (schema[c].type == TypeId::kNull || !view.IsValid(row)) {
      insert.BindNull(parameter);
      continue;
    }
    switch (schema[c].type) {
      case TypeId::kBoolean:
        insert.Bind(parameter, static_cast<int64_t>(view.Get<uint8_t>(row) != 0));
        break;
      case TypeId::kInteger:
        insert.Bind(parameter, static_cast<int64_t>(view.Get<int32_t>(row)));
        break;
      case TypeId::kBigint: insert.Bind(parameter, view.Get<int64_t>(row)); break;
      case TypeId::kDouble: insert.Bind(parameter, view.Get<double>(row)); break;
      case TypeId::kVarchar: insert.Bind(parameter, view.Get<StringRef>(row).view()); break;
      case TypeId::kDate:
        text.clear();
        AppendDate(view.Get<int32_t>(row), text);
        insert.Bind(parameter, std::string_view(text));
        break;
      case TypeId::kTimestamp:
        text.clear();
        AppendTimestamp(view.Get<int64_t>(row), text);
        insert.Bind(parameter, std::string_view(text));
        break;
      case TypeId::kNull: break;
    }
  }
}

// Inserts every produced row into `target`; returns the row count. Errors name the row
// (1-based over the whole load).
uint64_t InsertRows(SqliteConnection& db, const LoadRequest& request, const std::string& target,
                    const ChunkProducer& next) {
  bool merge = request.mode == LoadMode::kMerge;
  std::vector<size_t> key_columns = KeyColumnIndexes(request);
  std::string placeholders;
  for (size_t c = 0; c < request.schema.size(); c++)
    placeholders += (c == 0 ? "?" : ", ?") + std::to_string(c + 1);
  SqliteStatement insert = db.Prepare("INSERT INTO " + target + " (" + ColumnList(request.schema) +
                                      ") VALUES (" + placeholders + ")");
  uint64_t row_number = 0;
  std::string text;
  std::vector<ColumnView> views(request.schema.size());
  while (const DataChunk* chunk = next()) {
    CheckChunkShape(request, *chunk);
    for (size_t c = 0; c < views.size(); c++) views[c] = ColumnView(*chunk, c);
    for (size_t row = 0; row < chunk->size(); row++) {
      row_number++;
      if (merge) {
        for (size_t k : key_columns)
          if (!views[k].IsValid(row))
            throw Error::UserInput(
                "warehouse table '{}': row {}: key column '{}' is NULL; merge keys must not be "
                "NULL (filter those rows or use mode append)",
                request.table, row_number, request.schema[k].name);
      }
      BindRow(insert, views, request.schema, row, text);
      try {
        insert.Run();
      } catch (const Error& e) {
        bool constraint = e.message().find("constraint failed") != std::string::npos;
        if (merge && constraint)
          throw Error::UserInput(
              "warehouse table '{}': duplicate key {} in the rows to merge (row {} repeats an "
              "earlier row's key); make the key unique in the step's SQL",
              request.table, DescribeKey(request, key_columns, *chunk, row), row_number);
        if (constraint)
          throw Error::UserInput("warehouse table '{}' in {}: row {}: {}", request.table, db.path(),
                                 row_number, e.message());
        throw e.WithPrefix(
            fmt::format("warehouse table '{}': row {}: ", request.table, row_number));
      }
      insert.Reset();
    }
  }
  return row_number;
}

// Rows whose values did not change are not rewritten (the WHERE of DO UPDATE), so merging
// the same rows again is cheap.
void ApplyMerge(SqliteConnection& db, const LoadRequest& request, const std::string& name,
                const std::string& quoted) {
  std::string updates, old_values, new_values;
  for (const Field& field : request.schema) {
    if (std::find(request.key.begin(), request.key.end(), field.name) != request.key.end())
      continue;
    std::string column = QuoteIdentifier(field.name);
    std::string separator = updates.empty() ? "" : ", ";
    updates += separator + column + " = excluded." + column;
    old_values += separator + QuoteIdentifier(name) + "." + column;
    new_values += separator + "excluded." + column;
  }
  std::string columns = ColumnList(request.schema);
  // "WHERE true" keeps SQLite's parser from reading ON CONFLICT as a join constraint.
  db.Execute("INSERT INTO " + quoted + " (" + columns + ") SELECT " + columns + " FROM " +
             std::string(kStageTable) + " WHERE true ON CONFLICT (" + KeyList(request.key) + ") " +
             (updates.empty() ? "DO NOTHING"
                              : "DO UPDATE SET " + updates + " WHERE (" + old_values +
                                    ") IS NOT (" + new_values + ")"));
}

bool LedgerHas(SqliteConnection& db, const std::string& pipeline, const std::string& run_id,
               const std::string& sink) {
  SqliteStatement query = db.Prepare("SELECT 1 FROM " + std::string(kLedgerTable) +
                                     " WHERE pipeline = ?1 AND run_id = ?2 AND sink = ?3");
  query.Bind(1, pipeline).Bind(2, run_id).Bind(3, sink);
  return query.Step();
}

void EnsureLedger(SqliteConnection& db) {
  db.Execute("CREATE TABLE IF NOT EXISTS " + std::string(kLedgerTable) +
             " (pipeline TEXT NOT NULL, run_id TEXT NOT NULL, sink TEXT NOT NULL, "
             "table_name TEXT NOT NULL, mode TEXT NOT NULL, rows INTEGER NOT NULL, "
             "loaded_at TEXT NOT NULL, PRIMARY KEY (pipeline, run_id, sink))");
}

uint64_t CountRows(SqliteConnection& db, const std::string& quoted) {
  SqliteStatement count = db.Prepare("SELECT count(*) FROM " + quoted);
  count.Step();
  return static_cast<uint64_t>(count.Int(0));
}

}  // namespace

SqliteWarehouse::SqliteWarehouse(std::string path, int busy_timeout_ms) : path_(std::move(path)) {
  try {
    connection_ = std::make_unique<SqliteConnection>(path_, busy_timeout_ms);
  } catch (const Error& e) {
    throw e.WithPrefix("warehouse: ");
  }
}

SqliteWarehouse::~SqliteWarehouse() = default;

LoadResult SqliteWarehouse::Load(const LoadRequest& request, const ChunkProducer& next) {
  ValidateLoadRequest(request);
  TableName table = ParseTableName(request.table);
  std::string name = table.Display();
  std::string quoted = "main." + QuoteIdentifier(name);
  bool use_ledger = !request.run_id.empty();
  SqliteConnection& db = *connection_;
  LoadResult result;
  db.Transaction([&] {
    if (use_ledger) {
      EnsureLedger(db);
      if (LedgerHas(db, request.pipeline, request.run_id, request.sink)) {
        result.already_loaded = true;
        result.table_rows = ReadColumns(db, name).empty() ? 0 : CountRows(db, quoted);
        return;
      }
    }
    PrepareTable(db, request, name, quoted);
    if (request.mode == LoadMode::kMerge) {
      EnsureMergeKeyIndex(db, request, name);
      db.Execute("DROP TABLE IF EXISTS " + std::string(kStageTable));
      db.Execute("CREATE TABLE " + std::string(kStageTable) + " (" +
                 ColumnDefinitions(request.schema, request.key) + ")");
      result.rows_loaded = InsertRows(db, request, std::string(kStageTable), next);
      ApplyMerge(db, request, name, quoted);
      db.Execute("DROP TABLE " + std::string(kStageTable));
    } else {
      if (request.mode == LoadMode::kOverwrite) db.Execute("DELETE FROM " + quoted);
      result.rows_loaded = InsertRows(db, request, quoted, next);
    }
    if (use_ledger) {
      SqliteStatement ledger =
          db.Prepare("INSERT INTO " + std::string(kLedgerTable) +
                     " (pipeline, run_id, sink, table_name, mode, rows, loaded_at) VALUES "
                     "(?1, ?2, ?3, ?4, ?5, ?6, strftime('%Y-%m-%d %H:%M:%f', 'now'))");
      ledger.Bind(1, request.pipeline).Bind(2, request.run_id).Bind(3, request.sink);
      ledger.Bind(4, name).Bind(5, LoadModeName(request.mode));
      ledger.Bind(6, static_cast<int64_t>(result.rows_loaded)).Run();
    }
    result.table_rows = CountRows(db, quoted);
  });
  return result;
}

bool SqliteWarehouse::AlreadyLoaded(const std::string& pipeline, const std::string& run_id,
                                    const std::string& sink) {
  bool loaded = false;
  connection_->Query([&] {
    SqliteStatement exists =
        connection_->Prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
    exists.Bind(1, kLedgerTable);
    if (exists.Step()) loaded = LedgerHas(*connection_, pipeline, run_id, sink);
  });
  return loaded;
}

}  // namespace sluice::warehouse
