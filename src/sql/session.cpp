#include "sql/session.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "catalog/catalog.h"
#include "common/error.h"
#include "common/thread_pool.h"
#include "exec/copy_to_file.h"
#include "exec/memory_tracker.h"
#include "exec/pipeline_executor.h"
#include "exec/result_collector.h"
#include "expr/functions/builtin_functions.h"
#include "formats/builtin_formats.h"
#include "lake/lake_catalog_location.h"
#include "lake/lake_table_source.h"
#include "plan/optimizer.h"
#include "plan/physical_planner.h"
#include "sql/binder.h"
#include "sql/parser/parser.h"
#include "sql/session_catalog.h"
#include "storage/file_system.h"

namespace sluice {

using namespace sql;  // NOLINT: AST node names read better unqualified here

struct Session::State {
  std::unique_ptr<ThreadPool> pool;
  SessionCatalog catalog;
  // The lake's catalog, opened at the first catalog table a query names.
  std::unique_ptr<catalog::Catalog> lake_catalog;
};

size_t QueryResult::row_count() const {
  size_t n = 0;
  for (const auto& c : chunks) n += c.size();
  return n;
}

std::vector<Value> QueryResult::Row(size_t r) const {
  for (const auto& c : chunks) {
    if (r < c.size()) {
      std::vector<Value> row;
      for (size_t i = 0; i < c.column_count(); i++) row.push_back(c.column(i).GetValue(r));
      return row;
    }
    r -= c.size();
  }
  throw Error::Internal("row {} out of range", r);
}

namespace {

uint64_t DefaultMemoryLimit() {
  long pages = sysconf(_SC_PHYS_PAGES);
  long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return 8ULL << 30;
  return static_cast<uint64_t>(pages) * static_cast<uint64_t>(page_size) / 10 * 8;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string JoinName(const std::vector<std::string>& parts) {
  std::string s;
  for (size_t i = 0; i < parts.size(); i++) s += (i ? "." : "") + parts[i];
  return s;
}

QueryResult ResultFromCollection(ChunkCollection&& rows, const std::vector<std::string>& names) {
  QueryResult result;
  for (size_t i = 0; i < names.size(); i++)
    result.schema.push_back(Field{names[i], rows.types()[i]});
  for (auto& c : rows.chunks()) result.chunks.push_back(std::move(c));
  return result;
}

QueryResult MessageResult(std::string message) {
  QueryResult r;
  r.message = std::move(message);
  return r;
}

// A one-column-per-field result built from rows of strings (DESCRIBE, SHOW TABLES, EXPLAIN).
QueryResult TextResult(const std::vector<std::string>& columns,
                       const std::vector<std::vector<std::string>>& rows) {
  QueryResult r;
  std::vector<TypeId> types(columns.size(), TypeId::kVarchar);
  for (const auto& c : columns) r.schema.push_back(Field{c, TypeId::kVarchar});
  DataChunk chunk;
  chunk.Initialize(types, std::max<size_t>(rows.size(), 1));
  for (size_t i = 0; i < rows.size(); i++) {
    for (size_t c = 0; c < columns.size(); c++)
      chunk.column(c).SetValue(i, Value::Varchar(rows[i][c]));
  }
  chunk.SetSize(rows.size());
  r.chunks.push_back(std::move(chunk));
  return r;
}

}  // namespace

Session::Session(SessionOptions options)
    : options_(std::move(options)), state_(std::make_unique<State>()) {
  RegisterBuiltinFunctions();
  RegisterBuiltinFormats();
  if (options_.memory_limit_bytes == 0) options_.memory_limit_bytes = DefaultMemoryLimit();
  if (options_.lake_root.empty()) {
    const char* env = std::getenv("SLUICE_LAKE");
    options_.lake_root = env != nullptr && *env != '\0' ? env : "lake";
  }
  state_->pool = std::make_unique<ThreadPool>(options_.threads);
}

Session::~Session() = default;

Session::TableData Session::GetTable(const std::string& name) const {
  const SessionTable* table = state_->catalog.FindTable(name);
  if (table == nullptr) return {};
  return TableData{table->schema, table->data};
}

void Session::PutTable(const std::string& name, Schema schema,
                       std::shared_ptr<ChunkCollection> data) {
  SLUICE_ASSERT(data != nullptr);
  state_->catalog.DropView(name);
  SessionTable table;
  table.name = name;
  table.schema = std::move(schema);
  table.data = std::move(data);
  table.temporary = true;
  state_->catalog.PutTable(std::move(table));
}

bool Session::DropTable(const std::string& name) {
  return state_->catalog.DropTable(name);
}

ThreadPool& Session::thread_pool() {
  return *state_->pool;
}

namespace {

class StatementRunner {
 public:
  StatementRunner(std::string_view sql, SessionOptions& options, Session::State& state,
                  ThreadPool& pool)
      : sql_(sql), options_(options), state_(state), pool_(pool) {}

