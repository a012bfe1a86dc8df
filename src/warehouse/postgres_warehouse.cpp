#include "warehouse/postgres_warehouse.h"

#include <algorithm>
#include <functional>

#include "common/error.h"
#include "postgres/postgres_connection.h"
#include "warehouse/load_request.h"
#include "warehouse/postgres_copy_encoder.h"

namespace sluice::warehouse {

using postgres::ClassifySqlState;
using postgres::FormatServerError;
using postgres::Params;
using postgres::PostgresConnection;
using postgres::PostgresErrorInfo;
using postgres::PostgresResult;

namespace {

constexpr std::string_view kLedgerTable = "_sluice_load_ledger";
constexpr std::string_view kStageTable = "pg_temp._sluice_stage";
constexpr std::string_view kRowColumn = "_sluice_row";
constexpr size_t kMaxIdentifierBytes = 63;  // PostgreSQL truncates longer names
constexpr size_t kCopyBufferBytes = 1 << 20;

// The column type a sluice type becomes, as format_type() prints it.
std::string_view PostgresType(TypeId type) {
  switch (type) {
    case TypeId::kBoolean: return "boolean";
    case TypeId::kInteger: return "integer";
    case TypeId::kBigint: return "bigint";
    case TypeId::kDouble: return "double precision";
    case TypeId::kDate: return "date";
    case TypeId::kTimestamp: return "timestamp without time zone";
    default: return "text";  // VARCHAR, untyped NULL
  }
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Whether a column of PostgreSQL type `existing` takes values of `type` without loss.
bool Accepts(std::string_view existing, TypeId type) {
  if (type == TypeId::kNull || existing == PostgresType(type)) return true;
  bool numeric = StartsWith(existing, "numeric");
  switch (type) {
    case TypeId::kInteger: return existing == "bigint" || existing == "double precision" || numeric;
    case TypeId::kBigint:
    case TypeId::kDouble: return existing == "double precision" || numeric;
    case TypeId::kVarchar:
      return StartsWith(existing, "character varying") || StartsWith(existing, "character(");
    case TypeId::kDate: return StartsWith(existing, "timestamp");
    default: return false;
  }
}

struct ExistingColumn {
  std::string name;
  std::string type;
  bool not_null = false;
  bool has_default = false;
};

// What one load needs to know, built once.
struct LoadContext {
  const LoadRequest& request;
  PostgresConnection& db;
  std::string where;      // "warehouse table 'analytics.t' (postgresql host:port/db)"
  std::string qualified;  // "\"analytics\".\"t\""
  TableName table;

  std::string ColumnList() const {
    std::string text;
    for (const Field& field : request.schema)
      text += (text.empty() ? "" : ", ") + QuoteIdentifier(field.name);
    return text;
  }
  std::string KeyList() const {
    std::string text;
    for (const std::string& key : request.key)
      text += (text.empty() ? "" : ", ") + QuoteIdentifier(key);
    return text;
  }
  bool IsKey(const std::string& column) const {
    return std::find(request.key.begin(), request.key.end(), column) != request.key.end();
  }
  // Column definitions for CREATE TABLE; key columns NOT NULL and the primary key if asked.
  std::string ColumnDefinitions(bool primary_key) const {
    std::string text;
    for (const Field& field : request.schema) {
      text += (text.empty() ? "" : ", ") + QuoteIdentifier(field.name) + " " +
              std::string(PostgresType(field.type));
      if (primary_key && IsKey(field.name)) text += " NOT NULL";
    }
    if (primary_key) text += ", PRIMARY KEY (" + KeyList() + ")";
    return text;
  }
};

std::string DescribeColumns(const std::vector<ExistingColumn>& columns) {
  std::string text = "(";
  for (size_t i = 0; i < columns.size(); i++)
    text += (i > 0 ? ", " : "") + columns[i].name + " " + columns[i].type;
  return text + ")";
}

void CheckIdentifierLengths(const LoadRequest& request, const TableName& table) {
  std::vector<std::string> names = {table.schema, table.name};
  for (const Field& field : request.schema) names.push_back(field.name);
  for (const std::string& name : names)
    if (name.size() > kMaxIdentifierBytes)
      throw Error::UserInput(
          "warehouse table '{}': name '{}' is longer than PostgreSQL's {} bytes; shorten it",
          request.table, name, kMaxIdentifierBytes);
}

std::vector<ExistingColumn> ReadColumns(LoadContext& load) {
  PostgresResult result = load.db.Execute(
      "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.atthasdef "
      "FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT "
      "a.attisdropped ORDER BY a.attnum",
      Params{load.qualified}, load.where + ": reading the table's columns");
  std::vector<ExistingColumn> columns;
  for (int row = 0; row < result.rows(); row++)
    columns.push_back({result.Text(row, 0), result.Text(row, 1), result.Text(row, 2) == "t",
                       result.Text(row, 3) == "t"});
  return columns;
}

bool TableExists(LoadContext& load) {
  PostgresResult result = load.db.Execute("SELECT to_regclass($1) IS NOT NULL",
                                          Params{load.qualified}, load.where + ": lookup");
  return result.Text(0, 0) == "t";
}

// Creates or evolves the table. Returns true when every loaded column has exactly the
// mapped type (so binary COPY can write the table directly).
bool PrepareTable(LoadContext& load) {
  const LoadRequest& request = load.request;
  if (!TableExists(load)) {
    load.db.Execute("CREATE TABLE " + load.qualified + " (" +
                        load.ColumnDefinitions(request.mode == LoadMode::kMerge) + ")",
                    load.where + ": creating the table");
    return true;
  }
  std::vector<ExistingColumn> existing = ReadColumns(load);
  std::vector<const Field*> added;
  std::string conflict;
  bool exact = true;
  for (const Field& field : request.schema) {
    auto it = std::find_if(existing.begin(), existing.end(),
                           [&](const ExistingColumn& c) { return c.name == field.name; });
    if (it == existing.end()) {
      added.push_back(&field);
    } else if (!Accepts(it->type, field.type)) {
      if (conflict.empty())
        conflict = fmt::format("column '{}' is {} in the table but {} in the rows", it->name,
                               it->type, TypeName(field.type));
    } else if (field.type != TypeId::kNull && it->type != PostgresType(field.type)) {
      exact = false;
    }
  }
  for (const ExistingColumn& column : existing) {
    bool present = std::any_of(request.schema.begin(), request.schema.end(),
                               [&](const Field& f) { return f.name == column.name; });
    if (!present && column.not_null && !column.has_default && conflict.empty())
      conflict = fmt::format("column '{}' is NOT NULL in the table and missing from the rows",
                             column.name);
  }
  if (!conflict.empty())
    throw Error::UserInput(
        "{}: the rows {} do not fit the existing table {}: {}; load into a new table, or "
        "drop or alter the existing one",
        load.where, DescribeSchema(request.schema), DescribeColumns(existing), conflict);
  for (const Field* field : added)
    load.db.Execute("ALTER TABLE " + load.qualified + " ADD COLUMN " +
                        QuoteIdentifier(field->name) + " " + std::string(PostgresType(field->type)),
                    load.where + ": adding column '" + field->name + "'");
  return exact;
}

// ON CONFLICT needs a unique index (or primary key) on exactly the key columns.
void EnsureMergeKeyIndex(LoadContext& load) {
  PostgresResult indexes = load.db.Execute(
      "SELECT string_agg(a.attname, chr(31) ORDER BY a.attname) FROM pg_index i JOIN "
      "pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid "
      "= to_regclass($1) AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL "
      "GROUP BY i.indexrelid",
      Params{load.qualified}, load.where + ": reading the table's indexes");
  std::vector<std::string> key = load.request.key;
  std::sort(key.begin(), key.end());
  std::string wanted;
  for (const std::string& column : key) wanted += (wanted.empty() ? "" : "\x1f") + column;
  for (int row = 0; row < indexes.rows(); row++)
    if (indexes.Text(row, 0) == wanted) return;
  std::string index_name = load.table.name + "_sluice_key";
  if (index_name.size() > kMaxIdentifierBytes) index_name.resize(kMaxIdentifierBytes);
  load.db.Execute("CREATE UNIQUE INDEX " + QuoteIdentifier(index_name) + " ON " + load.qualified +
                      " (" + load.KeyList() + ")",
                  load.where + ": cannot merge on (" + load.KeyList() +
                      "): creating a unique index on it failed");
}

// "COPY t, line 3, column ts: ..." -> row 3, column ts.
std::string DescribeCopyError(const LoadContext& load, const PostgresErrorInfo& info) {
  std::string place;
  size_t line = info.context.find(", line ");
  if (line != std::string::npos) {
    size_t start = line + 7;
    size_t end = info.context.find_first_not_of("0123456789", start);
    place = ": row " + info.context.substr(start, end - start);
    size_t column = info.context.find(", column ", start);
    if (column != std::string::npos) {
      size_t name_start = column + 9;
      size_t name_end = info.context.find(':', name_start);
      place += ", column '" + info.context.substr(name_start, name_end - name_start) + "'";
    } else if (!info.column.empty()) {
      place += ", column '" + info.column + "'";  // constraint errors name it separately
    }
  } else if (!info.column.empty()) {
    place = ": column '" + info.column + "'";
  }
  std::string message = load.where + place + ": " + info.message;
  if (!info.detail.empty()) message += " (" + info.detail + ")";
  return message + " [SQLSTATE " + info.sqlstate + "]";
}

// Streams every produced row with binary COPY into `target`; returns the row count.
uint64_t CopyRows(LoadContext& load, const std::string& target, bool with_row_number,
                  const ChunkProducer& next) {
  const LoadRequest& request = load.request;
  bool merge = request.mode == LoadMode::kMerge;
  std::vector<size_t> key_columns = KeyColumnIndexes(request);
  std::string columns = load.ColumnList();
  if (with_row_number) columns += ", " + std::string(kRowColumn);
  PostgresCopyEncoder encoder(request.schema, load.where, with_row_number);
  load.db.CopyStart("COPY " + target + " (" + columns + ") FROM STDIN (FORMAT binary)",
                    load.where + ": starting COPY");
  uint64_t rows = 0;
  std::string buffer;
  buffer.reserve(kCopyBufferBytes + (64 << 10));
  try {
    encoder.AppendHeader(buffer);
    while (const DataChunk* chunk = next()) {
      CheckChunkShape(request, *chunk);
      if (merge) {
        for (size_t k : key_columns) {
          ColumnView view(*chunk, k);
          for (size_t row = 0; row < chunk->size(); row++)
            if (!view.IsValid(row))
              throw Error::UserInput(
                  "{}: row {}: key column '{}' is NULL; merge keys must not be NULL (filter "
                  "those rows or use mode append)",
                  load.where, rows + row + 1, request.schema[k].name);
        }
      }
      encoder.AppendChunk(*chunk, rows + 1, buffer);
      rows += chunk->size();
      if (buffer.size() >= kCopyBufferBytes) {
        load.db.CopyPut(buffer, load.where + ": COPY");
        buffer.clear();
      }
    }
    encoder.AppendTrailer(buffer);
    load.db.CopyPut(buffer, load.where + ": COPY");
  } catch (...) {
    load.db.CopyAbort("sluice abandoned the load");
    throw;
  }
  load.db.CopyEnd(load.where + ": COPY",
                  [&](const PostgresErrorInfo& info) { return DescribeCopyError(load, info); });
  return rows;
}

// Rows whose values did not change are not rewritten (the WHERE of DO UPDATE): no new row
// versions, so merging the same rows again is cheap.
std::string MergeStatement(const LoadContext& load) {
  std::string updates, old_values, new_values;
  for (const Field& field : load.request.schema) {
    if (load.IsKey(field.name)) continue;
    std::string column = QuoteIdentifier(field.name);
    std::string separator = updates.empty() ? "" : ", ";
    updates += separator + column + " = EXCLUDED." + column;
    old_values += separator + "_sluice_target." + column;
    new_values += separator + "EXCLUDED." + column;
  }
  std::string columns = load.ColumnList();
  return "INSERT INTO " + load.qualified + " AS _sluice_target (" + columns + ") SELECT " +
         columns + " FROM " + std::string(kStageTable) + " ON CONFLICT (" + load.KeyList() + ") " +
         (updates.empty() ? "DO NOTHING"
                          : "DO UPDATE SET " + updates + " WHERE (" + old_values +
                                ") IS DISTINCT FROM (" + new_values + ")");
}

// After a failed apply (rolled back to the savepoint): the first staged row to blame.
std::string ExplainApplyError(LoadContext& load, const PostgresErrorInfo& info) {
  std::string place;
  if (info.sqlstate == "21000") {  // ON CONFLICT DO UPDATE would touch a row twice
    std::string keys = load.KeyList();
    // The key as text, built by the server: 'id=' || coalesce("id"::text, 'NULL') || ...
    std::string key_text;
    for (const std::string& key : load.request.key) {
      std::string label = (key_text.empty() ? "" : ", ") + key + "=";
      std::string literal = "'";
      for (char c : label) literal += c == '\'' ? std::string("''") : std::string(1, c);
      key_text += (key_text.empty() ? "" : " || ") + literal + "' || coalesce(" +
                  QuoteIdentifier(key) + "::text, 'NULL')";
    }
    PostgresResult duplicate = load.db.Execute(
        "SELECT " + key_text + ", _sluice_row FROM (SELECT *, row_number() OVER (PARTITION BY " +
            keys + " ORDER BY _sluice_row) AS n FROM " + std::string(kStageTable) +
            ") s WHERE n = 2 ORDER BY _sluice_row LIMIT 1",
        load.where + ": finding the duplicate key");
    if (duplicate.rows() > 0)
      return fmt::format(
          "{}: duplicate key ({}) in the rows to merge (row {} repeats an earlier row's key); "
          "make the key unique in the step's SQL",
          load.where, duplicate.Text(0, 0), duplicate.Text(0, 1));
  }
  bool staged_column = std::any_of(load.request.schema.begin(), load.request.schema.end(),
                                   [&](const Field& f) { return f.name == info.column; });
  if (info.sqlstate == "23502" && staged_column) {
    PostgresResult row =
        load.db.Execute("SELECT min(_sluice_row) FROM " + std::string(kStageTable) + " WHERE " +
                            QuoteIdentifier(info.column) + " IS NULL",
                        load.where + ": finding the NULL value");
    if (row.rows() > 0 && !row.IsNull(0, 0)) place = ": row " + row.Text(0, 0);
  }
  if (!info.column.empty()) place += ", column '" + info.column + "'";
  if (StartsWith(place, ", ")) place = ":" + place.substr(1);
  std::string message = load.where + place + ": " + info.message;
  if (!info.detail.empty()) message += " (" + info.detail + ")";
  return message + " [SQLSTATE " + info.sqlstate + "]";
}

// Moves the staged rows into the table.
void ApplyStaged(LoadContext& load) {
  std::string statement = load.request.mode == LoadMode::kMerge
                              ? MergeStatement(load)
                              : "INSERT INTO " + load.qualified + " (" + load.ColumnList() +
                                    ") SELECT " + load.ColumnList() + " FROM " +
                                    std::string(kStageTable);
  load.db.Execute("SAVEPOINT sluice_apply", load.where + ": savepoint");
  load.db.Execute(statement, {}, load.where + ": applying the rows",
                  [&](const PostgresErrorInfo& info) {
                    if (ClassifySqlState(info.sqlstate) != ErrorKind::kUserInput)
                      return FormatServerError(load.where + ": applying the rows", info);
                    // The statement's error has no row number: ask the staged rows.
                    load.db.Execute("ROLLBACK TO SAVEPOINT sluice_apply", load.where);
                    return ExplainApplyError(load, info);
                  });
}

// Overwrite: TRUNCATE (fast, fresh storage; readers wait for the commit and then see the
// new rows), or DELETE when a foreign key refers to the table (TRUNCATE would refuse).
void RemoveAllRows(LoadContext& load) {
  PostgresResult referenced = load.db.Execute(
      "SELECT 1 FROM pg_constraint WHERE confrelid = to_regclass($1) AND contype = 'f' LIMIT 1",
      Params{load.qualified}, load.where + ": reading foreign keys");
  load.db.Execute((referenced.rows() > 0 ? "DELETE FROM " : "TRUNCATE ") + load.qualified,
                  load.where + ": removing the old rows");
}

uint64_t CountRows(LoadContext& load) {
  PostgresResult count =
      load.db.Execute("SELECT count(*) FROM " + load.qualified, load.where + ": counting rows");
  return std::stoull(count.Text(0, 0));
}

// Runs `create` (outside the load's transaction) unless `exists` says there is nothing to
// do; a failure is ignored when another load created the object meanwhile.
void CreateIfMissing(PostgresConnection& db, const std::function<bool()>& exists,
                     const std::string& create, const std::string& what) {
  if (exists()) return;
  try {
    db.Execute(create, what);
  } catch (const Error&) {
    if (!db.connected() || !exists()) throw;
  }
}

// The ledger table and the table's schema: created once, before (and apart from) any load
// transaction, so that a failed load never has to undo them and two first loads racing to
// create them do not fail.
void EnsureLedgerAndSchema(PostgresConnection& db, const LoadRequest& request,
                           const TableName& table, const std::string& where) {
  if (!request.run_id.empty()) {
    CreateIfMissing(
        db,
        [&] {
          return db.Execute("SELECT to_regclass($1) IS NOT NULL", Params{std::string(kLedgerTable)},
                            where + ": lookup")
                     .Text(0, 0) == "t";
        },
        "CREATE TABLE IF NOT EXISTS " + std::string(kLedgerTable) +
            " (pipeline text NOT NULL, run_id text NOT NULL, sink text NOT NULL, table_name text "
            "NOT NULL, mode text NOT NULL, rows bigint NOT NULL, loaded_at timestamptz NOT NULL "
            "DEFAULT now(), PRIMARY KEY (pipeline, run_id, sink))",
        where + ": creating the load ledger");
  }
  if (!table.schema.empty()) {
    CreateIfMissing(
        db,
        [&] {
          return db.Execute("SELECT 1 FROM pg_namespace WHERE nspname = $1", Params{table.schema},
                            where + ": lookup")
                     .rows() > 0;
        },
        "CREATE SCHEMA IF NOT EXISTS " + QuoteIdentifier(table.schema),
        where + ": creating schema '" + table.schema + "'");
  }
}

bool LedgerHas(PostgresConnection& db, const LoadRequest& request, const std::string& where) {
  PostgresResult found = db.Execute("SELECT 1 FROM " + std::string(kLedgerTable) +
                                        " WHERE pipeline = $1 AND run_id = $2 AND sink = $3",
                                    Params{request.pipeline, request.run_id, request.sink},
                                    where + ": reading the load ledger");
  return found.rows() > 0;
}

}  // namespace

PostgresWarehouse::PostgresWarehouse(const std::string& uri)
    : connection_(std::make_unique<PostgresConnection>(uri, "warehouse")) {}

PostgresWarehouse::~PostgresWarehouse() = default;

std::string PostgresWarehouse::Describe() const {
  return "postgresql " + connection_->Describe();
}

LoadResult PostgresWarehouse::Load(const LoadRequest& request, const ChunkProducer& next) {
  ValidateLoadRequest(request);
  TableName table = ParseTableName(request.table);
  CheckIdentifierLengths(request, table);
  std::string where = "warehouse table '" + table.Display() + "' (" + Describe() + ")";
  connection_->EnsureConnected();
  try {
    EnsureLedgerAndSchema(*connection_, request, table, where);
  } catch (const Error&) {
    // A connection the server dropped while idle shows up only now: reconnect once.
    if (connection_->connected()) throw;
    connection_->EnsureConnected();
    EnsureLedgerAndSchema(*connection_, request, table, where);
  }
  LoadResult result;
  connection_->Transaction(where, [&] { result = LoadInTransaction(request, next); });
  return result;
}

LoadResult PostgresWarehouse::LoadInTransaction(const LoadRequest& request,
                                                const ChunkProducer& next) {
  TableName table = ParseTableName(request.table);
  std::string qualified = (table.schema.empty() ? "" : QuoteIdentifier(table.schema) + ".") +
                          QuoteIdentifier(table.name);
  LoadContext load{request, *connection_,
                   "warehouse table '" + table.Display() + "' (" + Describe() + ")", qualified,
                   table};
  LoadResult result;
  bool use_ledger = !request.run_id.empty();
  if (use_ledger) {
    // Two runs loading the same (pipeline, run_id, sink) at once: the second waits here and
    // then finds the first one's ledger row.
    load.db.Execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                    Params{request.pipeline + '\x1f' + request.run_id + '\x1f' + request.sink},
                    load.where + ": locking the load");
    if (LedgerHas(load.db, request, load.where)) {
      result.already_loaded = true;
      result.table_rows = TableExists(load) ? CountRows(load) : 0;
      return result;
    }
  }
  bool exact = PrepareTable(load);
  if (request.mode == LoadMode::kMerge) EnsureMergeKeyIndex(load);
  if (request.mode == LoadMode::kOverwrite) RemoveAllRows(load);
  if (exact && request.mode != LoadMode::kMerge) {
    result.rows_loaded = CopyRows(load, qualified, false, next);
  } else {
    load.db.Execute("DROP TABLE IF EXISTS " + std::string(kStageTable), load.where);
    load.db.Execute("CREATE TEMP TABLE _sluice_stage (" + load.ColumnDefinitions(false) + ", " +
                        std::string(kRowColumn) + " bigint) ON COMMIT DROP",
                    load.where + ": creating the staging table");
    result.rows_loaded = CopyRows(load, std::string(kStageTable), true, next);
    ApplyStaged(load);
  }
  if (use_ledger)
    load.db.Execute(
        "INSERT INTO " + std::string(kLedgerTable) +
            " (pipeline, run_id, sink, table_name, mode, rows) VALUES ($1, $2, $3, "
            "$4, $5, $6)",
        Params{request.pipeline, request.run_id, request.sink, table.Display(),
               std::string(LoadModeName(request.mode)), std::to_string(result.rows_loaded)},
        load.where + ": recording the load in the ledger");
  result.table_rows = CountRows(load);
  return result;
}

bool PostgresWarehouse::AlreadyLoaded(const std::string& pipeline, const std::string& run_id,
                                      const std::string& sink) {
  connection_->EnsureConnected();
  std::string where = Describe() + ": load ledger";
  PostgresResult exists = connection_->Execute("SELECT to_regclass($1) IS NOT NULL",
                                               Params{std::string(kLedgerTable)}, where);
  if (exists.Text(0, 0) != "t") return false;
  LoadRequest request;
  request.pipeline = pipeline;
  request.run_id = run_id;
  request.sink = sink;
  return LedgerHas(*connection_, request, where);
}

}  // namespace sluice::warehouse
