#include "kernel/user/value.h"

#include <algorithm>

namespace ipcsim::user {

struct Value::MapData {
  // A status is a map that prints as `exit N` / `signal NAME`; the tag is
  // what tells it apart from an ordinary map with the same fields.
  enum class Tag : std::uint8_t { plain, exit_status, signal_status };

  std::vector<Field> fields;
  Tag tag = Tag::plain;
};

namespace {

const std::string& empty_string() {
  static const std::string empty;
  return empty;
}

EvalError overflow(std::int64_t left, char symbol, std::int64_t right) {
  return EvalError{"integer overflow in " + std::to_string(left) + " " + std::string(1, symbol) + " " +
                   std::to_string(right)};
}

std::string type_pair(const Value& left, const Value& right) {
  return std::string(left.type_name()) + " and " + std::string(right.type_name());
}

void append_quoted(std::string& out, const std::string& text) {
  out += '"';
  for (char character : text) {
    switch (character) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default: out += character; break;
    }
  }
  out += '"';
}

}  // namespace

std::string_view kind_name(ValueKind kind) {
  switch (kind) {
    case ValueKind::integer: return "integer";
    case ValueKind::string: return "string";
    case ValueKind::list: return "list";
    case ValueKind::map: return "map";
  }
  return "?";
}

Value Value::list(std::vector<Value> items) {
  Value value;
  value.data_ = std::make_shared<const std::vector<Value>>(std::move(items));
  return value;
}

Value Value::map(std::vector<Field> fields) {
  // Stable sort keeps repeated keys in input order, so keeping the last of
  // each run implements "last one wins".
  std::stable_sort(fields.begin(), fields.end(),
                   [](const Field& left, const Field& right) { return left.first < right.first; });
  std::vector<Field> unique;
  unique.reserve(fields.size());
  for (auto& field : fields) {
    if (!unique.empty() && unique.back().first == field.first) {
      unique.back() = std::move(field);
    } else {
      unique.push_back(std::move(field));
    }
  }
  Value value;
  value.data_ = std::make_shared<const MapData>(MapData{std::move(unique), MapData::Tag::plain});
  return value;
}

Value Value::exit_status(int code) {
  std::vector<Field> fields;
  fields.emplace_back("code", Value(std::int64_t{code}));
  Value value;
  value.data_ = std::make_shared<const MapData>(MapData{std::move(fields), MapData::Tag::exit_status});
  return value;
}

Value Value::signal_status(std::string signal_name) {
  std::vector<Field> fields;
  fields.emplace_back("signal", Value(std::move(signal_name)));
  Value value;
  value.data_ = std::make_shared<const MapData>(MapData{std::move(fields), MapData::Tag::signal_status});
  return value;
}

bool Value::is_status() const {
  const auto* map = std::get_if<MapPointer>(&data_);
  return map != nullptr && (*map)->tag != MapData::Tag::plain;
}

std::string_view Value::type_name() const {
  return is_status() ? std::string_view("status") : kind_name(kind());
}

std::int64_t Value::as_integer() const {
  const auto* integer = std::get_if<std::int64_t>(&data_);
  return integer != nullptr ? *integer : 0;
}

const std::string& Value::as_string() const {
  const auto* text = std::get_if<std::string>(&data_);
  return text != nullptr ? *text : empty_string();
}

const std::vector<Value>& Value::items() const {
  static const std::vector<Value> no_items;
  const auto* list = std::get_if<ListPointer>(&data_);
  return list != nullptr ? **list : no_items;
}

const std::vector<Value::Field>& Value::fields() const {
  static const std::vector<Field> no_fields;
  const auto* map = std::get_if<MapPointer>(&data_);
  return map != nullptr ? (*map)->fields : no_fields;
}

const Value* Value::find_field(std::string_view name) const {
  const auto& all = fields();
  auto found = std::lower_bound(all.begin(), all.end(), name,
                                [](const Field& field, std::string_view key) { return field.first < key; });
  if (found == all.end() || found->first != name) return nullptr;
  return &found->second;
}

Value Value::field(std::string_view name) const {
  const Value* found = find_field(name);
  return found != nullptr ? *found : Value();
}

bool Value::is_truthy() const {
  switch (kind()) {
    case ValueKind::integer: return as_integer() != 0;
    case ValueKind::string: return !as_string().empty();
    case ValueKind::list: return !items().empty();
    case ValueKind::map: return !fields().empty();
  }
  return false;
}

std::string Value::to_text() const {
  std::string out;
  append_text(out);
  return out;
}

void Value::append_text(std::string& out) const {
  if (is_string()) {
    out += as_string();
  } else {
    append_nested_text(out);
  }
}

