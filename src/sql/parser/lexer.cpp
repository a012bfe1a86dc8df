#include "sql/parser/lexer.h"

#include "common/error.h"
#include "sql/parser/sql_error.h"

namespace sluice::sql {
namespace {

bool IsIdentStart(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
bool IsIdentChar(unsigned char c) {
  return IsIdentStart(c) || (c >= '0' && c <= '9') || c == '$';
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

class Lexer {
 public:
  explicit Lexer(std::string_view sql) : sql_(sql) {}

  std::vector<Token> Run() {
    std::vector<Token> tokens;
    while (true) {
      SkipSpaceAndComments();
      if (pos_ >= sql_.size()) break;
      tokens.push_back(Next());
    }
    Token end;
    end.type = TokenType::kEnd;
    end.position = end.end = sql_.size();
    tokens.push_back(std::move(end));
    return tokens;
  }

 private:
  [[noreturn]] void Fail(size_t position, std::string_view message) const {
    throw Error::UserInput("{}", FormatSqlError(sql_, position, message));
  }

  char Peek(size_t ahead = 0) const {
    return pos_ + ahead < sql_.size() ? sql_[pos_ + ahead] : '\0';
  }

  void SkipSpaceAndComments() {
    while (pos_ < sql_.size()) {
      char c = sql_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        ++pos_;
      } else if (c == '-' && Peek(1) == '-') {
        while (pos_ < sql_.size() && sql_[pos_] != '\n') ++pos_;
      } else if (c == '/' && Peek(1) == '*') {
        SkipBlockComment();
      } else {
        break;
      }
    }
  }

  void SkipBlockComment() {
    size_t start = pos_;
    int nesting = 0;
    while (pos_ < sql_.size()) {
      if (sql_[pos_] == '/' && Peek(1) == '*') {
        ++nesting;
        pos_ += 2;
      } else if (sql_[pos_] == '*' && Peek(1) == '/') {
        pos_ += 2;
        if (--nesting == 0) return;
      } else {
        ++pos_;
      }
    }
    Fail(start, "unterminated /* comment started at " + SqlLocation(sql_, start));
  }

  Token Make(TokenType type, std::string text, size_t start) const {
    Token t;
    t.type = type;
    t.text = std::move(text);
    t.position = start;
    t.end = pos_;
    return t;
  }

  Token Next() {
    size_t start = pos_;
    char c = sql_[pos_];
    if ((c == 'e' || c == 'E') && Peek(1) == '\'') {
      ++pos_;
      return LexString(start, /*backslash_escapes=*/true);
    }
    if (IsIdentStart(static_cast<unsigned char>(c))) {
      std::string text;
      while (pos_ < sql_.size() && IsIdentChar(static_cast<unsigned char>(sql_[pos_]))) {
        char ch = sql_[pos_++];
        text.push_back(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch);
      }
      return Make(TokenType::kIdentifier, std::move(text), start);
    }
    if (IsDigit(c) || (c == '.' && IsDigit(Peek(1)))) return LexNumber(start);
    if (c == '\'') return LexString(start, /*backslash_escapes=*/false);
    if (c == '"') return LexQuotedIdentifier(start);
    return LexOperator(start);
  }

  Token LexNumber(size_t start) {
    bool decimal = false;
    while (IsDigit(Peek())) ++pos_;
    if (Peek() == '.' && Peek(1) != '.') {
      decimal = true;
      ++pos_;
      while (IsDigit(Peek())) ++pos_;
    }
    if ((Peek() == 'e' || Peek() == 'E') &&
        (IsDigit(Peek(1)) || ((Peek(1) == '+' || Peek(1) == '-') && IsDigit(Peek(2))))) {
      decimal = true;
      pos_ += 2;
      while (IsDigit(Peek())) ++pos_;
    }
    return Make(decimal ? TokenType::kDecimal : TokenType::kInteger,
                std::string(sql_.substr(start, pos_ - start)), start);
  }

  Token LexString(size_t start, bool backslash_escapes) {
    ++pos_;  // opening quote
    std::string text;
    while (true) {
      if (pos_ >= sql_.size()) {
        Fail(start, "unterminated string literal started at " + SqlLocation(sql_, start));
      }
      char ch = sql_[pos_++];
      if (ch == '\'') {
        if (Peek() == '\'') {
          text.push_back('\'');
          ++pos_;
          continue;
        }
        break;
      }
      if (ch == '\\' && backslash_escapes && pos_ < sql_.size()) {
        char e = sql_[pos_++];
        switch (e) {
          case 'n': text.push_back('\n'); break;
          case 't': text.push_back('\t'); break;
          case 'r': text.push_back('\r'); break;
          case 'b': text.push_back('\b'); break;
          case 'f': text.push_back('\f'); break;
          case '0': text.push_back('\0'); break;
          default: text.push_back(e); break;
        }
        continue;
      }
      text.push_back(ch);
    }
    return Make(TokenType::kString, std::move(text), start);
  }

  Token LexQuotedIdentifier(size_t start) {
    ++pos_;
    std::string text;
    while (true) {
      if (pos_ >= sql_.size()) {
        Fail(start, "unterminated quoted identifier started at " + SqlLocation(sql_, start));
      }
      char ch = sql_[pos_++];
      if (ch == '"') {
        if (Peek() == '"') {
          text.push_back('"');
          ++pos_;
          continue;
        }
        break;
      }
      text.push_back(ch);
    }
    if (text.empty()) Fail(start, "zero-length quoted identifier");
    return Make(TokenType::kQuotedIdentifier, std::move(text), start);
  }

  Token LexOperator(size_t start) {
    static constexpr std::string_view kTwoChar[] = {
        "//", "||", "==", "<>", "!=", "<=", ">=", "::", ":=", "=>"};
    if (pos_ + 1 < sql_.size()) {
      std::string_view two = sql_.substr(pos_, 2);
      for (std::string_view op : kTwoChar) {
        if (two == op) {
          pos_ += 2;
          return Make(TokenType::kOperator, std::string(op), start);
        }
      }
    }
    char c = sql_[pos_];
    static constexpr std::string_view kOneChar = "+-*/%=<>(),.;[]{}:";
    if (kOneChar.find(c) != std::string_view::npos) {
      ++pos_;
      return Make(TokenType::kOperator, std::string(1, c), start);
    }
    unsigned char uc = static_cast<unsigned char>(c);
    if (uc < 0x20 || uc == 0x7f) {
      Fail(start, "unexpected character (byte 0x" + fmt::format("{:02x}", uc) + ")");
    }
    Fail(start, std::string("unexpected character '") + c + "'");
  }

  std::string_view sql_;
  size_t pos_ = 0;
};

}  // namespace

std::vector<Token> Tokenize(std::string_view sql) {
  return Lexer(sql).Run();
}

}  // namespace sluice::sql
