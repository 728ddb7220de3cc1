#include "tools/scenario/json_writer.h"

#include <cstdio>

namespace ipcsim::scenario {

void JsonWriter::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) *out_ << ',';
    first_.back() = false;
  }
}

JsonWriter& JsonWriter::begin_object() {
  separate();
  *out_ << '{';
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  first_.pop_back();
  *out_ << '}';
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  separate();
  *out_ << '[';
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  first_.pop_back();
  *out_ << ']';
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  value(name);
  *out_ << ':';
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  separate();
  *out_ << '"';
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"': *out_ << "\\\""; break;
      case '\\': *out_ << "\\\\"; break;
      case '\n': *out_ << "\\n"; break;
      case '\t': *out_ << "\\t"; break;
      case '\r': *out_ << "\\r"; break;
      default:
        if (byte < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
          *out_ << escaped;
        } else {
          *out_ << c;
        }
    }
  }
  *out_ << '"';
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
  separate();
  *out_ << number;
  return *this;
}

JsonWriter& JsonWriter::value(double number) {
  separate();
  char text[40];
  std::snprintf(text, sizeof text, "%.3f", number);
  *out_ << text;
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  separate();
  *out_ << (flag ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::null() {
  separate();
  *out_ << "null";
  return *this;
}

}  // namespace ipcsim::scenario
