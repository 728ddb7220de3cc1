#pragma once
// Scenario expressions and interpolated text: parsed once when a scenario is
// loaded, evaluated many times while it runs. Errors are values, never
// exceptions: parsing yields a ParseError with a byte offset, evaluation an
// EvalError with a message.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kernel/user/value.h"

namespace ipcsim::user {

struct ParseError {
  std::string message;
  std::size_t offset = 0;  // byte offset into the parsed source
};

// Where evaluation looks up `$name`. Returning a pointer lets evaluation
// read strings and lists in place instead of copying them.
class VariableScope {
 public:
  virtual const Value* find(std::string_view name) const = 0;

 protected:
  ~VariableScope() = default;
};

using TextResult = Result<std::string>;

namespace detail {
struct CompiledExpression;
class ExpressionParser;
}  // namespace detail

class Expression {
 public:
  // An expression that was never parsed; evaluating it is an error.
  Expression() = default;

  EvalResult evaluate(const VariableScope& scope) const;
  // The value, when the expression reads no variables and evaluates without
  // error (e.g. `0600`, `-1`, `"a" + 1`), so loaders can check it early.
  std::optional<Value> constant_value() const;
  // The text the expression was parsed from.
  std::string_view source() const;

 private:
  friend class detail::ExpressionParser;
  explicit Expression(std::shared_ptr<const detail::CompiledExpression> compiled)
      : compiled_(std::move(compiled)) {}

  // Immutable once built, so copies share it.
  std::shared_ptr<const detail::CompiledExpression> compiled_;
};

using ParseResult = Result<Expression, ParseError>;
ParseResult parse_expression(std::string_view source);

class Text;
using TextParseResult = Result<Text, ParseError>;
TextParseResult parse_text(std::string_view source);

// Text with `${expression}` parts. Inside `${...}` a bare name is a variable
// as well as `$name`; a `$` not followed by `{` is literal.
class Text {
 public:
  // The empty literal text.
  Text() = default;

  bool is_literal() const { return expressions_.empty(); }
  // The whole text when is_literal(); otherwise the part before the first `${`.
  const std::string& literal() const { return literals_.front(); }
  const std::string& source() const { return source_; }

  TextResult evaluate(const VariableScope& scope) const;

 private:
  friend TextParseResult parse_text(std::string_view source);

  std::string source_;
  // Interleaved: literals_[0] expressions_[0] literals_[1] ... literals_[n].
  std::vector<std::string> literals_{std::string()};
  std::vector<Expression> expressions_;
};

}  // namespace ipcsim::user