  QueryResult Run(const Statement& statement);
  // Binds without running anything (Session::BindPlan).
  Session::BoundPlan BindForInspection(const QueryNode& query) {
    Session::BoundPlan out;
    Binder binder(sql_, state_.catalog);
    binder.SetCatalogTableResolver([&](const std::string& name, std::optional<int64_t> version) {
      std::shared_ptr<TableSource> source = OpenCatalogTable(name, version);
      out.catalog_tables[source.get()] = name;
      return source;
    });
    binder.SetSubqueryRunner([&](BoundQuery bound, size_t) {
      SubqueryRows rows;
      rows.types = bound.types;
      out.subquery_plans.push_back(std::move(bound.plan));
      return rows;
    });
    BoundQuery bound = binder.BindQuery(query);
    out.plan = std::move(bound.plan);
    out.names = std::move(bound.names);
    return out;
  }

 private:
  std::shared_ptr<TableSource> OpenCatalogTable(const std::string& name,
                                                std::optional<int64_t> version) {
    if (!state_.lake_catalog) {
      std::string uri = lake::ResolveCatalogUri(
          options_.lake_root,
          options_.catalog.empty() ? std::nullopt : std::optional<std::string>(options_.catalog));
      if (!lake::IsObjectStorePath(uri) && !FileSystem::For(uri).Exists(uri)) {
        throw Error::UserInput(
            "unknown table '{}': there is no lake catalog at {} (point --lake or "
            "$SLUICE_LAKE at the lake root, or --catalog at its catalog)",
            name, uri);
      }
      state_.lake_catalog = catalog::OpenCatalog(uri);
    }
    return lake::LakeTableSource::Open(*state_.lake_catalog, catalog::TableName::Parse(name),
                                       version);
  }
  Binder MakeBinder(std::string_view sql) {
    Binder binder(sql, state_.catalog);
    binder.SetCatalogTableResolver([this](const std::string& name, std::optional<int64_t> version) {
      return OpenCatalogTable(name, version);
    });
    binder.SetSubqueryRunner([this](BoundQuery bound, size_t max_rows) {
      QueryResult result = RunBound(std::move(bound));
      SubqueryRows rows;
      for (const auto& f : result.schema) rows.types.push_back(f.type);
      size_t n = std::min(result.row_count(), max_rows);
      for (size_t r = 0; r < n; r++) rows.rows.push_back(result.Row(r));
      return rows;
    });
    return binder;
  }
  BoundQuery BindQueryNode(const QueryNode& query) {
    Binder binder = MakeBinder(sql_);
    return binder.BindQuery(query);
  }
  void InitContext(ExecutionContext& ctx) {
    ctx.pool = &pool_;
    ctx.memory_limit_bytes = options_.memory_limit_bytes;
    ctx.progress = options_.progress;
  }
  QueryResult RunQuery(const QueryNode& query, ExecutionContext* stats_context = nullptr,
                       PhysicalOperatorPtr* keep_plan = nullptr);
  QueryResult RunBound(BoundQuery bound, ExecutionContext* stats_context = nullptr,
                       PhysicalOperatorPtr* keep_plan = nullptr);
  QueryResult RunCopy(const CopyStatement& copy);
  QueryResult RunCreateTable(const CreateTableStatement& create);
  QueryResult RunInsert(const InsertStatement& insert);
  QueryResult RunExplain(const ExplainStatement& explain);
  QueryResult RunDescribe(const DescribeStatement& describe);
  QueryResult RunSet(const SetStatement& set);
  LogicalOperatorPtr CopyPlan(const CopyStatement& copy);

