// Lexer — splits SQL text into tokens for the parser.
//
// Identifiers: unquoted ones are folded to lower case (ASCII); "quoted" ones keep their
// case ("" escapes a quote). Keywords are not separate token types: the parser compares
// an unquoted identifier's text with the keyword it expects. Strings: 'text' ('' escape)
// and E'text' (backslash escapes). Numbers: 42, 4.2, .5, 1e-3. Comments: -- to end of
// line and /* ... */ (nested). Unterminated strings, quoted identifiers and comments are
// user_input errors naming where they started.
//
// Thread-safety: a Lexer is used by one thread; Tokenize is a pure function.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::sql {

enum class TokenType : uint8_t {
  kEnd,               // end of input (always the last token)
  kIdentifier,        // unquoted word (keyword or name), lower case in `text`
  kQuotedIdentifier,  // "Name" -> text Name
  kString,            // 'it''s' -> text it's
  kInteger,           // digits only
  kDecimal,           // with '.' or exponent
  kOperator,          // punctuation and operators: ( ) , ; + <= :: := => ...
};

struct Token {
  TokenType type = TokenType::kEnd;
  std::string text;
  size_t position = 0;  // byte offset of the first character
  size_t end = 0;       // byte offset one past the last character

  bool IsOperator(std::string_view op) const { return type == TokenType::kOperator && text == op; }
  bool IsKeyword(std::string_view keyword) const {
    return type == TokenType::kIdentifier && text == keyword;
  }
};

// Tokenizes all of `sql`; the result ends with a kEnd token at sql.size().
std::vector<Token> Tokenize(std::string_view sql);

}  // namespace sluice::sql
