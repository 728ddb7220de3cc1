#pragma once
// The loader's view of a YAML document: typed reads of nodes that point at the
// node at fault when the value is wrong (SCENARIO_FORMAT.md section 10).
// Internal to tools/scenario; the public API is loader.h.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/user/expression.h"
#include "kernel/user/program.h"
#include "sim/time.h"

namespace ipcsim::scenario::detail {

using user::SourceLocation;

// Thrown inside the loader only and caught by load_scenario_text, so that the
// many nested readers stop at the first error without checking at every level.
struct LoadFailure {
  SourceLocation where;  // 1-based
  std::string message;
};

struct MapEntry {
  YAML::Node key;
  YAML::Node value;
  std::string name;  // the key's text
};

// Allowed keys of a map; a vector so that step readers can add the call keys.
using KeyList = std::vector<std::string_view>;

class YamlReader {
 public:
  explicit YamlReader(std::string_view source);

  // 1-based. An implicit null value (`key:` with nothing after it) has no
  // position of its own in yaml-cpp; it reports the position of its key.
  SourceLocation location(const YAML::Node& node) const;
  [[noreturn]] void fail(const YAML::Node& node, std::string message) const;
  [[noreturn]] static void fail_at(SourceLocation where, std::string message);

  // The entries of a map, in document order, after checking that keys are
  // names and unique. `what` names the map in messages ("kernel", "step 'send'").
  std::vector<MapEntry> entries(const YAML::Node& map, std::string_view what) const;
  // entries(), then `handle` for each in order; an entry whose key is not in
  // `keys` is an "unknown key" error at the key, in document order.
  void visit(const YAML::Node& map, std::string_view what, const KeyList& keys,
             const std::function<void(const MapEntry&)>& handle) const;
  [[noreturn]] void fail_unknown_key(const MapEntry& entry, const KeyList& keys, std::string_view what) const;
  std::vector<YAML::Node> items(const YAML::Node& sequence, std::string_view what) const;

  // Typed scalars; `what` names the value in messages ("'uid'").
  std::string scalar(const YAML::Node& node, std::string_view what) const;
  std::string one_line(const YAML::Node& node, std::string_view what) const;
  std::int64_t integer(const YAML::Node& node, std::string_view what, std::int64_t low, std::int64_t high) const;
  bool boolean(const YAML::Node& node, std::string_view what) const;
  sim::Time duration(const YAML::Node& node, std::string_view what, sim::Time low) const;
  std::int64_t size(const YAML::Node& node, std::string_view what, std::int64_t low) const;
  // A message count: an integer >= 0 or `unbounded` (returned as kernel::unbounded).
  std::int64_t capacity(const YAML::Node& node, std::string_view what) const;
  // Permission bits, 0 to 07777; a leading 0 is octal (`0600`).
  int mode(const YAML::Node& node, std::string_view what) const;

  user::Expression expression(const YAML::Node& node, std::string_view what) const;
  user::Text text(const YAML::Node& node, std::string_view what) const;
  std::vector<user::Text> text_list(const YAML::Node& node, std::string_view what) const;
  // `x` or `$x`, returned without the `$`.
  std::string variable(const YAML::Node& node) const;
  // A name of a process, mailbox or program: not reserved (section 1).
  std::string object_name(const YAML::Node& node, std::string_view what) const;

  // Where byte `offset` of a scalar's decoded value sits in the file, looking
  // through quotes, escapes and block indentation of the raw text.
  SourceLocation offset_location(const YAML::Node& node, std::size_t offset) const;

 private:
  std::string_view line_text(int zero_based_line) const;
  void remember_implicit_null(const YAML::Node& value, SourceLocation key_location) const;

  std::vector<std::string_view> lines_;
  // Implicit null values and the location of their key; looked up by identity.
  mutable std::vector<std::pair<YAML::Node, SourceLocation>> implicit_nulls_;
};

bool is_variable_name(std::string_view name);
// The closest of `choices` to `word` when it is a plausible typo, else empty.
std::string_view closest_match(std::string_view word, const KeyList& choices);
std::string quoted(std::string_view text);  // 'text'

}  // namespace ipcsim::scenario::detail
