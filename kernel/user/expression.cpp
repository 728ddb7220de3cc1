#include "kernel/user/expression.h"

#include "kernel/user/expression_syntax.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace ipcsim::user {
namespace detail {

namespace {

// An evaluated operand: a reference to a value that outlives the evaluation
// (a variable, a literal, or a part of one) or a freshly computed value.
// Borrowing is what keeps `len($text)` or `$list[0] == 1` from copying.
struct Operand {
  const Value* borrowed = nullptr;
  Value owned;

  const Value& get() const { return borrowed != nullptr ? *borrowed : owned; }
  // A part of this operand, borrowed when this operand is borrowed too.
  Operand part(const Value& inside) const {
    return borrowed != nullptr ? Operand{&inside, {}} : Operand{nullptr, inside};
  }
};

using OperandResult = Result<Operand>;

OperandResult owned(Value value) { return Operand{nullptr, std::move(value)}; }
OperandResult boolean(bool value) { return owned(Value(value ? 1 : 0)); }
OperandResult lift(EvalResult result) {
  if (!result) return result.error();
  return owned(std::move(result).value());
}

class Evaluator {
 public:
  Evaluator(const CompiledExpression& compiled, const VariableScope& scope) : nodes_(compiled.nodes), scope_(scope) {}

  OperandResult evaluate(std::uint32_t index) const {
    const ExpressionNode& node = nodes_[index];
    if (node.operation == Operation::constant) return Operand{&node.constant, {}};
    if (node.operation == Operation::variable) {
      const Value* value = scope_.find(node.constant.as_string());
      if (value == nullptr) return EvalError{"variable $" + node.constant.as_string() + " is not set"};
      return Operand{value, {}};
    }
    auto left = evaluate(node.left);
    if (!left) return left;
    if (child_count(node.operation) == 1) return unary(node, left.value());
    if (node.operation == Operation::logical_and || node.operation == Operation::logical_or) {
      const bool left_true = left.value().get().is_truthy();
      if (left_true == (node.operation == Operation::logical_or)) return boolean(left_true);  // short circuit
    }
    auto right = evaluate(node.right);
    if (!right) return right;
    const Value& a = left.value().get();
    const Value& b = right.value().get();
    switch (node.operation) {
      case Operation::logical_and:
      case Operation::logical_or: return boolean(b.is_truthy());
      case Operation::add: return lift(add_values(a, b));
      case Operation::equal: return boolean(a == b);
      case Operation::not_equal: return boolean(!(a == b));
      case Operation::index: return element(left.value(), b);
      case Operation::less:
      case Operation::less_equal:
      case Operation::greater:
      case Operation::greater_equal: {
        auto order = compare_values(a, b);
        if (!order) return order.error();
        if (node.operation == Operation::less) return boolean(order.value() < 0);
        if (node.operation == Operation::less_equal) return boolean(order.value() <= 0);
        if (node.operation == Operation::greater) return boolean(order.value() > 0);
        return boolean(order.value() >= 0);
      }
      default: {
        const char symbol = "-*/%"[static_cast<int>(node.operation) - static_cast<int>(Operation::subtract)];
        return lift(integer_arithmetic(symbol, a, b));
      }
    }
  }

 private:
  static OperandResult unary(const ExpressionNode& node, const Operand& operand) {
    const Value& value = operand.get();
    switch (node.operation) {
      case Operation::negate: return lift(negate_value(value));
      case Operation::logical_not: return boolean(!value.is_truthy());
      case Operation::field: {
        const std::string& name = node.constant.as_string();
        if (!value.is_map()) {
          return EvalError{"cannot read field ." + name + " of " + std::string(value.type_name()) + " (not a map)"};
        }
        const Value* field = value.find_field(name);
        return field != nullptr ? operand.part(*field) : Operand{};
      }
      case Operation::length:
        if (value.is_string()) return owned(Value(static_cast<std::int64_t>(value.as_string().size())));
        if (value.is_list()) return owned(Value(static_cast<std::int64_t>(value.items().size())));
        return EvalError{"len() needs a string or a list, got " + std::string(value.type_name())};
      case Operation::to_integer: return value.is_integer() ? operand.part(value) : lift(to_integer(value));
      default: return value.is_string() ? operand.part(value) : owned(Value(value.to_text()));
    }
  }

  static OperandResult element(const Operand& base, const Value& position) {
    const Value& value = base.get();
    if (!value.is_list() && !value.is_string()) return EvalError{"cannot index " + std::string(value.type_name())};
    if (!position.is_integer()) return EvalError{"index must be an integer, got " + std::string(position.type_name())};
    const std::int64_t at = position.as_integer();
    const std::size_t length = value.is_list() ? value.items().size() : value.as_string().size();
    if (at < 0 || static_cast<std::uint64_t>(at) >= length) {
      return EvalError{"index " + std::to_string(at) + " is out of range for " + std::string(value.type_name()) +
                       " of length " + std::to_string(length)};
    }
    const auto offset = static_cast<std::size_t>(at);
    if (value.is_list()) return base.part(value.items()[offset]);
    return owned(Value(std::string(1, value.as_string()[offset])));
  }

