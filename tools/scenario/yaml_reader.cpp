#include "tools/scenario/yaml_reader.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "kernel/config.h"
#include "tools/scenario/units.h"

namespace ipcsim::scenario::detail {
namespace {

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return quoted(node.Scalar());
    default:
      return "nothing";
  }
}

bool is_explicit_null(std::string_view text) {
  for (std::string_view literal : {"~", "null", "Null", "NULL"})
    if (text.substr(0, literal.size()) == literal) return true;
  return false;
}

std::string range_text(std::int64_t low, std::int64_t high) {
  constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t int64_min = std::numeric_limits<std::int64_t>::min();
  if (high == int64_max && low == int64_min) return "an integer";
  if (high == int64_max) return "an integer of at least " + std::to_string(low);
  return "an integer from " + std::to_string(low) + " to " + std::to_string(high);
}

// Optimal string alignment: a swap of two neighbours counts as one edit, the
// most common typo ("tiem" for "time").
std::size_t edit_distance(std::string_view left, std::string_view right) {
  std::vector<std::vector<std::size_t>> distance(left.size() + 1, std::vector<std::size_t>(right.size() + 1));
  for (std::size_t i = 0; i <= left.size(); ++i) distance[i][0] = i;
  for (std::size_t j = 0; j <= right.size(); ++j) distance[0][j] = j;
  for (std::size_t i = 1; i <= left.size(); ++i) {
    for (std::size_t j = 1; j <= right.size(); ++j) {
      std::size_t cost = left[i - 1] == right[j - 1] ? 0 : 1;
      distance[i][j] = std::min({distance[i - 1][j] + 1, distance[i][j - 1] + 1, distance[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && left[i - 1] == right[j - 2] && left[i - 2] == right[j - 1])
        distance[i][j] = std::min(distance[i][j], distance[i - 2][j - 2] + 1);
    }
  }
  return distance[left.size()][right.size()];
}

}  // namespace

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

bool is_variable_name(std::string_view name) {
  if (name.empty()) return false;
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!letter(name.front())) return false;
  return std::all_of(name.begin(), name.end(), [&](char c) { return letter(c) || (c >= '0' && c <= '9'); });
}

std::string_view closest_match(std::string_view word, const KeyList& choices) {
  std::string_view best;
  std::size_t best_distance = std::max<std::size_t>(1, std::min<std::size_t>(2, word.size() / 3)) + 1;
  for (std::string_view choice : choices) {
    std::size_t distance = edit_distance(word, choice);
    if (distance < best_distance) {
      best = choice;
      best_distance = distance;
    }
  }
  return best;
}

YamlReader::YamlReader(std::string_view source) {
  std::size_t start = 0;
  while (start <= source.size()) {
    std::size_t end = source.find('\n', start);
    if (end == std::string_view::npos) end = source.size();
    std::string_view line = source.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines_.push_back(line);
    start = end + 1;
  }
}

std::string_view YamlReader::line_text(int zero_based_line) const {
  if (zero_based_line < 0 || zero_based_line >= static_cast<int>(lines_.size())) return {};
  return lines_[static_cast<std::size_t>(zero_based_line)];
}

SourceLocation YamlReader::location(const YAML::Node& node) const {
  if (!node.IsDefined()) return {1, 1};
  if (node.IsNull())
    for (const auto& [null_node, where] : implicit_nulls_)
      if (null_node.is(node)) return where;
  YAML::Mark mark = node.Mark();
  if (mark.is_null() || mark.line < 0 || mark.column < 0) return {1, 1};
  return {mark.line + 1, mark.column + 1};
}

void YamlReader::remember_implicit_null(const YAML::Node& value, SourceLocation key_location) const {
  // yaml-cpp marks `key:` followed by nothing at the next token, often on a
  // later line; the key is where a person looks for the missing value.
  YAML::Mark mark = value.Mark();
  if (!mark.is_null()) {
    std::string_view line = line_text(mark.line);
    if (mark.column >= 0 && static_cast<std::size_t>(mark.column) <= line.size() &&
        is_explicit_null(line.substr(static_cast<std::size_t>(mark.column))))
      return;
  }
  implicit_nulls_.emplace_back(value, key_location);
}

void YamlReader::fail(const YAML::Node& node, std::string message) const {
  fail_at(location(node), std::move(message));
}

void YamlReader::fail_at(SourceLocation where, std::string message) { throw LoadFailure{where, std::move(message)}; }

