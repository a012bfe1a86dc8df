#include "pipeline/sql_references.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace sluice::pipeline {
namespace {

struct Token {
  enum class Kind { kWord, kQuoted, kSymbol };
  Kind kind;
  std::string text;  // words lower-cased; quoted identifiers without quotes
};

std::vector<Token> Tokenize(std::string_view sql) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    auto u = static_cast<unsigned char>(c);
    if (std::isspace(u)) {
      i++;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      while (i < sql.size() && sql[i] != '\n') i++;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      size_t end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else if (c == '\'') {
      i++;
      while (i < sql.size()) {
        if (sql[i] == '\'' && i + 1 < sql.size() && sql[i + 1] == '\'') {
          i += 2;
        } else if (sql[i] == '\'') {
          i++;
          break;
        } else {
          i++;
        }
      }
      tokens.push_back({Token::Kind::kSymbol, "'"});  // a literal: only its position matters
    } else if (c == '"' || c == '`') {
      size_t end = sql.find(c, i + 1);
      if (end == std::string_view::npos) end = sql.size();
      std::string text(sql.substr(i + 1, end - i - 1));
      std::transform(text.begin(), text.end(), text.begin(),
                     [](unsigned char ch) { return std::tolower(ch); });
      tokens.push_back({Token::Kind::kQuoted, text});
      i = end + 1;
    } else if (std::isalpha(u) || c == '_') {
      size_t start = i;
      while (i < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_'))
        i++;
      std::string text(sql.substr(start, i - start));
      std::transform(text.begin(), text.end(), text.begin(),
                     [](unsigned char ch) { return std::tolower(ch); });
      tokens.push_back({Token::Kind::kWord, text});
    } else {
      tokens.push_back({Token::Kind::kSymbol, std::string(1, c)});
      i++;
    }
  }
  return tokens;
}

bool IsIdentifier(const Token& t) {
  return t.kind != Token::Kind::kSymbol;
}
bool Is(const std::vector<Token>& tokens, size_t i, std::string_view text) {
  return i < tokens.size() && tokens[i].kind != Token::Kind::kQuoted && tokens[i].text == text;
}

// Words that end a FROM list. (ON and USING do not: `JOIN b ON x, c` continues the list.)
const std::set<std::string>& ClauseWords() {
  static const std::set<std::string> words = {"where",  "group",   "order",     "having", "limit",
                                              "offset", "union",   "intersect", "except", "select",
                                              "window", "qualify", "returning", "values", "set"};
  return words;
}

// Functions whose argument syntax contains FROM.
bool HasFromInArguments(const std::string& name) {
  return name == "extract" || name == "substring" || name == "trim" || name == "overlay" ||
         name == "position";
}

}  // namespace

SqlTableReferences FindTableReferences(std::string_view sql) {
  std::vector<Token> tokens = Tokenize(sql);
  std::set<std::string> ctes;
  // WITH [RECURSIVE] name [(cols)] AS (...), name AS (...)
  for (size_t i = 0; i + 1 < tokens.size(); i++) {
    if (!IsIdentifier(tokens[i])) continue;
    bool after_with = i > 0 && (Is(tokens, i - 1, "with") || Is(tokens, i - 1, "recursive"));
    bool after_comma = i > 0 && Is(tokens, i - 1, ",");
    size_t next = i + 1;
    if (Is(tokens, next, "(")) {  // a column list
      int depth = 0;
      for (; next < tokens.size(); next++) {
        if (Is(tokens, next, "(")) depth++;
        if (Is(tokens, next, ")") && --depth == 0) break;
      }
      next++;
    }
    if ((after_with || after_comma) && Is(tokens, next, "as") && Is(tokens, next + 1, "(")) {
      ctes.insert(tokens[i].text);
    }
  }

  SqlTableReferences refs;
  struct Paren {
    bool function_from;  // EXTRACT(... FROM ...): FROM is not a clause here
    bool outer_in_from;  // in_from of the enclosing level, restored at ')'
  };
  std::vector<Paren> parens;
  bool in_from = false;       // inside a FROM list at the current depth
  bool expect_table = false;  // the next identifier is in table position
  for (size_t i = 0; i < tokens.size(); i++) {
    const Token& t = tokens[i];
    if (Is(tokens, i, "(")) {
      bool function_from = i > 0 && tokens[i - 1].kind == Token::Kind::kWord &&
                           HasFromInArguments(tokens[i - 1].text);
      parens.push_back({function_from, in_from});
      expect_table = false;
      in_from = false;
      continue;
    }
    if (Is(tokens, i, ")")) {
      if (!parens.empty()) {
        in_from = parens.back().outer_in_from;
        parens.pop_back();
      }
      expect_table = false;
      continue;
    }
    bool inside_function_from = !parens.empty() && parens.back().function_from;
    if ((Is(tokens, i, "from") && !inside_function_from) || Is(tokens, i, "join")) {
      in_from = true;
      expect_table = true;
      continue;
    }
    if (Is(tokens, i, ",") && in_from) {
      expect_table = true;
      continue;
    }
    if (t.kind == Token::Kind::kWord && ClauseWords().count(t.text) > 0) {
      in_from = false;
      expect_table = false;
      continue;
    }
    if (Is(tokens, i, "lateral") || Is(tokens, i, "only")) continue;
    if (expect_table && IsIdentifier(t)) {
      expect_table = false;
      if (Is(tokens, i + 1, "(")) continue;  // a table function
      if (Is(tokens, i + 1, ".") && i + 2 < tokens.size() && IsIdentifier(tokens[i + 2])) {
        std::string qualified = t.text + "." + tokens[i + 2].text;
        if (std::find(refs.qualified_names.begin(), refs.qualified_names.end(), qualified) ==
            refs.qualified_names.end()) {
          refs.qualified_names.push_back(qualified);
        }
        i += 2;
        continue;
      }
      if (ctes.count(t.text) == 0 &&
          std::find(refs.names.begin(), refs.names.end(), t.text) == refs.names.end()) {
        refs.names.push_back(t.text);
      }
      continue;
    }
    expect_table = false;
  }
  return refs;
}

}  // namespace sluice::pipeline
