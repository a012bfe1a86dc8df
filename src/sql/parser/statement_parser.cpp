// SqlParser: statements (COPY, CREATE TABLE/VIEW, INSERT, DROP, EXPLAIN, DESCRIBE, SET,
// SHOW TABLES, and queries).
#include "sql/parser/sql_parser.h"

namespace sluice::sql {
namespace {

template <typename T>
std::unique_ptr<T> MakeStatement(size_t position) {
  auto node = std::make_unique<T>();
  node->position = position;
  return node;
}

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return text;
}

}  // namespace

StatementPtr SqlParser::ParseStatement() {
  DepthGuard guard(*this, Peek().position);
  const Token& token = Peek();
  if (PeekQueryStart() || token.IsOperator("(")) {
    auto statement = MakeStatement<SelectStatement>(token.position);
    statement->query = ParseQuery();
    return statement;
  }
  if (token.IsKeyword("copy")) return ParseCopy();
  if (token.IsKeyword("create")) return ParseCreate();
  if (token.IsKeyword("insert")) return ParseInsert();
  if (token.IsKeyword("drop")) return ParseDrop();
  if (token.IsKeyword("explain")) return ParseExplain();
  if (token.IsKeyword("describe") || token.IsKeyword("desc")) return ParseDescribe();
  if (token.IsKeyword("set")) return ParseSet();
  if (token.IsKeyword("show")) return ParseShow();
  if (token.type == TokenType::kIdentifier) {
    for (const char* word : {"update", "delete", "alter", "merge", "attach", "pragma", "begin",
                             "commit", "rollback", "truncate", "vacuum"}) {
      if (token.text == word) Fail(token.position, "not supported: " + Upper(token.text));
    }
  }
  std::string_view text = sql_.substr(token.position, token.end - token.position);
  if (text.size() > 40) text = text.substr(0, 40);
  Fail(token.position, "unknown statement starting with \"" + std::string(text) +
                           "\": expected SELECT, WITH, VALUES, COPY, CREATE, INSERT, DROP, "
                           "EXPLAIN, DESCRIBE, SET or SHOW");
}

StatementPtr SqlParser::ParseCopy() {
  auto copy = MakeStatement<CopyStatement>(Advance().position);
  if (PeekOperator("(")) {
    size_t open = Advance().position;
    copy->query = ParseQuery();
    ExpectClose("the COPY query", open);
  } else {
    copy->table = ParseQualifiedName("a table name or '(' query ')'");
  }
  if (PeekKeyword("from")) {
    Fail(Peek().position,
         "not supported: COPY ... FROM (use INSERT INTO t SELECT * FROM read_csv('file'))");
  }
  ExpectKeyword("to");
  if (Peek().type != TokenType::kString) SyntaxError("expected a quoted output path after TO");
  copy->path = Advance().text;
  AcceptKeyword("with");
  if (PeekOperator("(")) copy->options = ParseOptionList();
  return copy;
}

std::vector<CopyOption> SqlParser::ParseOptionList() {
  size_t open = Advance().position;
  std::vector<CopyOption> options;
  if (PeekOperator(")")) {
    Advance();
    return options;
  }
  do {
    if (Peek().type != TokenType::kIdentifier && Peek().type != TokenType::kQuotedIdentifier) {
      SyntaxError("expected an option name");
    }
    CopyOption option;
    option.position = Peek().position;
    option.name = Advance().text;
    AcceptOperator("=");
    if (!PeekOperator(",") && !PeekOperator(")")) option.value = ParseOptionValue();
    options.push_back(std::move(option));
  } while (AcceptOperator(","));
  ExpectClose("the option list", open);
  return options;
}

ParsedExprPtr SqlParser::ParseOptionValue() {
  DepthGuard guard(*this, Peek().position);
  const Token& token = Peek();
  if (token.IsOperator("(")) {
    auto list = std::make_unique<ListExpr>();
    list->position = Advance().position;
    if (!PeekOperator(")")) {
      do {
        list->elements.push_back(ParseOptionValue());
      } while (AcceptOperator(","));
    }
    ExpectClose("the option value list", list->position);
    return Finish(std::move(list));
  }
  bool literal_word =
      token.IsKeyword("true") || token.IsKeyword("false") || token.IsKeyword("null");
  if ((token.type == TokenType::kIdentifier && !literal_word) ||
      token.type == TokenType::kQuotedIdentifier) {
    size_t position = token.position;
    return MakeString(Advance().text, position);
  }
  return ParseExpr();
}

StatementPtr SqlParser::ParseCreate() {
  size_t start = Advance().position;
  bool or_replace = false;
  if (AcceptKeyword("or")) {
    ExpectKeyword("replace");
    or_replace = true;
  }
  bool temporary = AcceptKeyword("temp") || AcceptKeyword("temporary");
  if (PeekKeyword("table")) return ParseCreateTable(start, or_replace, temporary);
  if (PeekKeyword("view")) return ParseCreateView(start, or_replace, temporary);
  if (Peek().type == TokenType::kIdentifier) {
    Fail(Peek().position, "not supported: CREATE " + Upper(Peek().text) +
                              " (sluice can CREATE TABLE and CREATE VIEW)");
  }
  SyntaxError("expected TABLE or VIEW after CREATE");
}

