#include <doctest/doctest.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "kernel/user/expression.h"
#include "kernel/user/value.h"

namespace ipcsim::user {
namespace {

class MapScope final : public VariableScope {
 public:
  MapScope() = default;
  MapScope(std::initializer_list<std::pair<const std::string, Value>> values) : values_(values) {}
  const Value* find(std::string_view name) const override {
    auto found = values_.find(name);
    return found == values_.end() ? nullptr : &found->second;
  }
  void set(const std::string& name, Value value) { values_[name] = std::move(value); }

 private:
  std::map<std::string, Value, std::less<>> values_;
};

const MapScope& default_scope() {
  static const MapScope scope{
      {"n", Value(41)},
      {"m", Value(std::string("hello"))},
      {"list", Value::list({Value(1), Value(std::string("a")), Value::list({Value(2)})})},
      {"status", Value::exit_status(3)},
      {"killed", Value::signal_status("SIGPIPE")},
      {"info", Value::map({{"nattch", Value(2)}, {"key", Value(std::string("k"))}})},
      {"empty", Value(std::string())},
  };
  return scope;
}

// Parses and evaluates; a parse or evaluation error becomes a failed CHECK
// and an "<error: ...>" string so the comparison that follows fails visibly.
Value eval(std::string_view source, const VariableScope& scope = default_scope()) {
  auto parsed = parse_expression(source);
  if (!parsed) {
    FAIL_CHECK("parse error in '" << source << "': " << parsed.error().message);
    return Value(std::string("<parse error>"));
  }
  auto result = parsed.value().evaluate(scope);
  if (!result) {
    FAIL_CHECK("eval error in '" << source << "': " << result.error().message);
    return Value(std::string("<error: ") + result.error().message + ">");
  }
  return result.value();
}

// The message of the runtime error `source` must produce ("" if it did not).
std::string eval_error(std::string_view source, const VariableScope& scope = default_scope()) {
  auto parsed = parse_expression(source);
  REQUIRE_MESSAGE(parsed.ok(), "parse error in '" << source << "'");
  auto result = parsed.value().evaluate(scope);
  return result ? std::string() : result.error().message;
}

std::string text(std::string_view source, const VariableScope& scope = default_scope()) {
  auto parsed = parse_text(source);
  REQUIRE_MESSAGE(parsed.ok(), "text parse error in '" << source << "'");
  auto result = parsed.value().evaluate(scope);
  REQUIRE_MESSAGE(result.ok(), "text eval error in '" << source << "'");
  return result.value();
}

}  // namespace
}  // namespace ipcsim::user

namespace doctest {
template <>
struct StringMaker<ipcsim::user::Value> {
  static String convert(const ipcsim::user::Value& value) {
    return String(("Value(" + std::string(value.type_name()) + " " + value.to_text() + ")").c_str());
  }
};
}  // namespace doctest

namespace ipcsim::user {
namespace {

TEST_SUITE("expression") {
  TEST_CASE("value basics") {
    CHECK(Value().is_string());
    CHECK(Value().as_string().empty());
    CHECK(Value(7).as_integer() == 7);
    CHECK(Value(7) != Value(std::string("7")));
    CHECK(Value::list({Value(1)}) == Value::list({Value(1)}));
    CHECK(Value::list({Value(1)}) != Value::list({Value(2)}));
    CHECK(Value::exit_status(0).field("code") == Value(0));
    CHECK(Value::exit_status(0).field("signal") == Value());
    CHECK(Value::signal_status("SIGKILL").field("signal") == Value(std::string("SIGKILL")));
    CHECK(Value::map({{"a", Value(1)}, {"a", Value(2)}}).field("a") == Value(2));
  }

  TEST_CASE("printing") {
    CHECK(Value(-12).to_text() == "-12");
    CHECK(Value(std::string("plain")).to_text() == "plain");
    CHECK(Value::list({Value(1), Value(std::string("a")), Value::list({Value(2)})}).to_text() == "[1, \"a\", [2]]");
    CHECK(Value::list({}).to_text() == "[]");
    CHECK(Value::list({Value(std::string("q\"b\\"))}).to_text() == R"(["q\"b\\"])");
    CHECK(Value::exit_status(0).to_text() == "exit 0");
    CHECK(Value::signal_status("SIGPIPE").to_text() == "signal SIGPIPE");
    CHECK(Value::map({{"b", Value(std::string("x"))}, {"a", Value(1)}}).to_text() == "{a: 1, b: \"x\"}");
    CHECK(Value::list({Value::exit_status(1)}).to_text() == "[exit 1]");
  }

