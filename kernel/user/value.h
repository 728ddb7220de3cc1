#pragma once
// The value of a scenario variable: an integer, a string, a list or a map,
// and the operator rules of scenario expressions on values. Lists and maps
// are immutable and shared, so copying any Value is cheap and never
// deep-copies a container.
#include <cassert>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ipcsim::user {

struct EvalError {
  std::string message;
};

// A value or an error (errors are values here, never exceptions).
// value() and error() require the matching state.
template <typename T, typename E = EvalError>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(E error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return *checked_value(); }
  T& value() & { return *checked_value(); }
  T&& value() && { return std::move(*checked_value()); }
  const E& error() const {
    const E* error = std::get_if<1>(&state_);
    assert(error != nullptr);
    return *error;
  }

 private:
  T* checked_value() {
    T* value = std::get_if<0>(&state_);
    assert(value != nullptr);
    return value;
  }
  const T* checked_value() const {
    const T* value = std::get_if<0>(&state_);
    assert(value != nullptr);
    return value;
  }

  std::variant<T, E> state_;
};

enum class ValueKind : std::uint8_t { integer, string, list, map };

std::string_view kind_name(ValueKind kind);

class Value {
 public:
  using Field = std::pair<std::string, Value>;

  // The empty string: the value of a missing map field and of "nothing".
  Value() = default;
  Value(std::int64_t integer) : data_(integer) {}      // NOLINT: implicit by design
  Value(std::string text) : data_(std::move(text)) {}  // NOLINT: implicit by design

  static Value list(std::vector<Value> items);
  // Fields are kept sorted by key; when a key repeats, the last one wins.
  static Value map(std::vector<Field> fields);
  // A wait status: a map with the single field `code` resp. `signal`.
  static Value exit_status(int code);
  static Value signal_status(std::string signal_name);

  ValueKind kind() const { return static_cast<ValueKind>(data_.index()); }
  bool is_integer() const { return kind() == ValueKind::integer; }
  bool is_string() const { return kind() == ValueKind::string; }
  bool is_list() const { return kind() == ValueKind::list; }
  bool is_map() const { return kind() == ValueKind::map; }
  bool is_status() const;
  // "integer", "string", "list", "map" or "status", for error messages.
  std::string_view type_name() const;

  // Accessors of the wrong kind return a neutral value (0, "", empty) rather
  // than failing, so callers check the kind first when it matters.
  std::int64_t as_integer() const;
  const std::string& as_string() const;
  const std::vector<Value>& items() const;
  const std::vector<Field>& fields() const;
  // A missing field (or any field of a non-map) reads as the empty string.
  Value field(std::string_view name) const;
  // Like field(), but nullptr when absent, so the caller can avoid a copy.
  const Value* find_field(std::string_view name) const;

  // Integer non-zero, string/list/map non-empty.
  bool is_truthy() const;

  // Printed form: strings bare at top level, quoted inside lists and maps.
  std::string to_text() const;
  void append_text(std::string& out) const;

  friend bool operator==(const Value& left, const Value& right);

 private:
  struct MapData;
  using ListPointer = std::shared_ptr<const std::vector<Value>>;
  using MapPointer = std::shared_ptr<const MapData>;

  void append_nested_text(std::string& out) const;

  // Alternative order must match ValueKind.
  std::variant<std::int64_t, std::string, ListPointer, MapPointer> data_{std::string()};
};

using EvalResult = Result<Value>;

// The operators of scenario expressions. Integer overflow and division by
// zero are errors, never undefined behaviour.

// `+`: integers add; a string on either side joins the to_text() of both;
// two lists concatenate; anything else is an error.
EvalResult add_values(const Value& left, const Value& right);
// `-`, `*`, `/` or `%` as `symbol`, on integers only; `/` and `%` truncate
// toward zero as in C.
EvalResult integer_arithmetic(char symbol, const Value& left, const Value& right);
EvalResult negate_value(const Value& value);
// Negative, zero or positive as left is below, equal to or above right:
// integers numerically, strings bytewise; any other pairing is an error.
Result<int> compare_values(const Value& left, const Value& right);
// `int()`: an integer as is, or a string of decimal digits with an optional
// sign (no spaces; leading zeros are still decimal).
EvalResult to_integer(const Value& value);

}  // namespace ipcsim::user
