#include "kernel/user/rpc.h"

#include "kernel/kernel.h"
#include "kernel/user/rpc_marshal.h"

namespace ipcsim::user::rpc {
namespace {

using kernel::Errno;
using libc::CallResult;

// How many bytes one read asks for: a whole small message at once.
constexpr std::int64_t read_size = 4096;

// A step boundary before each system call, as every program has (where a
// preemption or the engine's horizon is taken); `work` charges a user-mode
// step for marshalling. False when the process must leave.
bool boundary(kernel::Process& self, bool work = false) {
  self.kernel().begin_step(self, work);
  return !self.must_leave();
}

CallResult failure(Errno error) { return CallResult{-1, error}; }

// Reads until `fd` has delivered one whole frame. End of file first: the
// other side closed before it finished (ECONNRESET).
CallResult read_frame(kernel::Process& self, int fd, std::string& body) {
  std::string received;
  for (;;) {
    bool malformed = false;
    if (auto whole = complete_frame(received, malformed)) {
      if (malformed) return failure(Errno::einval);
      body = std::move(*whole);
      return CallResult{};
    }
    if (malformed) return failure(Errno::einval);
    if (!boundary(self)) return failure(Errno::eintr);
    std::string piece;
    CallResult got = libc::read(self, fd, read_size, piece);
    if (!got.ok()) return got;
    if (piece.empty()) return failure(Errno::econnreset);
    received += piece;
  }
}

void trace_note(kernel::Process& self, const std::string& text) {
  if (self.kernel().tracing()) self.kernel().trace(self, sim::TraceKind::note, text);
}

std::string describe_call(std::string_view procedure, const std::vector<Value>& args) {
  std::string text = std::string(procedure) + "(";
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i > 0) text += ", ";
    args[i].append_text(text);
  }
  return text + ")";
}

}  // namespace

Outcome call(kernel::Process& self, std::string_view address, std::string_view procedure,
             const std::vector<Value>& args) {
  trace_note(self, "rpc_call " + describe_call(procedure, args) + " at " + std::string(address));
  CallResult made = libc::socket(self, kernel::SocketType::stream);
  if (!made.ok()) return Outcome{made, {}};
  const int fd = static_cast<int>(made.value);
  // Closes the connection and passes a failure on.
  auto give_up = [&](CallResult failed) {
    if (boundary(self)) (void)libc::close(self, fd);
    return Outcome{CallResult{-1, failed.error}, {}};
  };
  if (!boundary(self)) return Outcome{failure(Errno::eintr), {}};
  CallResult connected = libc::connect(self, fd, address);
  if (!connected.ok()) return give_up(connected);
  if (!boundary(self, true)) return Outcome{failure(Errno::eintr), {}};
  const std::string request = frame(marshal_request(Request{std::string(procedure), args}));
  CallResult wrote = libc::write(self, fd, request);
  if (!wrote.ok()) return give_up(wrote);
  std::string body;
  CallResult got = read_frame(self, fd, body);
  if (!got.ok()) return give_up(got);
  if (!boundary(self)) return Outcome{failure(Errno::eintr), {}};
  (void)libc::close(self, fd);
  if (!boundary(self, true)) return Outcome{failure(Errno::eintr), {}};
  std::optional<Reply> reply = unmarshal_reply(body);
  if (!reply) return Outcome{failure(Errno::einval), {}};
  if (reply->error != Errno::none) return Outcome{failure(reply->error), {}};
  return Outcome{CallResult{}, std::move(reply->value)};
}

namespace {

// One call on an accepted connection: read the request, run the procedure,
// write the reply. False when the process must leave.
bool serve_one(kernel::Process& self, int connection, Procedures& procedures) {
  std::string body;
  if (!read_frame(self, connection, body).ok()) return !self.must_leave();
  if (!boundary(self, true)) return false;
  std::optional<Request> request = unmarshal_request(body);
  Reply reply;
  if (!request) {
    reply.error = Errno::einval;
  } else if (!procedures.has(request->procedure)) {
    reply.error = Errno::enosys;  // no such procedure
  } else {
    trace_note(self, "rpc_serve runs " + describe_call(request->procedure, request->args));
    if (!procedures.invoke(request->procedure, std::move(request->args), reply.value)) return false;
  }
  if (!boundary(self, true)) return false;
  (void)libc::write(self, connection, frame(marshal_reply(reply)));
  return !self.must_leave();
}

}  // namespace

CallResult serve(kernel::Process& self, std::string_view address, std::int64_t count, std::int64_t backlog,
                 Procedures& procedures) {
  CallResult made = libc::socket(self, kernel::SocketType::stream);
  if (!made.ok()) return made;
  const int listener = static_cast<int>(made.value);
  auto give_up = [&](CallResult failed) {
    if (boundary(self)) (void)libc::close(self, listener);
    return CallResult{-1, failed.error};
  };
  if (!boundary(self)) return failure(Errno::eintr);
  CallResult bound = libc::bind(self, listener, address);
  if (!bound.ok()) return give_up(bound);
  if (!boundary(self)) return failure(Errno::eintr);
  CallResult listening = libc::listen(self, listener, backlog);
  if (!listening.ok()) return give_up(listening);
  for (std::int64_t served = 0; count < 0 || served < count; ++served) {
    if (!boundary(self)) return failure(Errno::eintr);
    std::string peer;
    CallResult accepted = libc::accept(self, listener, peer);
    if (!accepted.ok()) return give_up(accepted);
    const int connection = static_cast<int>(accepted.value);
    if (!serve_one(self, connection, procedures)) return failure(Errno::eintr);
    if (!boundary(self)) return failure(Errno::eintr);
    (void)libc::close(self, connection);
  }
  if (!boundary(self)) return failure(Errno::eintr);
  return libc::close(self, listener);
}

}  // namespace ipcsim::user::rpc
