#include "tools/scenario/units.h"

#include <array>
#include <limits>
#include <string>

namespace ipcsim::scenario {
namespace {

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// value * base + digit, or nullopt on overflow past int64_max.
std::optional<std::int64_t> append_digit(std::int64_t value, int base, int digit) {
  if (value > (int64_max - digit) / base) return std::nullopt;
  return value * base + digit;
}

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 99;
}

// Digits only, in the given base; at least one digit.
std::optional<std::int64_t> parse_digits(std::string_view digits, int base) {
  if (digits.empty()) return std::nullopt;
  std::int64_t value = 0;
  for (char c : digits) {
    int digit = digit_value(c);
    if (digit >= base) return std::nullopt;
    std::optional<std::int64_t> next = append_digit(value, base, digit);
    if (!next) return std::nullopt;
    value = *next;
  }
  return value;
}

// "12.345" times 10^shift, rounded half up: moving the decimal point is exact,
// so no floating point touches simulated time (DESIGN.md "Determinism").
std::optional<std::int64_t> parse_scaled_decimal(std::string_view number, int shift) {
  std::size_t point = number.find('.');
  std::string_view whole = number.substr(0, point);
  std::string_view fraction = point == std::string_view::npos ? std::string_view() : number.substr(point + 1);
  if (whole.empty() && fraction.empty()) return std::nullopt;
  if (point != std::string_view::npos && fraction.empty()) return std::nullopt;  // "1." is a typo
  for (char c : whole)
    if (!is_digit(c)) return std::nullopt;
  for (char c : fraction)
    if (!is_digit(c)) return std::nullopt;

  std::string digits(whole);
  for (int i = 0; i < shift; ++i) digits += i < static_cast<int>(fraction.size()) ? fraction[i] : '0';
  bool round_up = static_cast<int>(fraction.size()) > shift && fraction[shift] >= '5';
  std::size_t first = digits.find_first_not_of('0');
  std::optional<std::int64_t> value = first == std::string::npos
                                          ? std::optional<std::int64_t>(0)
                                          : parse_digits(std::string_view(digits).substr(first), 10);
  if (!value) return std::nullopt;
  if (round_up) {
    if (*value == int64_max) return std::nullopt;
    return *value + 1;
  }
  return value;
}

struct Unit {
  std::string_view suffix;
  int power_of_ten;  // of the unit in nanoseconds
};

constexpr std::array<Unit, 5> time_units = {{{"ns", 0}, {"us", 3}, {"\xC2\xB5s", 3}, {"ms", 6}, {"s", 9}}};

// A duration in units of 10^-extra_power nanoseconds.
std::optional<std::int64_t> parse_time(std::string_view text, int extra_power) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  if (is_digit(text.back())) {
    // A bare integer is nanoseconds, read as every other integer of the file.
    std::optional<std::int64_t> value = parse_integer(text);
    if (!value || *value < 0) return std::nullopt;
    std::int64_t scale = 1;
    for (int i = 0; i < extra_power; ++i) scale *= 10;
    if (*value > int64_max / scale) return std::nullopt;
    return *value * scale;
  }
  for (const Unit& unit : time_units) {
    if (text.size() <= unit.suffix.size() || text.substr(text.size() - unit.suffix.size()) != unit.suffix) continue;
    std::string_view number = trim(text.substr(0, text.size() - unit.suffix.size()));
    // "ms" ends in "s" too: the number part must then be all digits and dots.
    return parse_scaled_decimal(number, unit.power_of_ten + extra_power);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> parse_integer(std::string_view text) {
  text = trim(text);
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  } else if (text.size() > 1 && text[0] == '0') {
    base = 8;
    text.remove_prefix(1);
  }
  std::optional<std::int64_t> value = parse_digits(text, base);
  if (!value) return std::nullopt;
  return negative ? -*value : *value;
}

std::optional<sim::Time> parse_duration(std::string_view text) { return parse_time(text, 0); }

std::optional<std::int64_t> parse_duration_picoseconds(std::string_view text) { return parse_time(text, 3); }

std::optional<std::int64_t> parse_size(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  if (is_digit(text.back())) {
    std::optional<std::int64_t> value = parse_integer(text);
    if (!value || *value < 0) return std::nullopt;
    return value;
  }
  constexpr std::array<std::pair<std::string_view, int>, 4> size_units = {
      {{"KiB", 10}, {"MiB", 20}, {"GiB", 30}, {"B", 0}}};
  for (const auto& [suffix, shift] : size_units) {
    if (text.size() <= suffix.size() || text.substr(text.size() - suffix.size()) != suffix) continue;
    std::optional<std::int64_t> value = parse_digits(trim(text.substr(0, text.size() - suffix.size())), 10);
    if (!value || *value > (int64_max >> shift)) return std::nullopt;
    return *value << shift;
  }
  return std::nullopt;
}

}  // namespace ipcsim::scenario