  std::string_view sql_;
  SessionOptions& options_;
  Session::State& state_;
  ThreadPool& pool_;
};

QueryResult StatementRunner::RunQuery(const QueryNode& query, ExecutionContext* stats_context,
                                      PhysicalOperatorPtr* keep_plan) {
  return RunBound(BindQueryNode(query), stats_context, keep_plan);
}

QueryResult StatementRunner::RunBound(BoundQuery bound, ExecutionContext* stats_context,
                                      PhysicalOperatorPtr* keep_plan) {
  LogicalOperatorPtr plan = Optimize(std::move(bound.plan));
  auto collector = std::make_unique<PhysicalResultCollector>(bound.types);
  collector->AddChild(CreatePhysicalPlan(*plan));
  ExecutionContext local_context;
  InitContext(local_context);
  ExecutionContext& ctx = stats_context ? *stats_context : local_context;
  PipelineExecutor executor(ctx);
  executor.Execute(*collector);
  QueryResult result = ResultFromCollection(collector->TakeResult(), bound.names);
  result.rows_rejected = ctx.rows_rejected;
  if (keep_plan) *keep_plan = std::move(collector);
  return result;
}

LogicalOperatorPtr StatementRunner::CopyPlan(const CopyStatement& copy) {
  BoundQuery bound;
  Binder binder = MakeBinder(sql_);
  if (copy.query) {
    bound = binder.BindQuery(*copy.query);
  } else {
    // COPY name TO ...: SELECT * FROM name.
    auto statements = ParseSql("SELECT * FROM " + JoinName(copy.table));
    Binder table_binder = MakeBinder(statements[0]->text);
    bound = table_binder.BindQuery(*statements[0]->As<SelectStatement>().query);
  }
  Options options("COPY ... TO");
  std::string format;
  for (const auto& opt : copy.options) {
    OptionValue value = opt.value ? binder.BindOption(*opt.value, "a COPY option")
                                  : OptionValue::Scalar(Value::Null());
    if (opt.name == "format") {
      if (value.kind != OptionValue::Kind::kScalar || value.scalar.is_null()) {
        binder.Fail(opt.position, "FORMAT needs a value: csv, json or parquet");
      }
      format = Lower(value.scalar.ToString());
      continue;
    }
    options.AddNamed(opt.name, std::move(value));
  }
  if (format.empty()) {
    std::string path = Lower(copy.path);
    auto ends_with = [&](const char* suffix) {
      std::string s(suffix);
      return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0;
    };
    if (ends_with(".parquet")) {
      format = "parquet";
    } else if (ends_with(".json") || ends_with(".ndjson") || ends_with(".jsonl")) {
      format = "json";
    } else {
      format = "csv";
    }
  }
  const TableWriterFactory* factory = TableWriterRegistry::Find(format);
  if (factory == nullptr) {
    std::string suggestion = ClosestMatch(format, TableWriterRegistry::Names());
    binder.Fail(copy.position,
                fmt::format("unknown COPY format '{}'{}", format,
                            suggestion.empty() ? "" : " (did you mean '" + suggestion + "'?)"));
  }
  Schema schema;
  for (size_t i = 0; i < bound.names.size(); i++)
    schema.push_back(Field{bound.names[i], bound.types[i]});
  auto op = std::make_unique<LogicalOperator>(LogicalKind::kCopy);
  op->copy_path = copy.path;
  op->copy_format = format;
  std::string path = copy.path;
  op->make_writer = [factory, path, schema, options]() mutable {
    return (*factory)(path, schema, options);
  };
  op->types = {TypeId::kBigint};
  op->names = {"Count"};
  op->children.push_back(std::move(bound.plan));
  return op;
}

QueryResult StatementRunner::RunCopy(const CopyStatement& copy) {
  LogicalOperatorPtr plan = Optimize(CopyPlan(copy));
  PhysicalOperatorPtr root = CreatePhysicalPlan(*plan);
  ExecutionContext ctx;
  InitContext(ctx);
  PipelineExecutor executor(ctx);
  executor.Execute(*root);
  WriterStats stats = static_cast<PhysicalCopyToFile&>(*root).stats();
  QueryResult result = TextResult({"Count"}, {{std::to_string(stats.rows)}});
  result.schema[0].type = TypeId::kBigint;
  DataChunk chunk;
  chunk.Initialize({TypeId::kBigint}, 1);
  chunk.column(0).data<int64_t>()[0] = static_cast<int64_t>(stats.rows);
  chunk.SetSize(1);
  result.chunks.clear();
  result.chunks.push_back(std::move(chunk));
  result.message = fmt::format("wrote {} rows to {}", stats.rows, copy.path);
  if (stats.files.size() > 1) result.message += fmt::format(" ({} files)", stats.files.size());
  result.rows_rejected = ctx.rows_rejected;
  return result;
}

QueryResult StatementRunner::RunCreateTable(const CreateTableStatement& create) {
  std::string name = JoinName(create.name);
  if (create.name.size() > 1) {
    throw Error::NotSupported(
        "CREATE TABLE {}: catalog (lake) tables are created by pipelines; "
        "in-session tables have a plain name",
        name);
  }
  bool exists =
      state_.catalog.FindTable(name) != nullptr || state_.catalog.FindView(name) != nullptr;
  if (exists && create.if_not_exists) return MessageResult("table " + name + " already exists");
  if (exists && !create.or_replace) {
    throw Error(ErrorKind::kUserInput,
                FormatSqlError(
                    sql_, create.position,
                    fmt::format("table '{}' already exists (use CREATE OR REPLACE TABLE)", name)));
  }
  SessionTable table;
  table.name = name;
  table.temporary = create.temporary;
  if (create.query) {
    QueryResult rows = RunQuery(*create.query);
    table.schema = rows.schema;
    std::vector<TypeId> types;
    for (const auto& f : rows.schema) types.push_back(f.type);
    table.data = std::make_shared<ChunkCollection>(types);
    for (auto& c : rows.chunks) table.data->AppendOwned(std::move(c));
  } else {
    std::vector<TypeId> types;
    for (const auto& col : create.columns) {
      auto type = ParseTypeName(col.type.name);
      if (!type) {
        throw Error(
            ErrorKind::kUserInput,
            FormatSqlError(sql_, col.type.position,
                           fmt::format("unknown or unsupported type '{}'", col.type.ToString())));
      }
      table.schema.push_back(Field{col.name, *type});
      types.push_back(*type);
    }
    table.data = std::make_shared<ChunkCollection>(types);
  }
  state_.catalog.DropView(name);
  uint64_t rows = table.data->row_count();
  state_.catalog.PutTable(std::move(table));
  return MessageResult(fmt::format("created table {} ({} rows)", name, rows));
}

QueryResult StatementRunner::RunInsert(const InsertStatement& insert) {
  std::string name = JoinName(insert.table);
  SessionTable* table = state_.catalog.FindTable(name);
  if (table == nullptr) {
    throw Error(ErrorKind::kUserInput,
                FormatSqlError(sql_, insert.position, fmt::format("unknown table '{}'", name)));
  }
  QueryResult rows = RunQuery(*insert.query);
  // Target positions of the inserted columns.
  std::vector<size_t> targets;
  if (insert.columns.empty()) {
    for (size_t i = 0; i < table->schema.size(); i++) targets.push_back(i);
  } else {
    for (const auto& c : insert.columns) {
      auto it = std::find_if(table->schema.begin(), table->schema.end(),
                             [&](const Field& f) { return f.name == c; });
      if (it == table->schema.end()) {
        throw Error::UserInput("INSERT INTO {}: unknown column '{}'", name, c);
      }
      targets.push_back(static_cast<size_t>(it - table->schema.begin()));
    }
  }
  if (rows.schema.size() != targets.size()) {
    throw Error::UserInput("INSERT INTO {}: the query gives {} columns but {} are expected", name,
                           rows.schema.size(), targets.size());
  }
  std::vector<TypeId> types = table->data->types();
  auto data = std::make_shared<ChunkCollection>(types);
  for (const auto& c : table->data->chunks()) {
    DataChunk copy;
    copy.Reference(c);
    data->AppendOwned(std::move(copy));
  }
  uint64_t inserted = 0;
  for (const auto& chunk : rows.chunks) {
    DataChunk out;
    out.Initialize(types, std::max<size_t>(chunk.size(), 1));
    for (size_t col = 0; col < types.size(); col++) {
      auto it = std::find(targets.begin(), targets.end(), col);
      for (size_t r = 0; r < chunk.size(); r++) {
        Value v = it == targets.end()
                      ? Value::Null(types[col])
                      : chunk.column(static_cast<size_t>(it - targets.begin())).GetValue(r);
        v = v.is_null() ? Value::Null(types[col]) : v.CastTo(types[col]);
        out.column(col).SetValue(r, v);
        if (v.is_null() && types[col] == TypeId::kVarchar) {
          out.column(col).data<StringRef>()[r] = StringRef("", 0);
        }
      }
    }
    out.SetSize(chunk.size());
    inserted += chunk.size();
    data->AppendOwned(std::move(out));
  }
  table->data = data;
  QueryResult result = MessageResult(fmt::format("inserted {} rows into {}", inserted, name));
  return result;
}

// EXPLAIN ANALYZE's line about spilling, when the query outgrew its memory limit.
std::string SpillSummary(ExecutionContext& ctx) {
  uint64_t spilled = ctx.spilled_bytes.load();
  if (spilled == 0) return "";
  return fmt::format("spilled: {} bytes to temporary files (memory limit {} bytes, peak {})\n",
                     spilled, ctx.memory_limit_bytes, ctx.memory_tracker()->peak());
}

QueryResult StatementRunner::RunExplain(const ExplainStatement& explain) {
  const Statement& inner = *explain.statement;
  PhysicalOperatorPtr root;
  ExecutionContext ctx;
  InitContext(ctx);
  ctx.collect_stats = explain.analyze;
  std::string text;
  if (inner.kind == StatementKind::kSelect) {
    if (explain.analyze) {
      auto start = std::chrono::steady_clock::now();
      RunQuery(*inner.As<SelectStatement>().query, &ctx, &root);
      double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
      text = ExplainPhysicalPlan(*root, &ctx) + fmt::format("total time: {:.1f} ms\n", ms) +
             SpillSummary(ctx);
    } else {
      BoundQuery bound = BindQueryNode(*inner.As<SelectStatement>().query);
      LogicalOperatorPtr plan = Optimize(std::move(bound.plan));
      root = CreatePhysicalPlan(*plan);
      text = ExplainPhysicalPlan(*root, nullptr);
    }
  } else if (inner.kind == StatementKind::kCopy) {
    LogicalOperatorPtr plan = Optimize(CopyPlan(inner.As<CopyStatement>()));
    root = CreatePhysicalPlan(*plan);
    if (explain.analyze) {
      auto start = std::chrono::steady_clock::now();
      PipelineExecutor executor(ctx);
      executor.Execute(*root);
      double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
      text = ExplainPhysicalPlan(*root, &ctx) + fmt::format("total time: {:.1f} ms\n", ms) +
             SpillSummary(ctx);
    } else {
      text = ExplainPhysicalPlan(*root, nullptr);
    }
  } else {
    throw Error::NotSupported("EXPLAIN of this statement (only queries and COPY)");
  }
  std::vector<std::vector<std::string>> rows;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    rows.push_back({text.substr(start, end - start)});
    start = end + 1;
  }
  return TextResult({"plan"}, rows);
}

QueryResult StatementRunner::RunDescribe(const DescribeStatement& describe) {
  BoundQuery bound;
  if (describe.query) {
    bound = BindQueryNode(*describe.query);
  } else {
    auto statements = ParseSql("SELECT * FROM " + JoinName(describe.table));
    Binder binder = MakeBinder(statements[0]->text);
    bound = binder.BindQuery(*statements[0]->As<SelectStatement>().query);
  }
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < bound.names.size(); i++) {
    rows.push_back({bound.names[i], std::string(::sluice::TypeName(bound.types[i])), "YES"});
  }
  return TextResult({"column_name", "column_type", "null"}, rows);
}

QueryResult StatementRunner::RunSet(const SetStatement& set) {
  Binder binder(sql_, state_.catalog);
  Value v = set.value ? binder.BindOption(*set.value, "a SET value").scalar : Value::Null();
  if (set.name == "threads" || set.name == "worker_threads") {
    Value n = v.TryCastTo(TypeId::kBigint);
    if (n.is_null() || n.int_value() < 1 || n.int_value() > 1024) {
      throw Error::UserInput("SET threads: expected a number of threads between 1 and 1024, got {}",
                             v.ToSqlLiteral());
    }
    options_.threads = static_cast<size_t>(n.int_value());
    return MessageResult(fmt::format("threads = {}", options_.threads));
  }
  if (set.name == "memory_limit" || set.name == "max_memory") {
    std::optional<uint64_t> bytes =
        v.is_null() ? std::nullopt : ParseMemorySize(v.TryCastTo(TypeId::kVarchar).string_value());
    if (!bytes || *bytes == 0) {
      throw Error::UserInput("SET memory_limit: expected a size such as '512MB' or '2GiB', got {}",
                             v.ToSqlLiteral());
    }
    options_.memory_limit_bytes = *bytes;
    return MessageResult(fmt::format("memory_limit = {} bytes", *bytes));
  }
  throw Error::UserInput("SET: unknown setting '{}' (known: threads, memory_limit)", set.name);
}

QueryResult StatementRunner::Run(const Statement& statement) {
  switch (statement.kind) {
    case StatementKind::kSelect: return RunQuery(*statement.As<SelectStatement>().query);
    case StatementKind::kCopy: return RunCopy(statement.As<CopyStatement>());
    case StatementKind::kCreateTable: return RunCreateTable(statement.As<CreateTableStatement>());
    case StatementKind::kCreateView: {
      const auto& view = statement.As<CreateViewStatement>();
      std::string name = JoinName(view.name);
      bool exists =
          state_.catalog.FindView(name) != nullptr || state_.catalog.FindTable(name) != nullptr;
      if (exists && view.if_not_exists) return MessageResult("view " + name + " already exists");
      if (exists && !view.or_replace) {
        throw Error(
            ErrorKind::kUserInput,
            FormatSqlError(sql_, view.position,
                           fmt::format("'{}' already exists (use CREATE OR REPLACE VIEW)", name)));
      }
      BindQueryNode(*view.query);  // validate now, not at first use
      state_.catalog.PutView(SessionView{name, view.query_text, view.column_aliases});
      return MessageResult("created view " + name);
    }
    case StatementKind::kInsert: return RunInsert(statement.As<InsertStatement>());
    case StatementKind::kDrop: {
      const auto& drop = statement.As<DropStatement>();
      std::string name = JoinName(drop.name);
      bool dropped = drop.drop_kind == DropKind::kTable ? state_.catalog.DropTable(name)
                                                        : state_.catalog.DropView(name);
      if (!dropped && !drop.if_exists) {
        throw Error(ErrorKind::kUserInput,
                    FormatSqlError(
                        sql_, drop.position,
                        fmt::format("unknown {} '{}'",
                                    drop.drop_kind == DropKind::kTable ? "table" : "view", name)));
      }
      return MessageResult("dropped " + name);
    }
    case StatementKind::kExplain: return RunExplain(statement.As<ExplainStatement>());
    case StatementKind::kDescribe: return RunDescribe(statement.As<DescribeStatement>());
    case StatementKind::kSet: return RunSet(statement.As<SetStatement>());
    case StatementKind::kShowTables: {
      std::vector<std::vector<std::string>> rows;
      for (const auto& n : state_.catalog.Names()) rows.push_back({n});
      return TextResult({"name"}, rows);
    }
  }
  throw Error::Internal("unknown statement kind");
}

}  // namespace