  TEST_CASE("literals") {
    CHECK(eval("42") == Value(42));
    CHECK(eval("0") == Value(0));
    CHECK(eval("0600") == Value(384));
    CHECK(eval("010") == Value(8));
    CHECK(eval(R"("a\n\t\\\"\'")") == Value(std::string("a\n\t\\\"'")));
    CHECK(eval(R"('say "hi"')") == Value(std::string("say \"hi\"")));
    CHECK(eval("9223372036854775807") == Value(INT64_MAX));
  }

  TEST_CASE("precedence and associativity") {
    CHECK(eval("1 + 2 * 3") == Value(7));
    CHECK(eval("(1 + 2) * 3") == Value(9));
    CHECK(eval("10 - 4 - 3") == Value(3));
    CHECK(eval("100 / 10 / 5") == Value(2));
    CHECK(eval("1 + 2 == 3") == Value(1));
    CHECK(eval("1 < 2 == 1") == Value(1));
    CHECK(eval("1 || 0 && 0") == Value(1));
    CHECK(eval("-2 * 3") == Value(-6));
    CHECK(eval("!0 + 1") == Value(2));
    CHECK(eval("- -3") == Value(3));
    CHECK(eval("7 % 4 * 2") == Value(6));
  }

  TEST_CASE("integer division truncates toward zero") {
    CHECK(eval("-7 / 2") == Value(-3));
    CHECK(eval("-7 % 2") == Value(-1));
    CHECK(eval("7 / -2") == Value(-3));
    CHECK(eval("7 % -2") == Value(1));
    CHECK(eval_error("1 / 0") == "division by zero");
    CHECK(eval_error("1 % 0") == "division by zero");
    CHECK(eval_error("$n / ($n - 41)") == "division by zero");
  }

  TEST_CASE("overflow is an error") {
    CHECK(eval_error("9223372036854775807 + 1").find("overflow") != std::string::npos);
    CHECK(eval_error("-9223372036854775807 - 2").find("overflow") != std::string::npos);
    CHECK(eval_error("4611686018427387904 * 2").find("overflow") != std::string::npos);
    CHECK(eval_error("(-9223372036854775807 - 1) / -1").find("overflow") != std::string::npos);
    CHECK(eval_error("-(-9223372036854775807 - 1)").find("overflow") != std::string::npos);
    CHECK(eval("(-9223372036854775807 - 1) % -1") == Value(0));
    CHECK_FALSE(parse_expression("9223372036854775808").ok());
  }

  TEST_CASE("plus joins strings and lists") {
    CHECK(eval("'n=' + 5") == Value(std::string("n=5")));
    CHECK(eval("5 + 'x'") == Value(std::string("5x")));
    CHECK(eval("$m + ' ' + $n") == Value(std::string("hello 41")));
    CHECK(eval("'s: ' + $status") == Value(std::string("s: exit 3")));
    CHECK(eval("$list + $list") == Value::list({Value(1), Value(std::string("a")), Value::list({Value(2)}), Value(1),
                                                Value(std::string("a")), Value::list({Value(2)})}));
    CHECK(eval_error("$list + 1") == "cannot add list and integer");
    CHECK(eval_error("'a' - 1") == "operator - needs integers, got string and integer");
    CHECK_FALSE(eval_error("'a' * 2").empty());
    CHECK_FALSE(eval_error("-'a'").empty());
  }

  TEST_CASE("equality and ordering") {
    CHECK(eval("'1' == 1") == Value(0));
    CHECK(eval("'1' != 1") == Value(1));
    CHECK(eval("$list == $list") == Value(1));
    CHECK(eval("$status == $status") == Value(1));
    CHECK(eval("'abc' < 'abd'") == Value(1));
    CHECK(eval("'b' > 'abc'") == Value(1));
    CHECK(eval("'' <= ''") == Value(1));
    CHECK(eval("2 >= 3") == Value(0));
    CHECK(eval("-1 < 0") == Value(1));
    CHECK(eval_error("'1' < 2") == "cannot order string and integer");
    CHECK_FALSE(eval_error("$list < $list").empty());
  }

  TEST_CASE("logic and truthiness") {
    CHECK(eval("!0") == Value(1));
    CHECK(eval("!5") == Value(0));
    CHECK(eval("!''") == Value(1));
    CHECK(eval("!$m") == Value(0));
    CHECK(eval("$list && 7") == Value(1));
    CHECK(eval("0 && $unset") == Value(0));
    CHECK(eval("1 || $unset") == Value(1));
    CHECK(eval("$empty || 0") == Value(0));
    CHECK(eval("$m && 'x'") == Value(1));
    CHECK(eval_error("1 && $unset") == "variable $unset is not set");
  }

  TEST_CASE("variables, indexing and fields") {
    CHECK(eval("$n") == Value(41));
    CHECK(eval("$list[0]") == Value(1));
    CHECK(eval("$list[1]") == Value(std::string("a")));
    CHECK(eval("$list[2][0]") == Value(2));
    CHECK(eval("$m[1]") == Value(std::string("e")));
    CHECK(eval("$m[$list[0] + 3]") == Value(std::string("o")));
    CHECK(eval_error("$list[3]") == "index 3 is out of range for list of length 3");
    CHECK(eval_error("$m[-1]") == "index -1 is out of range for string of length 5");
    CHECK_FALSE(eval_error("$n[0]").empty());
    CHECK_FALSE(eval_error("$list['0']").empty());
    CHECK(eval("$status.code") == Value(3));
    CHECK(eval("$status.signal") == Value());
    CHECK(eval("$killed.signal") == Value(std::string("SIGPIPE")));
    CHECK(eval("$killed.code == ''") == Value(1));
    CHECK(eval("$info.nattch + 1") == Value(3));
    CHECK(eval("$info.missing") == Value());
    CHECK(eval_error("$n.code") == "cannot read field .code of integer (not a map)");
    CHECK(eval_error("$x") == "variable $x is not set");
  }

  TEST_CASE("functions") {
    CHECK(eval("len($m)") == Value(5));
    CHECK(eval("len($list)") == Value(3));
    CHECK(eval("len('')") == Value(0));
    CHECK_FALSE(eval_error("len(3)").empty());
    CHECK(eval("int('42')") == Value(42));
    CHECK(eval("int('-17')") == Value(-17));
    CHECK(eval("int('+8')") == Value(8));
    CHECK(eval("int('010')") == Value(10));
    CHECK(eval("int(5)") == Value(5));
    CHECK(eval("int('-9223372036854775808')") == Value(INT64_MIN));
    CHECK_FALSE(eval_error("int('12a')").empty());
    CHECK_FALSE(eval_error("int('')").empty());
    CHECK_FALSE(eval_error("int('-')").empty());
    CHECK_FALSE(eval_error("int('9223372036854775808')").empty());
    CHECK_FALSE(eval_error("int($list)").empty());
    CHECK(eval("str(12) + 3") == Value(std::string("123")));
    CHECK(eval("str($list)") == Value(std::string("[1, \"a\", [2]]")));
    CHECK(eval("str($status)") == Value(std::string("exit 3")));
    CHECK(eval("len(str($n))") == Value(2));
  }

  TEST_CASE("parse errors carry offsets") {
    struct Case {
      const char* source;
      std::size_t offset;
    };
    const Case cases[] = {
        {"1 +", 3},     {"$x $y", 3},  {"", 0},         {"   ", 0},       {"(1", 2},
        {"1 2", 2},     {"'abc", 0},   {"$", 0},        {"1 = 2", 2},     {"$a.", 3},
        {"foo(1)", 0},  {"x + 1", 0},  {"len(1, 2)", 5}, {"089", 1},      {"12ab", 0},
        {"$l[1", 4},    {"'\\q'", 1},  {"1 + )", 4},    {"& 1", 0},
    };
    for (const Case& item : cases) {
      auto parsed = parse_expression(item.source);
      const std::string source = item.source;
      CAPTURE(source);
      REQUIRE_FALSE(parsed.ok());
      CHECK(parsed.error().offset == item.offset);
      CHECK_FALSE(parsed.error().message.empty());
    }
    CHECK(parse_expression("").error().message == "empty expression");
    CHECK(parse_expression("1 +").error().message == "expected a value, found end of expression");
  }

  TEST_CASE("deep nesting is refused, not a crash") {
    std::string deep(10000, '(');
    CHECK_FALSE(parse_expression(deep + "1").ok());
    std::string chain = "1";
    for (int i = 0; i < 10000; ++i) chain += " + 1";
    CHECK_FALSE(parse_expression(chain).ok());
    CHECK(eval("((((((((((1))))))))))") == Value(1));
  }

  TEST_CASE("constant values and source") {
    auto parsed = parse_expression(" 0600 ");
    REQUIRE(parsed.ok());
    CHECK(parsed.value().constant_value() == Value(384));
    CHECK(parsed.value().source() == " 0600 ");
    CHECK(parse_expression("-1").value().constant_value() == Value(-1));
    CHECK(parse_expression("'a' + 1").value().constant_value() == Value(std::string("a1")));
    CHECK_FALSE(parse_expression("$n + 1").value().constant_value().has_value());
    CHECK_FALSE(parse_expression("1 / 0").value().constant_value().has_value());
    CHECK_FALSE(Expression().constant_value().has_value());
    CHECK_FALSE(Expression().evaluate(default_scope()).ok());
  }

  TEST_CASE("expressions are copyable and reusable") {
    auto parsed = parse_expression("$n * 2");
    REQUIRE(parsed.ok());
    const Expression copy = parsed.value();
    MapScope scope{{"n", Value(5)}};
    CHECK(copy.evaluate(scope).value() == Value(10));
    scope.set("n", Value(6));
    CHECK(copy.evaluate(scope).value() == Value(12));
    CHECK(parsed.value().evaluate(scope).value() == Value(12));
  }

  TEST_CASE("text interpolation") {
    CHECK(text("got ${m}!") == "got hello!");
    CHECK(text("${$n + 1}") == "42");
    CHECK(text("${info.nattch}") == "2");
    CHECK(text("${len(m)} chars") == "5 chars");
    CHECK(text("${list}") == "[1, \"a\", [2]]");
    CHECK(text("${status} / ${killed}") == "exit 3 / signal SIGPIPE");
    CHECK(text("${'}'}") == "}");
    CHECK(text("cost $5 and $n") == "cost $5 and $n");
    CHECK(text("a${m}b${n}c") == "ahellob41c");
    CHECK(text("") == "");

    auto literal = parse_text("no interpolation $here");
    REQUIRE(literal.ok());
    CHECK(literal.value().is_literal());
    CHECK(literal.value().literal() == "no interpolation $here");
    CHECK(literal.value().source() == "no interpolation $here");
    auto interpolated = parse_text("x${n}");
    REQUIRE(interpolated.ok());
    CHECK_FALSE(interpolated.value().is_literal());
    CHECK(Text().is_literal());
    CHECK(Text().literal().empty());
  }

  TEST_CASE("text errors") {
    auto unterminated = parse_text("abc ${m");
    REQUIRE_FALSE(unterminated.ok());
    CHECK(unterminated.error().offset == 4);
    auto bad = parse_text("ab ${1 +}");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().offset == 8);
    auto empty = parse_text("x${}");
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().message == "empty expression");
    CHECK(empty.error().offset == 3);
    CHECK_FALSE(parse_text("${foo(1)}").ok());

    auto unset = parse_text("v=${nope}");
    REQUIRE(unset.ok());
    auto result = unset.value().evaluate(default_scope());
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message == "variable $nope is not set");
  }
}

}  // namespace
}  // namespace ipcsim::user
