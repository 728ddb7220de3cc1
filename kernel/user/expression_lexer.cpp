// The expression lexer: characters to tokens, with the byte offset of each
// so a parse error can name its column.
#include "kernel/user/expression_syntax.h"

namespace ipcsim::user::detail {
namespace {

// Each lex_* reads one token starting at `at` and leaves `at` just past it.
TokenResult lex_integer(std::string_view text, std::size_t& at, std::size_t end) {
  const std::size_t start = at;
  while (at < end && is_digit(text[at])) ++at;
  if (at < end && is_name_char(text[at])) return ParseError{"invalid integer literal", start};
  // A leading 0 means octal, as in C, so permissions read naturally: 0600.
  const int base = (at - start > 1 && text[start] == '0') ? 8 : 10;
  std::int64_t value = 0;
  for (std::size_t digit_at = start; digit_at < at; ++digit_at) {
    const int digit = text[digit_at] - '0';
    if (digit >= base) return ParseError{"invalid digit in octal literal", digit_at};
    if (__builtin_mul_overflow(value, base, &value) || __builtin_add_overflow(value, digit, &value)) {
      return ParseError{"integer literal is too large", start};
    }
  }
  return Token{TokenKind::integer, start, 0, Value(value)};
}

TokenResult lex_string(std::string_view text, std::size_t& at, std::size_t end) {
  const std::size_t start = at;
  const char quote = text[at++];
  std::string decoded;
  while (at < end && text[at] != quote) {
    if (text[at] != '\\') {
      decoded += text[at++];
      continue;
    }
    if (++at >= end) break;
    switch (text[at++]) {
      case 'n': decoded += '\n'; break;
      case 't': decoded += '\t'; break;
      case '\\': decoded += '\\'; break;
      case '"': decoded += '"'; break;
      case '\'': decoded += '\''; break;
      default: return ParseError{"unknown escape sequence in string literal", at - 2};
    }
  }
  if (at >= end) return ParseError{"unterminated string literal", start};
  ++at;
  return Token{TokenKind::string, start, 0, Value(std::move(decoded))};
}

TokenResult lex_token(std::string_view text, std::size_t& at, std::size_t end) {
  const std::size_t start = at;
  const char c = text[at];
  if (is_digit(c)) return lex_integer(text, at, end);
  if (c == '"' || c == '\'') return lex_string(text, at, end);
  const bool is_variable = c == '$';
  if (is_variable && (at + 1 >= end || !is_name_start(text[at + 1]))) {
    return ParseError{"expected a variable name after '$'", at};
  }
  if (is_variable || is_name_start(c)) {
    at += is_variable ? 1 : 0;
    const std::size_t name_start = at;
    while (at < end && is_name_char(text[at])) ++at;
    Value name(std::string(text.substr(name_start, at - name_start)));
    return Token{is_variable ? TokenKind::variable : TokenKind::name, start, 0, std::move(name)};
  }
  static constexpr std::array<std::string_view, 6> pairs{"||", "&&", "==", "!=", "<=", ">="};
  for (std::string_view pair : pairs) {
    if (text.substr(at, std::min<std::size_t>(2, end - at)) == pair) {
      at += 2;
      return Token{TokenKind::symbol, start, 0, Value()};
    }
  }
  if (std::string_view("+-*/%!<>()[].,").find(c) == std::string_view::npos) {
    return ParseError{"unexpected character '" + std::string(1, c) + "'", at};
  }
  ++at;
  return Token{TokenKind::symbol, start, 0, Value()};
}

}  // namespace

Result<std::vector<Token>, ParseError> tokenize(std::string_view text, std::size_t begin, std::size_t end) {
  std::vector<Token> tokens;
  for (std::size_t at = begin;;) {
    while (at < end && is_space(text[at])) ++at;
    if (at >= end) break;
    auto token = lex_token(text, at, end);
    if (!token) return token.error();
    token.value().length = at - token.value().offset;
    tokens.push_back(std::move(token).value());
  }
  tokens.push_back(Token{TokenKind::end, end, 0, Value()});
  return tokens;
}

}  // namespace ipcsim::user::detail