void Session::ExecuteEach(std::string_view sql,
                          const std::function<void(QueryResult&)>& on_result) {
  std::vector<StatementPtr> statements = ParseSql(sql);
  for (const auto& statement : statements) {
    size_t threads_before = options_.threads;
    StatementRunner runner(sql, options_, *state_, *state_->pool);
    QueryResult result = runner.Run(*statement);
    if (options_.threads != threads_before) {
      state_->pool = std::make_unique<ThreadPool>(options_.threads);
    }
    on_result(result);
  }
}

Session::BoundPlan Session::BindPlan(std::string_view query) {
  std::vector<StatementPtr> statements = ParseSql(query);
  if (statements.size() != 1 || statements[0]->kind != StatementKind::kSelect) {
    throw Error::UserInput("expected one SELECT query to bind, got {} statement(s): {}",
                           statements.size(), query);
  }
  StatementRunner runner(query, options_, *state_, *state_->pool);
  return runner.BindForInspection(*statements[0]->As<SelectStatement>().query);
}

QueryResult Session::Execute(std::string_view sql) {
  QueryResult last;
  bool any = false;
  ExecuteEach(sql, [&](QueryResult& r) {
    last = std::move(r);
    any = true;
  });
  if (!any) throw Error::UserInput("no SQL statement given");
  return last;
}

}  // namespace sluice