void Value::append_nested_text(std::string& out) const {
  switch (kind()) {
    case ValueKind::integer: out += std::to_string(as_integer()); return;
    case ValueKind::string: append_quoted(out, as_string()); return;
    case ValueKind::list: {
      out += '[';
      bool first = true;
      for (const Value& item : items()) {
        if (!first) out += ", ";
        first = false;
        item.append_nested_text(out);
      }
      out += ']';
      return;
    }
    case ValueKind::map: break;
  }
  const MapData& map = **std::get_if<MapPointer>(&data_);
  if (map.tag == MapData::Tag::exit_status) {
    out += "exit ";
    field("code").append_text(out);
    return;
  }
  if (map.tag == MapData::Tag::signal_status) {
    out += "signal ";
    field("signal").append_text(out);
    return;
  }
  out += '{';
  bool first = true;
  for (const auto& [key, item] : map.fields) {
    if (!first) out += ", ";
    first = false;
    out += key;
    out += ": ";
    item.append_nested_text(out);
  }
  out += '}';
}

bool operator==(const Value& left, const Value& right) {
  if (left.kind() != right.kind()) return false;
  switch (left.kind()) {
    case ValueKind::integer: return left.as_integer() == right.as_integer();
    case ValueKind::string: return left.as_string() == right.as_string();
    case ValueKind::list: return left.items() == right.items();
    case ValueKind::map: break;
  }
  const auto& left_map = **std::get_if<Value::MapPointer>(&left.data_);
  const auto& right_map = **std::get_if<Value::MapPointer>(&right.data_);
  return left_map.tag == right_map.tag && left_map.fields == right_map.fields;
}

EvalResult add_values(const Value& left, const Value& right) {
  if (left.is_integer() && right.is_integer()) {
    std::int64_t sum = 0;
    if (__builtin_add_overflow(left.as_integer(), right.as_integer(), &sum)) {
      return overflow(left.as_integer(), '+', right.as_integer());
    }
    return Value(sum);
  }
  if (left.is_string() || right.is_string()) {
    std::string joined;
    left.append_text(joined);
    right.append_text(joined);
    return Value(std::move(joined));
  }
  if (left.is_list() && right.is_list()) {
    std::vector<Value> items = left.items();
    items.insert(items.end(), right.items().begin(), right.items().end());
    return Value::list(std::move(items));
  }
  return EvalError{"cannot add " + type_pair(left, right)};
}

EvalResult integer_arithmetic(char symbol, const Value& left, const Value& right) {
  if (!left.is_integer() || !right.is_integer()) {
    return EvalError{"operator " + std::string(1, symbol) + " needs integers, got " + type_pair(left, right)};
  }
  const std::int64_t a = left.as_integer();
  const std::int64_t b = right.as_integer();
  std::int64_t result = 0;
  switch (symbol) {
    case '-':
      if (__builtin_sub_overflow(a, b, &result)) return overflow(a, symbol, b);
      return Value(result);
    case '*':
      if (__builtin_mul_overflow(a, b, &result)) return overflow(a, symbol, b);
      return Value(result);
    case '/':
    case '%': break;
    default: return EvalError{"unknown operator " + std::string(1, symbol)};
  }
  if (b == 0) return EvalError{"division by zero"};
  // The one quotient that does not fit; the matching remainder is simply 0.
  if (a == INT64_MIN && b == -1) return symbol == '/' ? EvalResult(overflow(a, symbol, b)) : Value(0);
  // C++ truncates toward zero, which is the documented rule.
  return Value(symbol == '/' ? a / b : a % b);
}

EvalResult negate_value(const Value& value) {
  if (!value.is_integer()) return EvalError{"operator - needs an integer, got " + std::string(value.type_name())};
  if (value.as_integer() == INT64_MIN) return EvalError{"integer overflow in -(" + std::to_string(INT64_MIN) + ")"};
  return Value(-value.as_integer());
}

Result<int> compare_values(const Value& left, const Value& right) {
  if (left.is_integer() && right.is_integer()) {
    return left.as_integer() < right.as_integer() ? -1 : (left.as_integer() > right.as_integer() ? 1 : 0);
  }
  if (left.is_string() && right.is_string()) {
    const int order = left.as_string().compare(right.as_string());  // bytewise, like memcmp
    return order < 0 ? -1 : (order > 0 ? 1 : 0);
  }
  return EvalError{"cannot order " + type_pair(left, right)};
}

EvalResult to_integer(const Value& value) {
  if (value.is_integer()) return value;
  if (!value.is_string()) return EvalError{"int() needs a string or an integer, got " + std::string(value.type_name())};
  const std::string& text = value.as_string();
  const bool negative = !text.empty() && text[0] == '-';
  const std::size_t start = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
  if (start == text.size()) return EvalError{"int(): \"" + text + "\" is not an integer"};
  std::int64_t result = 0;
  for (std::size_t at = start; at < text.size(); ++at) {
    if (text[at] < '0' || text[at] > '9') return EvalError{"int(): \"" + text + "\" is not an integer"};
    const int digit = text[at] - '0';
    // Accumulate toward the sign so that INT64_MIN itself is accepted.
    if (__builtin_mul_overflow(result, 10, &result) ||
        (negative ? __builtin_sub_overflow(result, digit, &result) : __builtin_add_overflow(result, digit, &result))) {
      return EvalError{"int(): \"" + text + "\" is out of range"};
    }
  }
  return Value(result);
}

}  // namespace ipcsim::user
