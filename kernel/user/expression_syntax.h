#pragma once
// The compiled form of expressions and the lexer, shared by the parser and
// evaluator (expression.cpp) and the lexer (expression_lexer.cpp). Internal to
// kernel/user: use expression.h.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/user/expression.h"

namespace ipcsim::user::detail {

enum class Operation : std::uint8_t {
  constant, variable,                                          // leaves
  negate, logical_not, field, length, to_integer, to_string,  // one child
  add, subtract, multiply, divide, remainder, equal, not_equal,
  less, less_equal, greater, greater_equal, logical_and, logical_or, index,
};

struct ExpressionNode {
  Operation operation = Operation::constant;
  std::uint32_t left = 0;
  std::uint32_t right = 0;
  Value constant;  // the literal, or the variable / field name as a string
};

struct CompiledExpression {
  std::string source;
  std::vector<ExpressionNode> nodes;  // children before parents; the root is last
  std::optional<Value> constant;
};

// Evaluation recurses once per tree level, so the tree depth is capped at
// parse time; a scenario never needs anything close to this.
inline constexpr std::size_t max_depth = 200;

inline int child_count(Operation operation) {
  if (operation <= Operation::variable) return 0;
  return operation <= Operation::to_string ? 1 : 2;
}

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
inline bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }
inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

enum class TokenKind : std::uint8_t { end, integer, string, variable, name, symbol };

struct Token {
  TokenKind kind = TokenKind::end;
  std::size_t offset = 0;
  std::size_t length = 0;
  Value value;  // integer, decoded string, or variable / function / field name
};

using TokenResult = Result<Token, ParseError>;

struct OperatorSymbol {
  std::string_view symbol;
  Operation operation;
  int level;  // lower binds looser
};

inline constexpr int unary_level = 6;
inline constexpr std::array<OperatorSymbol, 15> operator_symbols{{
    {"||", Operation::logical_or, 0}, {"&&", Operation::logical_and, 1}, {"==", Operation::equal, 2},
    {"!=", Operation::not_equal, 2},  {"<", Operation::less, 3},         {"<=", Operation::less_equal, 3},
    {">", Operation::greater, 3},     {">=", Operation::greater_equal, 3}, {"+", Operation::add, 4},
    {"-", Operation::subtract, 4},    {"*", Operation::multiply, 5},     {"/", Operation::divide, 5},
    {"%", Operation::remainder, 5},   {"!", Operation::logical_not, unary_level},
    {"-", Operation::negate, unary_level},
}};

// Splits text[begin, end) into tokens, ending with a TokenKind::end token.
Result<std::vector<Token>, ParseError> tokenize(std::string_view text, std::size_t begin, std::size_t end);

}  // namespace ipcsim::user::detail
