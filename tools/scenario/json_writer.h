#pragma once
// A minimal streaming JSON writer: enough for run reports and bench figures,
// with correct string escaping and no dependency.
#include <cstdint>
#include <ostream>
#include <string_view>
#include <vector>

namespace ipcsim::scenario {

class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(&out) {}
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(double number);
  JsonWriter& value(bool flag);
  JsonWriter& null();
  template <typename T>
  JsonWriter& field(std::string_view name, T&& v) {
    key(name);
    return value(std::forward<T>(v));
  }

 private:
  void separate();
  std::ostream* out_;
  std::vector<bool> first_;  // per open container: no comma needed yet
  bool after_key_ = false;
};

}  // namespace ipcsim::scenario