std::vector<MapEntry> YamlReader::entries(const YAML::Node& map, std::string_view what) const {
  if (!map.IsMap()) fail(map, std::string(what) + " must be a map, not " + describe(map));
  std::vector<MapEntry> result;
  for (auto it = map.begin(); it != map.end(); ++it) {
    // Copies: yaml-cpp's iterator hands out a temporary pair.
    const YAML::Node key = it->first;
    const YAML::Node value = it->second;
    if (!key.IsScalar()) fail(key, "a key in " + std::string(what) + " must be a name, not " + describe(key));
    // yaml-cpp keeps both copies of a repeated key; YAML says keys are unique.
    for (const MapEntry& earlier : result)
      if (earlier.name == key.Scalar())
        fail(key, "duplicate key " + quoted(key.Scalar()) + " (first at line " +
                      std::to_string(location(earlier.key).line) + ")");
    if (value.IsNull()) remember_implicit_null(value, location(key));
    result.push_back(MapEntry{key, value, key.Scalar()});
  }
  return result;
}

void YamlReader::visit(const YAML::Node& map, std::string_view what, const KeyList& keys,
                       const std::function<void(const MapEntry&)>& handle) const {
  for (const MapEntry& entry : entries(map, what)) {
    if (std::find(keys.begin(), keys.end(), entry.name) == keys.end()) fail_unknown_key(entry, keys, what);
    handle(entry);
  }
}

void YamlReader::fail_unknown_key(const MapEntry& entry, const KeyList& keys, std::string_view what) const {
  std::string message = "unknown key " + quoted(entry.name) + " in " + std::string(what);
  std::string_view suggestion = closest_match(entry.name, keys);
  if (!suggestion.empty()) {
    message += " (did you mean " + quoted(suggestion) + "?)";
  } else {
    message += " (expected ";
    for (std::size_t i = 0; i < keys.size(); ++i) message += (i == 0 ? "" : ", ") + std::string(keys[i]);
    message += ")";
  }
  fail(entry.key, message);
}

std::vector<YAML::Node> YamlReader::items(const YAML::Node& sequence, std::string_view what) const {
  if (!sequence.IsSequence()) fail(sequence, std::string(what) + " must be a list, not " + describe(sequence));
  std::vector<YAML::Node> result;
  for (auto it = sequence.begin(); it != sequence.end(); ++it) result.push_back(*it);
  return result;
}

std::string YamlReader::scalar(const YAML::Node& node, std::string_view what) const {
  if (node.IsNull()) fail(node, std::string(what) + " needs a value");
  if (!node.IsScalar()) fail(node, std::string(what) + " must be a single value, not " + describe(node));
  return node.Scalar();
}

std::string YamlReader::one_line(const YAML::Node& node, std::string_view what) const {
  std::string value = scalar(node, what);
  if (value.find('\n') != std::string::npos) fail(node, std::string(what) + " must be one line");
  return value;
}

std::int64_t YamlReader::integer(const YAML::Node& node, std::string_view what, std::int64_t low,
                                 std::int64_t high) const {
  std::string value = scalar(node, what);
  std::optional<std::int64_t> number = parse_integer(value);
  if (!number || *number < low || *number > high)
    fail(node, std::string(what) + " must be " + range_text(low, high) + ", not " + quoted(value));
  return *number;
}

bool YamlReader::boolean(const YAML::Node& node, std::string_view what) const {
  std::string value = scalar(node, what);
  if (value == "true") return true;
  if (value == "false") return false;
  fail(node, std::string(what) + " must be true or false, not " + quoted(value));
}

sim::Time YamlReader::duration(const YAML::Node& node, std::string_view what, sim::Time low) const {
  std::string value = scalar(node, what);
  std::optional<sim::Time> time = parse_duration(value);
  if (!time)
    fail(node, std::string(what) + " must be a duration such as 250ns, 3us, 1.5ms, 2s or an integer of ns, not " +
                   quoted(value));
  if (*time < low) fail(node, std::string(what) + " must be at least " + std::to_string(low) + "ns");
  return *time;
}

std::int64_t YamlReader::size(const YAML::Node& node, std::string_view what, std::int64_t low) const {
  std::string value = scalar(node, what);
  std::optional<std::int64_t> bytes = parse_size(value);
  if (!bytes) fail(node, std::string(what) + " must be a size such as 4096, 4KiB or 1MiB, not " + quoted(value));
  if (*bytes < low) fail(node, std::string(what) + " must be at least " + std::to_string(low) + " bytes");
  return *bytes;
}

std::int64_t YamlReader::capacity(const YAML::Node& node, std::string_view what) const {
  std::string value = scalar(node, what);
  if (value == "unbounded") return kernel::unbounded;
  std::optional<std::int64_t> number = parse_integer(value);
  if (!number || *number < 0)
    fail(node, std::string(what) + " must be 0, a number of messages or 'unbounded', not " + quoted(value));
  return *number;
}

