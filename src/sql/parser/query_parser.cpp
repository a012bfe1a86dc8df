// SqlParser: queries (WITH, set operations, SELECT blocks, VALUES, modifiers) and the
// FROM clause (joins, base tables, table functions, subqueries).
#include "sql/parser/sql_parser.h"

namespace sluice::sql {
namespace {

bool HasModifiers(const QueryNode& q) {
  return !q.order_by.empty() || q.limit != nullptr || q.offset != nullptr;
}

// Whitespace runs outside quotes collapsed to one space.
std::string CollapseWhitespace(std::string_view text) {
  std::string out;
  char quote = 0;
  bool pending_space = false;
  for (char c : text) {
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (quote == 0 && space) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    if (quote == 0 && (c == '\'' || c == '"')) {
      quote = c;
    } else if (c == quote) {
      quote = 0;
    }
    out += c;
  }
  return out;
}

}  // namespace

std::unique_ptr<QueryNode> SqlParser::ParseQuery() {
  DepthGuard guard(*this, Peek().position);
  size_t position = Peek().position;
  std::vector<CommonTableExpr> ctes;
  if (PeekKeyword("with")) ctes = ParseWith();
  std::unique_ptr<QueryNode> body = ParseSetOperations(0);
  bool modifiers_follow =
      PeekKeyword("order") || PeekKeyword("limit") || PeekKeyword("offset") || PeekKeyword("fetch");
  if ((!ctes.empty() && !body->ctes.empty()) || (modifiers_follow && HasModifiers(*body))) {
    // `(SELECT .. LIMIT 1) LIMIT 2`: the outer modifiers apply to the inner result.
    auto wrapper = std::make_unique<SelectNode>();
    wrapper->position = body->position;
    auto star = std::make_unique<StarExpr>();
    star->position = body->position;
    wrapper->select_list.push_back(SelectItem{std::move(star), "", "*"});
    auto from = std::make_unique<SubqueryRef>();
    from->position = body->position;
    from->query = std::move(body);
    FinishTableRef(*from);
    wrapper->from = std::move(from);
    body = std::move(wrapper);
  }
  if (!ctes.empty()) body->ctes = std::move(ctes);
  ParseQueryModifiers(*body);
  body->position = std::min(body->position, position);
  FinishQuery(*body);
  return body;
}

std::vector<CommonTableExpr> SqlParser::ParseWith() {
  std::vector<CommonTableExpr> ctes;
  ExpectKeyword("with");
  if (PeekKeyword("recursive")) Fail(Peek().position, "not supported: WITH RECURSIVE");
  do {
    CommonTableExpr cte;
    cte.position = Peek().position;
    cte.name = ParseIdentifier("a name for the WITH query");
    if (PeekOperator("(")) cte.column_aliases = ParseParenthesizedNames("column name");
    ExpectKeyword("as");
    if (PeekKeyword("not") && PeekKeyword("materialized", 1)) {
      pos_ += 2;
    } else {
      AcceptKeyword("materialized");
    }
    size_t open = Peek().position;
    ExpectOperator("(", "before the WITH query");
    cte.query = ParseQuery();
    ExpectClose("the WITH query", open);
    ctes.push_back(std::move(cte));
  } while (AcceptOperator(","));
  return ctes;
}

std::unique_ptr<QueryNode> SqlParser::ParseSetOperations(int min_precedence) {
  std::unique_ptr<QueryNode> left = ParseQueryPrimary();
  while (true) {
    SetOpKind op;
    int precedence;
    if (PeekKeyword("union")) {
      op = SetOpKind::kUnion;
      precedence = 1;
    } else if (PeekKeyword("except")) {
      op = SetOpKind::kExcept;
      precedence = 1;
    } else if (PeekKeyword("intersect")) {
      op = SetOpKind::kIntersect;
      precedence = 2;
    } else {
      return left;
    }
    if (precedence < min_precedence) return left;
    auto node = std::make_unique<SetOperationNode>();
    node->position = Advance().position;
    node->op = op;
    if (AcceptKeyword("all")) {
      node->all = true;
    } else {
      AcceptKeyword("distinct");
    }
    if (PeekKeyword("by") && PeekKeyword("name", 1)) {
      Fail(Peek().position, "not supported: UNION BY NAME");
    }
    node->left = std::move(left);
    node->right = ParseSetOperations(precedence + 1);
    FinishQuery(*node);
    left = std::move(node);
  }
}

std::unique_ptr<QueryNode> SqlParser::ParseQueryPrimary() {
  if (PeekOperator("(")) {
    size_t open = Advance().position;
    std::unique_ptr<QueryNode> query = ParseQuery();
    ExpectClose("the parenthesized query", open);
    return query;
  }
  if (PeekKeyword("select")) return ParseSelect();
  if (PeekKeyword("values")) return ParseValues();
  SyntaxError("expected SELECT, VALUES or '(' to start a query");
}

std::unique_ptr<SelectNode> SqlParser::ParseSelect() {
  auto select = std::make_unique<SelectNode>();
  select->position = Advance().position;
  if (AcceptKeyword("distinct")) {
    if (PeekKeyword("on")) Fail(Peek().position, "not supported: SELECT DISTINCT ON");
    select->distinct = true;
  } else {
    AcceptKeyword("all");
  }
  ParseSelectList(*select);
  if (AcceptKeyword("from")) select->from = ParseFromList();
  if (AcceptKeyword("where")) select->where = ParseExpr();
  if (PeekKeyword("group")) ParseGroupBy(*select);
  if (AcceptKeyword("having")) select->having = ParseExpr();
  // DuckDB writes WINDOW before QUALIFY; accept either order.
  if (PeekKeyword("window")) ParseWindowClause(*select);
  if (AcceptKeyword("qualify")) select->qualify = ParseExpr();
  if (select->windows.empty() && PeekKeyword("window")) ParseWindowClause(*select);
  FinishQuery(*select);
  return select;
}

void SqlParser::ParseSelectList(SelectNode& select) {
  do {
    // DuckDB-style trailing comma: SELECT a, b, FROM t
    if (!select.select_list.empty() && (PeekKeyword("from") || Peek().type == TokenType::kEnd)) {
      break;
    }
    SelectItem item;
    size_t start = Peek().position;
    item.expr = ParseExpr();
    item.text = CollapseWhitespace(sql_.substr(start, LastEnd() - start));
    if (AcceptKeyword("as")) {
      if (Peek().type != TokenType::kIdentifier && Peek().type != TokenType::kQuotedIdentifier) {
        SyntaxError("expected a column alias after AS");
      }
      item.alias = Advance().text;
    } else if (PeekIdentifier()) {
      bare_alias_token_ = pos_;
      item.alias = Advance().text;
    }
    select.select_list.push_back(std::move(item));
  } while (AcceptOperator(","));
}

void SqlParser::ParseGroupBy(SelectNode& select) {
  Advance();  // group
  ExpectKeyword("by");
  if (AcceptKeyword("all")) {
    select.group_by_all = true;
    return;
  }
  if ((PeekKeyword("rollup") || PeekKeyword("cube")) && PeekOperator("(", 1)) {
    Fail(Peek().position, "not supported: GROUP BY ROLLUP/CUBE");
  }
  if (PeekKeyword("grouping") && PeekKeyword("sets", 1)) {
    Fail(Peek().position, "not supported: GROUP BY GROUPING SETS");
  }
  select.group_by = ParseExprList();
}

void SqlParser::ParseWindowClause(SelectNode& select) {
  Advance();  // window
  do {
    NamedWindow window;
    window.name = ParseIdentifier("a window name");
    ExpectKeyword("as");
    if (!PeekOperator("(")) SyntaxError("expected '(' to start the window definition");
    window.spec = std::move(*ParseWindowSpec());
    select.windows.push_back(std::move(window));
  } while (AcceptOperator(","));
}

std::unique_ptr<ValuesNode> SqlParser::ParseValues() {
  auto values = std::make_unique<ValuesNode>();
  values->position = Advance().position;
  size_t first_row_position = Peek().position;
  do {
    size_t open = Peek().position;
    ExpectOperator("(", "to start a VALUES row");
    std::vector<ParsedExprPtr> row = ParseExprList();
    ExpectClose("the VALUES row", open);
    if (!values->rows.empty() && row.size() != values->rows[0].size()) {
      Fail(open, "VALUES rows must all have the same number of values: this row has " +
                     std::to_string(row.size()) + ", the first row (at " +
                     Location(first_row_position) + ") has " +
                     std::to_string(values->rows[0].size()));
    }
    values->rows.push_back(std::move(row));
  } while (AcceptOperator(","));
  FinishQuery(*values);
  return values;
}

void SqlParser::ParseQueryModifiers(QueryNode& query) {
  if (AcceptKeyword("order")) {
    ExpectKeyword("by");
    if (PeekKeyword("all")) {
      query.order_by_all = true;
      query.order_by.push_back(ParseOrderItem(/*allow_all=*/true));
    } else {
      query.order_by = ParseOrderList();
    }
  }
  for (int round = 0; round < 2; ++round) {
    if (!query.limit && AcceptKeyword("limit")) {
      if (!AcceptKeyword("all")) query.limit = ParseExpr();
    } else if (!query.offset && AcceptKeyword("offset")) {
      query.offset = ParseExpr();
      if (!AcceptKeyword("rows")) AcceptKeyword("row");
    } else if (!query.limit && AcceptKeyword("fetch")) {
      if (!AcceptKeyword("first")) ExpectKeyword("next");
      query.limit = ParseExpr();
      if (!AcceptKeyword("rows")) ExpectKeyword("row");
      ExpectKeyword("only");
    }
  }
}

std::vector<OrderItem> SqlParser::ParseOrderList() {
  std::vector<OrderItem> items;
  do {
    items.push_back(ParseOrderItem(/*allow_all=*/false));
  } while (AcceptOperator(","));
  return items;
}

OrderItem SqlParser::ParseOrderItem(bool allow_all) {
  OrderItem item;
  item.position = Peek().position;
  if (allow_all && PeekKeyword("all")) {
    Advance();
  } else {
    item.expr = ParseExpr();
  }
  if (AcceptKeyword("desc")) {
    item.direction = OrderDirection::kDescending;
  } else {
    AcceptKeyword("asc");
  }
  if (AcceptKeyword("nulls")) {
    if (AcceptKeyword("first")) {
      item.nulls = NullsOrder::kFirst;
    } else {
      ExpectKeyword("last");
      item.nulls = NullsOrder::kLast;
    }
  }
  return item;
}

TableRefPtr SqlParser::ParseFromList() {
  TableRefPtr left = ParseJoinedTable();
  while (PeekOperator(",")) {
    auto join = std::make_unique<JoinRef>();
    join->position = Advance().position;
    join->type = JoinType::kCross;
    join->comma = true;
    join->left = std::move(left);
    join->right = ParseJoinedTable();
    FinishTableRef(*join);
    left = std::move(join);
  }
  return left;
}

TableRefPtr SqlParser::ParseJoinedTable() {
  TableRefPtr left = ParseTableRefPrimary();
  while (true) {
    size_t position = Peek().position;
    size_t start_index = pos_;
    bool natural = AcceptKeyword("natural");
    JoinType type = JoinType::kInner;
    if (AcceptKeyword("inner")) {
      type = JoinType::kInner;
    } else if (PeekKeyword("left") || PeekKeyword("right") || PeekKeyword("full")) {
      std::string word = Advance().text;
      type = word == "left"    ? JoinType::kLeft
             : word == "right" ? JoinType::kRight
                               : JoinType::kFull;
      AcceptKeyword("outer");
    } else if (AcceptKeyword("cross")) {
      type = JoinType::kCross;
    } else if (PeekKeyword("semi") || PeekKeyword("anti") || PeekKeyword("asof") ||
               PeekKeyword("positional")) {
      if (PeekKeyword("join", 1)) {
        Fail(Peek().position, "not supported: " + Peek().text + " join");
      }
    }
    if (!AcceptKeyword("join")) {
      if (pos_ != start_index) SyntaxError("expected JOIN");
      return left;
    }
    auto join = std::make_unique<JoinRef>();
    join->position = position;
    join->type = type;
    join->natural = natural;
    join->left = std::move(left);
    join->right = ParseTableRefPrimary();
    if (type != JoinType::kCross && !natural) {
      if (AcceptKeyword("on")) {
        join->condition = ParseExpr();
      } else if (AcceptKeyword("using")) {
        join->using_columns = ParseParenthesizedNames("column name");
      } else {
        SyntaxError("expected ON or USING for the JOIN at " + Location(position));
      }
    }
    FinishTableRef(*join);
    left = std::move(join);
  }
}

bool SqlParser::PeekParenthesizedQuery() const {
  // At '(' '(': find the group the second '(' opens; a query continues with a set
  // operation, a modifier or ')', a join with an alias or JOIN.
  if (!PeekOperator("(", 1)) return false;
  size_t i = pos_ + 1;
  while (i < tokens_.size() && tokens_[i].IsOperator("(")) ++i;
  if (i >= tokens_.size() || !(tokens_[i].IsKeyword("select") || tokens_[i].IsKeyword("with") ||
                               tokens_[i].IsKeyword("values"))) {
    return false;
  }
  int depth = 0;
  for (i = pos_ + 1; i < tokens_.size(); ++i) {
    if (tokens_[i].IsOperator("(")) ++depth;
    if (tokens_[i].IsOperator(")") && --depth == 0) break;
  }
  if (i + 1 >= tokens_.size()) return false;
  const Token& next = tokens_[i + 1];
  return next.IsOperator(")") || next.IsKeyword("union") || next.IsKeyword("except") ||
         next.IsKeyword("intersect") || next.IsKeyword("order") || next.IsKeyword("limit") ||
         next.IsKeyword("offset");
}

TableRefPtr SqlParser::ParseTableRefPrimary() {
  DepthGuard guard(*this, Peek().position);
  size_t position = Peek().position;
  if (PeekOperator("(")) {
    if (PeekQueryStart(1) || PeekParenthesizedQuery()) {
      Advance();
      auto ref = std::make_unique<SubqueryRef>();
      ref->position = position;
      ref->query = ParseQuery();
      ExpectClose("the subquery", position);
      ParseTableAlias(*ref);
      FinishTableRef(*ref);
      return ref;
    }
    Advance();
    TableRefPtr inner = ParseFromList();
    ExpectClose("the parenthesized join", position);
    return inner;
  }
  if (PeekKeyword("values")) {
    auto ref = std::make_unique<SubqueryRef>();
    ref->position = position;
    ref->query = ParseValues();
    ParseTableAlias(*ref);
    FinishTableRef(*ref);
    return ref;
  }
  if (PeekKeyword("lateral")) Fail(position, "not supported: LATERAL");
  if (Peek().type != TokenType::kIdentifier && Peek().type != TokenType::kQuotedIdentifier) {
    SyntaxError("expected a table name, table function or subquery");
  }
  return ParseNamedTableRef();
}

TableRefPtr SqlParser::ParseNamedTableRef() {
  size_t position = Peek().position;
  std::vector<std::string> name = ParseQualifiedName("a table name");
  if (PeekOperator("(")) {
    auto ref = std::make_unique<TableFunctionRef>();
    ref->position = position;
    ref->name = std::move(name);
    size_t open = Advance().position;
    ParseTableFunctionArgs(*ref, open);
    ParseTableAlias(*ref);
    FinishTableRef(*ref);
    return ref;
  }
  auto ref = std::make_unique<BaseTableRef>();
  ref->position = position;
  ref->name = std::move(name);
  if (PeekKeyword("version") && PeekKeyword("as", 1) && PeekKeyword("of", 2)) {
    pos_ += 3;
    const Token& version = Peek();
    int64_t value = 0;
    if (version.type != TokenType::kInteger || version.text.size() > 18) {
      SyntaxError("expected a version number after VERSION AS OF");
    }
    for (char c : Advance().text) value = value * 10 + (c - '0');
    ref->version = value;
  }
  ParseTableAlias(*ref);
  FinishTableRef(*ref);
  return ref;
}

void SqlParser::ParseTableFunctionArgs(TableFunctionRef& ref, size_t open_position) {
  if (!PeekOperator(")")) {
    do {
      bool named =
          (Peek().type == TokenType::kIdentifier || Peek().type == TokenType::kQuotedIdentifier) &&
          (PeekOperator("=", 1) || PeekOperator(":=", 1) || PeekOperator("=>", 1));
      if (named) {
        NamedArgument argument;
        argument.position = Peek().position;
        argument.name = Advance().text;
        Advance();
        argument.value = ParseExpr();
        ref.named_args.push_back(std::move(argument));
      } else {
        if (!ref.named_args.empty()) {
          Fail(Peek().position,
               "positional argument after named arguments in " + ref.function_name() + "()");
        }
        ref.args.push_back(ParseExpr());
      }
    } while (AcceptOperator(","));
  }
  ExpectClose("the argument list of " + ref.function_name() + "()", open_position);
}

}  // namespace sluice::sql