StatementPtr SqlParser::ParseCreateTable(size_t start, bool or_replace, bool temporary) {
  Advance();  // table
  auto create = MakeStatement<CreateTableStatement>(start);
  create->or_replace = or_replace;
  create->temporary = temporary;
  if (AcceptKeyword("if")) {
    ExpectKeyword("not");
    ExpectKeyword("exists");
    create->if_not_exists = true;
  }
  create->name = ParseQualifiedName("a table name");
  if (AcceptKeyword("as")) {
    create->query = ParseQuery();
    return create;
  }
  if (!PeekOperator("(")) SyntaxError("expected AS or a column list after the table name");
  if (PeekQueryStart(1)) {
    Fail(Peek().position, "expected AS before the query in CREATE TABLE ... AS (query)");
  }
  size_t open = Advance().position;
  do {
    ColumnDefinition column;
    column.position = Peek().position;
    column.name = ParseIdentifier("a column name");
    column.type = ParseTypeName();
    while (true) {
      if (PeekKeyword("not") && PeekKeyword("null", 1)) {
        pos_ += 2;
        column.not_null = true;
      } else if (AcceptKeyword("null")) {
        column.not_null = false;
      } else {
        break;
      }
    }
    if (Peek().type == TokenType::kIdentifier && !PeekOperator(",") && !PeekOperator(")")) {
      Fail(Peek().position,
           "not supported: column constraint \"" + Peek().text + "\" (only NOT NULL)");
    }
    create->columns.push_back(std::move(column));
  } while (AcceptOperator(","));
  ExpectClose("the column list", open);
  return create;
}

StatementPtr SqlParser::ParseCreateView(size_t start, bool or_replace, bool temporary) {
  Advance();  // view
  auto create = MakeStatement<CreateViewStatement>(start);
  create->or_replace = or_replace;
  create->temporary = temporary;
  if (AcceptKeyword("if")) {
    ExpectKeyword("not");
    ExpectKeyword("exists");
    create->if_not_exists = true;
  }
  create->name = ParseQualifiedName("a view name");
  if (PeekOperator("(")) create->column_aliases = ParseParenthesizedNames("column name");
  ExpectKeyword("as");
  size_t query_start = Peek().position;
  create->query = ParseQuery();
  create->query_text = std::string(sql_.substr(query_start, LastEnd() - query_start));
  return create;
}

StatementPtr SqlParser::ParseInsert() {
  auto insert = MakeStatement<InsertStatement>(Advance().position);
  ExpectKeyword("into");
  insert->table = ParseQualifiedName("a table name");
  if (PeekOperator("(") && !PeekQueryStart(1) && !PeekOperator("(", 1)) {
    insert->columns = ParseParenthesizedNames("column name");
  }
  if (PeekKeyword("default") && PeekKeyword("values", 1)) {
    Fail(Peek().position, "not supported: INSERT ... DEFAULT VALUES");
  }
  if (!PeekQueryStart() && !PeekOperator("(")) {
    SyntaxError("expected SELECT or VALUES after INSERT INTO " + insert->table.back());
  }
  insert->query = ParseQuery();
  return insert;
}

StatementPtr SqlParser::ParseDrop() {
  auto drop = MakeStatement<DropStatement>(Advance().position);
  if (AcceptKeyword("table")) {
    drop->drop_kind = DropKind::kTable;
  } else if (AcceptKeyword("view")) {
    drop->drop_kind = DropKind::kView;
  } else {
    SyntaxError("expected TABLE or VIEW after DROP");
  }
  if (AcceptKeyword("if")) {
    ExpectKeyword("exists");
    drop->if_exists = true;
  }
  drop->name =
      ParseQualifiedName(drop->drop_kind == DropKind::kTable ? "a table name" : "a view name");
  return drop;
}

StatementPtr SqlParser::ParseExplain() {
  auto explain = MakeStatement<ExplainStatement>(Advance().position);
  explain->analyze = AcceptKeyword("analyze") || AcceptKeyword("analyse");
  size_t start = Peek().position;
  explain->statement = ParseStatement();
  explain->statement->position = start;
  explain->statement->end_position = LastEnd();
  explain->statement->text = std::string(sql_.substr(start, LastEnd() - start));
  return explain;
}

StatementPtr SqlParser::ParseDescribe() {
  auto describe = MakeStatement<DescribeStatement>(Advance().position);
  if (PeekQueryStart() || PeekOperator("(")) {
    describe->query = ParseQuery();
  } else {
    describe->table = ParseQualifiedName("a table name or a query");
  }
  return describe;
}

StatementPtr SqlParser::ParseSet() {
  auto set = MakeStatement<SetStatement>(Advance().position);
  if (!AcceptKeyword("session")) {
    if (!AcceptKeyword("local")) AcceptKeyword("global");
  }
  std::vector<std::string> parts = ParseQualifiedName("a setting name");
  for (size_t i = 0; i < parts.size(); ++i) set->name += (i > 0 ? "." : "") + parts[i];
  if (!AcceptOperator("=") && !AcceptKeyword("to")) {
    SyntaxError("expected '=' or TO after SET " + set->name);
  }
  set->value = ParseOptionValue();
  return set;
}

StatementPtr SqlParser::ParseShow() {
  size_t position = Advance().position;
  if (AcceptKeyword("tables")) return MakeStatement<ShowTablesStatement>(position);
  auto describe = MakeStatement<DescribeStatement>(position);
  describe->table = ParseQualifiedName("TABLES or a table name");
  return describe;
}

}  // namespace sluice::sql
