// System call stubs for sockets: socket, bind, listen, accept, connect,
// shutdown, sendto, recvfrom (read, write and close are the file stubs).
#include "kernel/user/libc.h"
#include "kernel/user/libc_trap.h"

namespace ipcsim::user::libc {
namespace {

using kernel::Syscall;
using trap::enter;
using trap::leave;
using trap::restartable;

std::string fd_text(int fd) { return std::to_string(fd); }

}  // namespace

CallResult socket(Process& self, kernel::SocketType type) {
  enter(self, Syscall::socket, [&] { return std::string(type == kernel::SocketType::stream ? "(stream)" : "(dgram)"); });
  auto result = kernel::sys_socket(self.kernel(), self, type);
  return leave(self, Syscall::socket, result, result.ok() ? result.value() : -1);
}

CallResult bind(Process& self, int fd, std::string_view address) {
  enter(self, Syscall::bind, [&] { return "(" + fd_text(fd) + ", " + std::string(address) + ")"; });
  return leave(self, Syscall::bind, kernel::sys_bind(self.kernel(), self, fd, address), 0);
}

CallResult listen(Process& self, int fd, std::int64_t backlog) {
  enter(self, Syscall::listen, [&] { return "(" + fd_text(fd) + ", " + std::to_string(backlog) + ")"; });
  return leave(self, Syscall::listen, kernel::sys_listen(self.kernel(), self, fd, backlog), 0);
}

CallResult accept(Process& self, int fd, std::string& peer, bool nonblocking) {
  return restartable(self, [&] {
    enter(self, Syscall::accept, [&] { return "(" + fd_text(fd) + (nonblocking ? ", nonblocking)" : ")"); });
    auto result = kernel::sys_accept(self.kernel(), self, fd, nonblocking, peer);
    return leave(self, Syscall::accept, result, result.ok() ? result.value() : -1, [&] { return "from " + peer; });
  });
}

CallResult connect(Process& self, int fd, std::string_view address, bool nonblocking) {
  return restartable(self, [&] {
    enter(self, Syscall::connect, [&] {
      return "(" + fd_text(fd) + ", " + std::string(address) + (nonblocking ? ", nonblocking)" : ")");
    });
    return leave(self, Syscall::connect, kernel::sys_connect(self.kernel(), self, fd, address, nonblocking), 0);
  });
}

CallResult shutdown(Process& self, int fd, kernel::ShutdownHow how) {
  enter(self, Syscall::shutdown, [&] {
    const char* what = how == kernel::ShutdownHow::read ? "read" : how == kernel::ShutdownHow::write ? "write" : "both";
    return "(" + fd_text(fd) + ", " + what + ")";
  });
  return leave(self, Syscall::shutdown, kernel::sys_shutdown(self.kernel(), self, fd, how), 0);
}

CallResult sendto(Process& self, int fd, std::string_view address, std::string_view data) {
  enter(self, Syscall::sendto, [&] { return "(" + fd_text(fd) + ", " + std::string(address) + ", " + quote(data) + ")"; });
  auto result = kernel::sys_sendto(self.kernel(), self, fd, address, data);
  return leave(self, Syscall::sendto, result, result.ok() ? result.value() : -1);
}

CallResult recvfrom(Process& self, int fd, std::int64_t count, std::string& data, std::string& sender,
                    bool nonblocking) {
  return restartable(self, [&] {
    enter(self, Syscall::recvfrom, [&] {
      return "(" + fd_text(fd) + ", " + std::to_string(count) + (nonblocking ? ", nonblocking)" : ")");
    });
    auto result = kernel::sys_recvfrom(self.kernel(), self, fd, count, nonblocking, data, sender);
    return leave(self, Syscall::recvfrom, result, result.ok() ? result.value() : -1,
                 [&] { return quote(data) + " from " + sender; });
  });
}

}  // namespace ipcsim::user::libc
