#pragma once
// The RPC wire format (marshalling): values to bytes and back, keeping
// their types. Readable in a trace on purpose.
//
//   value    := "i" DECIMAL ";"                 an integer:  i42;  i-7;
//             | "s" LENGTH ":" BYTES            a string:    s5:hello
//             | "l" COUNT ":" value*            a list:      l2:i1;s1:x
//             | "m" COUNT ":" (string value)*   a map (a wait status)
//   request  := string(procedure) list(args)    s3:addl2:i1;i2;
//   reply    := "r" value                       the procedure's result
//             | "e" string(errno name)          the call failed: es6:ENOSYS
//   frame    := LENGTH "\n" body                what goes on the stream
//
// Lengths count bytes, so any byte may appear in a string. The frame's
// length prefix is what lets the reader of a byte stream, which keeps no
// message boundaries, know when a whole request or reply has arrived.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/errno.h"
#include "kernel/user/value.h"

namespace ipcsim::user::rpc {

std::string marshal(const Value& value);
// Reads one value at `at`, moving past it; nullopt when malformed.
std::optional<Value> unmarshal(std::string_view bytes, std::size_t& at);

struct Request {
  std::string procedure;
  std::vector<Value> args;
};
std::string marshal_request(const Request& request);
std::optional<Request> unmarshal_request(std::string_view body);

struct Reply {
  kernel::Errno error = kernel::Errno::none;
  Value value;
};
std::string marshal_reply(const Reply& reply);
std::optional<Reply> unmarshal_reply(std::string_view body);

// LENGTH "\n" body.
std::string frame(std::string_view body);
// The body once `received` holds a whole frame; nullopt while more is
// needed. `malformed` is set when the prefix can never become a frame.
std::optional<std::string> complete_frame(std::string_view received, bool& malformed);

}  // namespace ipcsim::user::rpc
