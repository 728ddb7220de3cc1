#include "kernel/user/rpc_marshal.h"

#include <limits>

namespace ipcsim::user::rpc {
namespace {

// Decimal digits (with a leading '-' when `sign`) up to `end`, at `at`.
std::optional<std::int64_t> number(std::string_view bytes, std::size_t& at, char end, bool sign) {
  const std::size_t stop = bytes.find(end, at);
  if (stop == std::string_view::npos || stop == at || stop - at > 20) return std::nullopt;
  std::string_view digits = bytes.substr(at, stop - at);
  bool negative = false;
  if (sign && digits.front() == '-') {
    negative = true;
    digits.remove_prefix(1);
    if (digits.empty()) return std::nullopt;
  }
  std::uint64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  const auto limit = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + (negative ? 1 : 0);
  if (value > limit) return std::nullopt;
  at = stop + 1;
  return negative ? static_cast<std::int64_t>(0 - value) : static_cast<std::int64_t>(value);
}

std::string marshal_string(std::string_view text) { return "s" + std::to_string(text.size()) + ":" + std::string(text); }

std::optional<std::string> unmarshal_string(std::string_view bytes, std::size_t& at) {
  if (at >= bytes.size() || bytes[at] != 's') return std::nullopt;
  ++at;
  auto length = number(bytes, at, ':', false);
  if (!length || static_cast<std::size_t>(*length) > bytes.size() - at) return std::nullopt;
  std::string text(bytes.substr(at, static_cast<std::size_t>(*length)));
  at += static_cast<std::size_t>(*length);
  return text;
}

}  // namespace

std::string marshal(const Value& value) {
  switch (value.kind()) {
    case ValueKind::integer: return "i" + std::to_string(value.as_integer()) + ";";
    case ValueKind::string: return marshal_string(value.as_string());
    case ValueKind::list: {
      std::string out = "l" + std::to_string(value.items().size()) + ":";
      for (const Value& item : value.items()) out += marshal(item);
      return out;
    }
    case ValueKind::map: {
      std::string out = "m" + std::to_string(value.fields().size()) + ":";
      for (const auto& [key, field] : value.fields()) out += marshal_string(key) + marshal(field);
      return out;
    }
  }
  return {};
}

std::optional<Value> unmarshal(std::string_view bytes, std::size_t& at) {
  if (at >= bytes.size()) return std::nullopt;
  switch (bytes[at]) {
    case 'i': {
      ++at;
      auto integer = number(bytes, at, ';', true);
      if (!integer) return std::nullopt;
      return Value(*integer);
    }
    case 's': {
      auto text = unmarshal_string(bytes, at);
      if (!text) return std::nullopt;
      return Value(std::move(*text));
    }
    case 'l':
    case 'm': {
      const bool map = bytes[at] == 'm';
      ++at;
      auto count = number(bytes, at, ':', false);
      // Every item takes at least two bytes: a count past that is malformed.
      if (!count || static_cast<std::size_t>(*count) > bytes.size() - at) return std::nullopt;
      std::vector<Value> items;
      std::vector<Value::Field> fields;
      for (std::int64_t i = 0; i < *count; ++i) {
        std::optional<std::string> key;
        if (map && !(key = unmarshal_string(bytes, at))) return std::nullopt;
        auto item = unmarshal(bytes, at);
        if (!item) return std::nullopt;
        if (map) fields.emplace_back(std::move(*key), std::move(*item));
        else items.push_back(std::move(*item));
      }
      return map ? Value::map(std::move(fields)) : Value::list(std::move(items));
    }
    default: return std::nullopt;
  }
}

std::string marshal_request(const Request& request) {
  return marshal_string(request.procedure) + marshal(Value::list(request.args));
}

std::optional<Request> unmarshal_request(std::string_view body) {
  std::size_t at = 0;
  auto procedure = unmarshal_string(body, at);
  if (!procedure || at >= body.size() || body[at] != 'l') return std::nullopt;
  auto args = unmarshal(body, at);
  if (!args || at != body.size()) return std::nullopt;
  return Request{std::move(*procedure), args->items()};
}

std::string marshal_reply(const Reply& reply) {
  if (reply.error != kernel::Errno::none) return "e" + marshal_string(kernel::errno_name(reply.error));
  return "r" + marshal(reply.value);
}

std::optional<Reply> unmarshal_reply(std::string_view body) {
  if (body.empty()) return std::nullopt;
  std::size_t at = 1;
  Reply reply;
  if (body[0] == 'e') {
    auto name = unmarshal_string(body, at);
    if (!name || at != body.size()) return std::nullopt;
    auto error = kernel::errno_from_name(*name);
    if (!error || *error == kernel::Errno::none) return std::nullopt;
    reply.error = *error;
    return reply;
  }
  if (body[0] != 'r') return std::nullopt;
  auto value = unmarshal(body, at);
  if (!value || at != body.size()) return std::nullopt;
  reply.value = std::move(*value);
  return reply;
}

std::string frame(std::string_view body) { return std::to_string(body.size()) + "\n" + std::string(body); }

std::optional<std::string> complete_frame(std::string_view received, bool& malformed) {
  malformed = false;
  const std::size_t newline = received.find('\n');
  if (newline == std::string_view::npos) {
    malformed = received.size() > 20 || received.find_first_not_of("0123456789") != std::string_view::npos;
    return std::nullopt;
  }
  std::size_t at = 0;
  auto length = number(received, at, '\n', false);
  if (!length) {
    malformed = true;
    return std::nullopt;
  }
  if (received.size() - at < static_cast<std::size_t>(*length)) return std::nullopt;
  if (received.size() - at > static_cast<std::size_t>(*length)) malformed = true;  // one frame per connection
  return std::string(received.substr(at, static_cast<std::size_t>(*length)));
}

}  // namespace ipcsim::user::rpc