  const std::vector<ExpressionNode>& nodes_;
  const VariableScope& scope_;
};

class EmptyScope final : public VariableScope {
 public:
  const Value* find(std::string_view) const override { return nullptr; }
};

EvalResult evaluate_compiled(const CompiledExpression& compiled, const VariableScope& scope) {
  auto result = Evaluator(compiled, scope).evaluate(static_cast<std::uint32_t>(compiled.nodes.size() - 1));
  if (!result) return result.error();
  const Operand& operand = result.value();
  return operand.borrowed != nullptr ? *operand.borrowed : std::move(result).value().owned;
}

}  // namespace

// Recursive descent over the token list, one function per precedence level.
class ExpressionParser {
 public:
  ExpressionParser(std::string_view text, std::vector<Token> tokens, bool bare_names)
      : text_(text), tokens_(std::move(tokens)), bare_names_(bare_names) {}

  ParseResult parse(std::string_view source) {
    auto root = parse_binary(0);
    if (!root) return root.error();
    if (peek().kind != TokenKind::end) {
      return ParseError{"unexpected " + describe(peek()) + " after the end of the expression", peek().offset};
    }
    auto compiled = std::make_shared<CompiledExpression>();
    compiled->source = std::string(source);
    compiled->nodes = std::move(nodes_);
    if (!reads_variables_) {
      // Evaluate once now; a failure (`1 / 0`) is left to be reported at run time.
      auto constant = evaluate_compiled(*compiled, EmptyScope());
      if (constant) compiled->constant = std::move(constant).value();
    }
    return Expression(std::move(compiled));
  }

 private:
  using NodeResult = Result<std::uint32_t, ParseError>;

  const Token& peek() const { return tokens_[next_]; }
  const Token& advance() { return tokens_[next_ + 1 < tokens_.size() ? next_++ : next_]; }
  bool at_symbol(std::string_view symbol) const {
    return peek().kind == TokenKind::symbol && text_.substr(peek().offset, peek().length) == symbol;
  }
  const OperatorSymbol* at_operator(int level) const {
    for (const auto& candidate : operator_symbols) {
      if (candidate.level == level && at_symbol(candidate.symbol)) return &candidate;
    }
    return nullptr;
  }
  std::string describe(const Token& token) const {
    if (token.kind == TokenKind::end) return "end of expression";
    return "'" + std::string(text_.substr(token.offset, token.length)) + "'";
  }
  ParseError expected(std::string_view what) const {
    return ParseError{"expected " + std::string(what) + ", found " + describe(peek()), peek().offset};
  }
  ParseError too_deep(std::size_t offset) const { return ParseError{"expression is nested too deeply", offset}; }

  NodeResult add_node(Operation operation, std::size_t offset, std::uint32_t left = 0, std::uint32_t right = 0,
                      Value constant = Value()) {
    const int children = child_count(operation);
    std::size_t depth = 1;
    if (children >= 1) depth = std::max(depth, depths_[left] + 1);
    if (children >= 2) depth = std::max(depth, depths_[right] + 1);
    if (depth > max_depth) return too_deep(offset);
    if (operation == Operation::variable) reads_variables_ = true;
    nodes_.push_back(ExpressionNode{operation, left, right, std::move(constant)});
    depths_.push_back(depth);
    return static_cast<std::uint32_t>(nodes_.size() - 1);
  }

  NodeResult parse_binary(int level) {
    if (level == unary_level) return parse_unary();
    auto left = parse_binary(level + 1);
    while (left) {
      const OperatorSymbol* found = at_operator(level);
      if (found == nullptr) break;
      const std::size_t offset = advance().offset;
      auto right = parse_binary(level + 1);
      if (!right) return right;
      left = add_node(found->operation, offset, left.value(), right.value());
    }
    return left;
  }

  NodeResult parse_unary() {
    // Parentheses and unary operators nest the parser without deepening the tree.
    if (++nesting_ > max_depth) return too_deep(peek().offset);
    NodeResult result = parse_postfix_or_unary();
    --nesting_;
    return result;
  }

  NodeResult parse_postfix_or_unary() {
    if (const OperatorSymbol* found = at_operator(unary_level)) {
      const std::size_t offset = advance().offset;
      auto operand = parse_unary();
      if (!operand) return operand;
      return add_node(found->operation, offset, operand.value());
    }
    auto base = parse_primary();
    while (base) {
      if (at_symbol("[")) {
        const std::size_t offset = advance().offset;
        auto position = parse_binary(0);
        if (!position) return position;
        if (!at_symbol("]")) return expected("']'");
        advance();
        base = add_node(Operation::index, offset, base.value(), position.value());
      } else if (at_symbol(".")) {
        const std::size_t offset = advance().offset;
        if (peek().kind != TokenKind::name) return expected("a field name after '.'");
        base = add_node(Operation::field, offset, base.value(), 0, advance().value);
      } else {
        break;
      }
    }
    return base;
  }