int YamlReader::mode(const YAML::Node& node, std::string_view what) const {
  return static_cast<int>(integer(node, what, 0, 07777));
}

user::Expression YamlReader::expression(const YAML::Node& node, std::string_view what) const {
  std::string source = scalar(node, what);
  user::ParseResult parsed = user::parse_expression(source);
  if (!parsed)
    fail_at(offset_location(node, parsed.error().offset),
            "invalid expression in " + std::string(what) + ": " + parsed.error().message);
  return std::move(parsed).value();
}

user::Text YamlReader::text(const YAML::Node& node, std::string_view what) const {
  std::string source = scalar(node, what);
  user::TextParseResult parsed = user::parse_text(source);
  if (!parsed)
    fail_at(offset_location(node, parsed.error().offset),
            "invalid text in " + std::string(what) + ": " + parsed.error().message);
  return std::move(parsed).value();
}

std::vector<user::Text> YamlReader::text_list(const YAML::Node& node, std::string_view what) const {
  std::vector<user::Text> result;
  for (const YAML::Node& item : items(node, what)) result.push_back(text(item, what));
  return result;
}

std::string YamlReader::variable(const YAML::Node& node) const {
  std::string value = scalar(node, "a variable");
  std::string name = !value.empty() && value.front() == '$' ? value.substr(1) : value;
  if (!is_variable_name(name))
    fail(node, quoted(value) + " is not a variable name (letters, digits and '_', not starting with a digit)");
  return name;
}

std::string YamlReader::object_name(const YAML::Node& node, std::string_view what) const {
  std::string name = one_line(node, what);
  if (name.empty()) fail(node, std::string(what) + " must not be empty");
  // Expectations use `total`, `blocking` and `host:NAME` as scopes and
  // `HOST/PID` as keys, so no object may be named like them (section 1).
  if (name == "total" || name == "blocking") fail(node, quoted(name) + " is a reserved name");
  if (name.find_first_of(":/") != std::string::npos) fail(node, "a name may not contain ':' or '/': " + quoted(name));
  // Steps read `$x` as a variable and a number as a pid or an id.
  if (name.front() == '$') fail(node, "a name may not start with '$' (that reads as a variable): " + quoted(name));
  if (name.find_first_not_of("0123456789") == std::string::npos)
    fail(node, "a name may not be a number (that reads as a pid or an id): " + quoted(name));
  return name;
}

SourceLocation YamlReader::offset_location(const YAML::Node& node, std::size_t offset) const {
  SourceLocation start = location(node);
  std::string_view line = line_text(start.line - 1);
  std::size_t column = static_cast<std::size_t>(start.column - 1);
  if (column >= line.size()) return start;
  char opening = line[column];
  if (opening == '"' || opening == '\'') {
    // Walk the raw text, one decoded byte per escape, up to the end of the line.
    std::size_t raw = column + 1;
    for (std::size_t decoded = 0; decoded < offset && raw < line.size(); ++decoded) {
      if (opening == '"' && line[raw] == '\\' && raw + 1 < line.size()) {
        char escape = line[raw + 1];
        raw += escape == 'x' ? 4 : escape == 'u' ? 6 : escape == 'U' ? 10 : 2;
      } else if (opening == '\'' && line[raw] == '\'' && raw + 1 < line.size() && line[raw + 1] == '\'') {
        raw += 2;
      } else {
        raw += 1;
      }
    }
    return {start.line, static_cast<int>(std::min(raw, line.size())) + 1};
  }
  if (opening == '|' || opening == '>') {
    // Block scalar: its lines follow the indicator, each indented alike.
    std::string value = node.Scalar();
    offset = std::min(offset, value.size());
    std::size_t line_index =
        static_cast<std::size_t>(std::count(value.begin(), value.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
    std::size_t line_start = value.rfind('\n', offset == 0 ? 0 : offset - 1);
    std::size_t in_line = line_start == std::string::npos || offset == 0 ? offset : offset - line_start - 1;
    int content_line = start.line + 1 + static_cast<int>(line_index);
    std::size_t indent = 0;
    for (int index = start.line; index < static_cast<int>(lines_.size()); ++index) {
      std::size_t first = line_text(index).find_first_not_of(' ');
      if (first != std::string_view::npos) {
        indent = first;
        break;
      }
    }
    return {content_line, static_cast<int>(indent + in_line) + 1};
  }
  return {start.line, static_cast<int>(column + offset) + 1};
}

}  // namespace ipcsim::scenario::detail
