#pragma once
// Remote procedure call as a user-space library over stream sockets: the
// client stub and the server skeleton, written against the libc socket
// stubs like any program, so every system call, copy and wait they make
// shows in both sides' counters and traces. A remote call looks like a
// procedure call to its caller; underneath it is message passing:
//   client: socket, connect, write(request), read(reply)..., close
//   server: socket, bind, listen, then per call: accept, read(request)...,
//           run the procedure, write(reply), close; at the end close
// One call per connection, one connection at a time (an iterative server).
// The wire format is in rpc_marshal.h.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/process.h"
#include "kernel/user/libc.h"
#include "kernel/user/value.h"

namespace ipcsim::user::rpc {

// What a call returned: the stub's result as a system call's (-1 and an
// errno on failure), and the procedure's value.
struct Outcome {
  libc::CallResult result;
  Value value;
};

// The client stub. Errors: those of socket and connect (ECONNREFUSED when
// nobody listens), of write and read, ENOSYS (the server has no such
// procedure), ECONNRESET (the server closed before a whole reply came).
Outcome call(kernel::Process& self, std::string_view address, std::string_view procedure, const std::vector<Value>& args);

// The server's procedures, as the skeleton sees them.
class Procedures {
 public:
  virtual bool has(std::string_view procedure) const = 0;
  // Runs it; false when the process must leave (killed) meanwhile.
  virtual bool invoke(std::string_view procedure, std::vector<Value> args, Value& result) = 0;

 protected:
  ~Procedures() = default;
};

// The server skeleton: serves `count` calls (negative: forever), then
// closes its listening socket. Returns the first failure of socket, bind
// or listen (EADDRINUSE, EADDRNOTAVAIL), or of accept; a call that goes
// wrong (a client that closes early, a malformed request) ends that
// connection only.
libc::CallResult serve(kernel::Process& self, std::string_view address, std::int64_t count, std::int64_t backlog,
                       Procedures& procedures);

}  // namespace ipcsim::user::rpc