  NodeResult parse_primary() {
    const Token& token = peek();
    if (token.kind == TokenKind::integer || token.kind == TokenKind::string) {
      return add_node(Operation::constant, token.offset, 0, 0, advance().value);
    }
    if (token.kind == TokenKind::variable) return add_node(Operation::variable, token.offset, 0, 0, advance().value);
    if (token.kind == TokenKind::name) {
      advance();
      if (at_symbol("(")) return parse_call(token);
      if (bare_names_) return add_node(Operation::variable, token.offset, 0, 0, token.value);
      const std::string& name = token.value.as_string();
      return ParseError{"unknown name '" + name + "' (variables are written $" + name + ")", token.offset};
    }
    if (!at_symbol("(")) return expected("a value");
    advance();
    auto inner = parse_binary(0);
    if (!inner) return inner;
    if (!at_symbol(")")) return expected("')'");
    advance();
    return inner;
  }

  NodeResult parse_call(const Token& name) {
    const std::string& function = name.value.as_string();
    static constexpr std::array<std::pair<std::string_view, Operation>, 3> functions{{
        {"len", Operation::length}, {"int", Operation::to_integer}, {"str", Operation::to_string}}};
    auto found = std::find_if(functions.begin(), functions.end(),
                              [&](const auto& candidate) { return candidate.first == function; });
    if (found == functions.end()) return ParseError{"unknown function '" + function + "'", name.offset};
    advance();  // the '('
    auto argument = parse_binary(0);
    if (!argument) return argument;
    if (at_symbol(",")) return ParseError{function + "() takes exactly one argument", peek().offset};
    if (!at_symbol(")")) return expected("')'");
    advance();
    return add_node(found->second, name.offset, argument.value());
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  std::size_t next_ = 0;
  bool bare_names_;
  bool reads_variables_ = false;
  std::size_t nesting_ = 0;
  std::vector<ExpressionNode> nodes_;
  std::vector<std::size_t> depths_;  // parallel to nodes_
};

namespace {

ParseResult parse_range(std::string_view text, std::size_t begin, std::size_t end, bool bare_names) {
  auto tokens = tokenize(text, begin, end);
  if (!tokens) return tokens.error();
  if (tokens.value().size() == 1) return ParseError{"empty expression", begin};
  return ExpressionParser(text, std::move(tokens).value(), bare_names).parse(text.substr(begin, end - begin));
}

// The `}` closing a `${` whose expression starts at `begin`, skipping quoted
// strings so that `${"}"}` works; npos when there is none.
std::size_t closing_brace(std::string_view source, std::size_t begin) {
  for (std::size_t at = begin; at < source.size(); ++at) {
    const char c = source[at];
    if (c == '}') return at;
    if (c != '"' && c != '\'') continue;
    for (++at; at < source.size() && source[at] != c; ++at) {
      if (source[at] == '\\') ++at;
    }
    if (at >= source.size()) return std::string_view::npos;
  }
  return std::string_view::npos;
}

}  // namespace
}  // namespace detail

EvalResult Expression::evaluate(const VariableScope& scope) const {
  if (!compiled_) return EvalError{"expression was never parsed"};
  if (compiled_->constant) return *compiled_->constant;
  return detail::evaluate_compiled(*compiled_, scope);
}

std::optional<Value> Expression::constant_value() const {
  if (!compiled_) return std::nullopt;
  return compiled_->constant;
}

std::string_view Expression::source() const { return compiled_ ? std::string_view(compiled_->source) : ""; }

ParseResult parse_expression(std::string_view source) { return detail::parse_range(source, 0, source.size(), false); }

TextParseResult parse_text(std::string_view source) {
  Text text;
  text.source_ = std::string(source);
  std::size_t position = 0;
  while (position < source.size()) {
    const std::size_t start = source.find("${", position);
    if (start == std::string_view::npos) {
      text.literals_.back() += source.substr(position);
      break;
    }
    text.literals_.back() += source.substr(position, start - position);
    const std::size_t close = detail::closing_brace(source, start + 2);
    if (close == std::string_view::npos) return ParseError{"unterminated ${", start};
    auto expression = detail::parse_range(source, start + 2, close, true);
    if (!expression) return expression.error();
    text.expressions_.push_back(std::move(expression).value());
    text.literals_.emplace_back();
    position = close + 1;
  }
  return text;
}

TextResult Text::evaluate(const VariableScope& scope) const {
  if (is_literal()) return literals_.front();
  std::string out = literals_.front();
  for (std::size_t part = 0; part < expressions_.size(); ++part) {
    auto value = expressions_[part].evaluate(scope);
    if (!value) return value.error();
    value.value().append_text(out);
    out += literals_[part + 1];
  }
  return out;
}

}  // namespace ipcsim::user
