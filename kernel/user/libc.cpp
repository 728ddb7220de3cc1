#include "kernel/user/libc.h"

#include <cstdio>

#include "kernel/kernel.h"
#include "kernel/signal_names.h"
#include "kernel/user/libc_trap.h"

namespace ipcsim::user::libc {
namespace {

using kernel::Kernel;
using kernel::KResult;
using kernel::Syscall;
using trap::enter;
using trap::leave;
using trap::restartable;

std::string octal(int mode) {
  char text[16];
  std::snprintf(text, sizeof text, "0%o", static_cast<unsigned>(mode));
  return text;
}

std::string describe(kernel::ProcessSelector who) {
  return who.name.empty() ? "pid " + std::to_string(who.pid) : std::string(who.name);
}

std::string describe(kernel::MailboxSelector which) {
  return which.name.empty() ? "mailbox id " + std::to_string(which.id) : "mailbox " + std::string(which.name);
}

std::string send_arguments(const std::string& target, std::string_view body, kernel::SendOptions options) {
  std::string text = "(" + target + ", " + quote(body);
  if (options.wait_received) text += ", wait received";
  if (options.nonblocking) text += ", nonblocking";
  return text + ")";
}

}  // namespace

std::string quote(std::string_view text) {
  constexpr std::size_t shown = 60;
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size() && i < shown; ++i) {
    const char c = text[i];
    if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '"' || c == '\\') (out += '\\') += c;
    else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      // Any other control character would corrupt the timeline's lines.
      static constexpr char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[static_cast<unsigned char>(c) >> 4];
      out += hex[static_cast<unsigned char>(c) & 15];
    } else out += c;
  }
  out += '"';
  if (text.size() > shown) out += "...(" + std::to_string(text.size()) + " bytes)";
  return out;
}

CallResult fork(Process& self, std::string child_name, std::unique_ptr<kernel::ProcessImage> child_image) {
  enter(self, Syscall::fork, [&] { return "(" + child_name + ")"; });
  auto result = kernel::sys_fork(self.kernel(), self, std::move(child_name), std::move(child_image));
  return leave(self, Syscall::fork, result, result.ok() ? result.value() : -1);
}

CallResult exec(Process& self, std::string_view program, const std::vector<std::string>& args) {
  enter(self, Syscall::exec, [&] {
    std::string arguments = "(" + std::string(program);
    for (const std::string& arg : args) arguments += ", " + quote(arg);
    return arguments + ")";
  });
  auto result = kernel::sys_exec(self.kernel(), self, program, args);
  return leave(self, Syscall::exec, result, 0);
}

void exit(Process& self, int code) {
  enter(self, Syscall::exit, [&] { return "(" + std::to_string(code) + ")"; });
  kernel::sys_exit(self.kernel(), self, code);
}

CallResult wait(Process& self, bool any, kernel::ProcessSelector child, bool nonblocking,
                kernel::ChildStatus& status) {
  return restartable(self, [&] {
    enter(self, Syscall::wait, [&] {
      return (any ? std::string("(any") : "(" + describe(child)) + (nonblocking ? ", nonblocking)" : ")");
    });
    auto result = kernel::sys_wait(self.kernel(), self, any, child, nonblocking, status);
    return leave(self, Syscall::wait, result, result.ok() ? result.value() : -1, [&] {
      if (result.value() == 0) return std::string();
      return status.signal ? "signal " + kernel::signal_name(status.signal) : "exit " + std::to_string(status.code);
    });
  });
}

CallResult sleep(Process& self, sim::Time duration) {
  enter(self, Syscall::sleep, [&] { return "(" + sim::format_duration(duration) + ")"; });
  return leave(self, Syscall::sleep, kernel::sys_sleep(self.kernel(), self, duration), 0);
}

CallResult yield(Process& self) {
  enter(self, Syscall::yield, [] { return std::string("()"); });
  return leave(self, Syscall::yield, kernel::sys_yield(self.kernel(), self), 0);
}

CallResult getpid(Process& self) {
  enter(self, Syscall::getpid, [] { return std::string("()"); });
  return leave(self, Syscall::getpid, kernel::KStatus(kernel::Success{}), self.pid());
}

CallResult getppid(Process& self) {
  enter(self, Syscall::getppid, [] { return std::string("()"); });
  return leave(self, Syscall::getppid, kernel::KStatus(kernel::Success{}), self.parent());
}

CallResult pipe(Process& self, int fds[2]) {
  enter(self, Syscall::pipe, [] { return std::string("()"); });
  auto result = kernel::sys_pipe(self.kernel(), self, fds);
  return leave(self, Syscall::pipe, result, 0, [&] {
    return "[" + std::to_string(fds[0]) + ", " + std::to_string(fds[1]) + "]";
  });
}

CallResult read(Process& self, int fd, std::int64_t count, std::string& data, bool nonblocking) {
  return restartable(self, [&] {
    enter(self, Syscall::read, [&] {
      return "(" + std::to_string(fd) + ", " + std::to_string(count) + (nonblocking ? ", nonblocking)" : ")");
    });
    auto result = kernel::sys_read(self.kernel(), self, fd, count, nonblocking, data);
    return leave(self, Syscall::read, result, result.ok() ? result.value() : -1, [&] { return quote(data); });
  });
}

CallResult write(Process& self, int fd, std::string_view data, bool nonblocking) {
  return restartable(self, [&] {
    enter(self, Syscall::write, [&] {
      return "(" + std::to_string(fd) + ", " + quote(data) + (nonblocking ? ", nonblocking)" : ")");
    });
    auto result = kernel::sys_write(self.kernel(), self, fd, data, nonblocking);
    return leave(self, Syscall::write, result, result.ok() ? result.value() : -1);
  });
}

CallResult close(Process& self, int fd) {
  enter(self, Syscall::close, [&] { return "(" + std::to_string(fd) + ")"; });
  return leave(self, Syscall::close, kernel::sys_close(self.kernel(), self, fd), 0);
}

CallResult dup(Process& self, int fd) {
  enter(self, Syscall::dup, [&] { return "(" + std::to_string(fd) + ")"; });
  auto result = kernel::sys_dup(self.kernel(), self, fd);
  return leave(self, Syscall::dup, result, result.ok() ? result.value() : -1);
}

CallResult dup2(Process& self, int from, int to) {
  enter(self, Syscall::dup2, [&] { return "(" + std::to_string(from) + ", " + std::to_string(to) + ")"; });
  auto result = kernel::sys_dup2(self.kernel(), self, from, to);
  return leave(self, Syscall::dup2, result, result.ok() ? result.value() : -1);
}

CallResult open(Process& self, std::string_view path, kernel::OpenFlags flags, int mode) {
  return restartable(self, [&] {
    enter(self, Syscall::open, [&] {
      std::string text = "(" + std::string(path) + ",";
      if (flags.read || !flags.write) text += " read";
      if (flags.write) text += " write";
      if (flags.nonblock) text += " nonblock";
      if (flags.create) text += " create";
      if (flags.exclusive) text += " exclusive";
      if (flags.truncate) text += " truncate";
      if (flags.append) text += " append";
      if (flags.directory) text += " directory";
      return text + ")";
    });
    auto result = kernel::sys_open(self.kernel(), self, path, flags, mode);
    return leave(self, Syscall::open, result, result.ok() ? result.value() : -1);
  });
}

CallResult mkfifo(Process& self, std::string_view path, int mode) {
  enter(self, Syscall::mkfifo, [&] { return "(" + std::string(path) + ", " + octal(mode) + ")"; });
  return leave(self, Syscall::mkfifo, kernel::sys_mkfifo(self.kernel(), self, path, mode), 0);
}

CallResult unlink(Process& self, std::string_view path) {
  enter(self, Syscall::unlink, [&] { return "(" + std::string(path) + ")"; });
  return leave(self, Syscall::unlink, kernel::sys_unlink(self.kernel(), self, path), 0);
}

CallResult stat(Process& self, std::string_view path, kernel::FileStatus& status) {
  enter(self, Syscall::stat, [&] { return "(" + std::string(path) + ")"; });
  auto result = kernel::sys_stat(self.kernel(), self, path, status);
  return leave(self, Syscall::stat, result, 0, [&] {
    const char* type = status.type == kernel::FileType::directory ? "directory"
                       : status.type == kernel::FileType::fifo    ? "fifo"
                                                                  : "file";
    return std::string(type) + " " + octal(status.mode) + " size " + std::to_string(status.size);
  });
}

CallResult getdents(Process& self, int fd, std::vector<std::string>& names) {
  enter(self, Syscall::getdents, [&] { return "(" + std::to_string(fd) + ")"; });
  auto result = kernel::sys_getdents(self.kernel(), self, fd, names);
  return leave(self, Syscall::getdents, result, result.ok() ? result.value() : -1, [&] {
    std::string text = "[";
    for (const std::string& name : names) text += (text.size() > 1 ? " " : "") + name;
    return text + "]";
  });
}

CallResult chdir(Process& self, std::string_view path) {
  enter(self, Syscall::chdir, [&] { return "(" + std::string(path) + ")"; });
  return leave(self, Syscall::chdir, kernel::sys_chdir(self.kernel(), self, path), 0);
}

CallResult send(Process& self, kernel::ProcessSelector to, std::string_view body, kernel::SendOptions options) {
  return restartable(self, [&] {
    enter(self, Syscall::send, [&] { return send_arguments("to " + describe(to), body, options); });
    return leave(self, Syscall::send, kernel::sys_send_direct(self.kernel(), self, to, body, options), 0);
  });
}

CallResult send(Process& self, kernel::MailboxSelector to, std::string_view body, kernel::SendOptions options) {
  return restartable(self, [&] {
    enter(self, Syscall::send, [&] { return send_arguments(describe(to), body, options); });
    return leave(self, Syscall::send, kernel::sys_send_mailbox(self.kernel(), self, to, body, options), 0);
  });
}

CallResult receive(Process& self, kernel::ProcessSelector from, bool any, bool nonblocking, std::string& body,
                   Pid& sender) {
  return restartable(self, [&] {
    enter(self, Syscall::receive, [&] {
      return std::string("(from ") + (any ? std::string("any") : describe(from)) + (nonblocking ? ", nonblocking)" : ")");
    });
    auto result = kernel::sys_receive_direct(self.kernel(), self, from, any, nonblocking, body, sender);
    return leave(self, Syscall::receive, result, 0, [&] { return quote(body) + " from pid " + std::to_string(sender); });
  });
}

CallResult receive(Process& self, kernel::MailboxSelector from, bool nonblocking, std::string& body, Pid& sender) {
  return restartable(self, [&] {
    enter(self, Syscall::receive, [&] { return "(" + describe(from) + (nonblocking ? ", nonblocking)" : ")"); });
    auto result = kernel::sys_receive_mailbox(self.kernel(), self, from, nonblocking, body, sender);
    return leave(self, Syscall::receive, result, 0, [&] { return quote(body) + " from pid " + std::to_string(sender); });
  });
}

CallResult mailbox_create(Process& self, std::string name, std::int64_t capacity, int mode) {
  enter(self, Syscall::mailbox_create, [&] {
    return "(" + (name.empty() ? std::string("anonymous") : name) + ", capacity " +
           (capacity < 0 ? std::string("unbounded") : std::to_string(capacity)) + ")";
  });
  auto result = kernel::sys_mailbox_create(self.kernel(), self, std::move(name), capacity, mode);
  return leave(self, Syscall::mailbox_create, result, result.ok() ? result.value() : -1);
}

CallResult mailbox_destroy(Process& self, kernel::MailboxSelector which) {
  enter(self, Syscall::mailbox_destroy, [&] { return "(" + describe(which) + ")"; });
  return leave(self, Syscall::mailbox_destroy, kernel::sys_mailbox_destroy(self.kernel(), self, which), 0);
}

CallResult sigaction(Process& self, int signal, kernel::SignalAction action) {
  enter(self, Syscall::signal, [&] {
    const char* what = action.disposition == kernel::Disposition::handler  ? "handler"
                       : action.disposition == kernel::Disposition::ignore ? "ignore"
                                                                           : "default";
    return "(" + kernel::signal_name(signal) + ", " + what + (action.restart ? ", restart)" : ")");
  });
  return leave(self, Syscall::signal, kernel::sys_sigaction(self.kernel(), self, signal, std::move(action)), 0);
}

CallResult kill(Process& self, kernel::ProcessSelector target, int signal) {
  enter(self, Syscall::kill, [&] {
    return "(" + describe(target) + ", " + (signal == 0 ? std::string("0") : kernel::signal_name(signal)) + ")";
  });
  return leave(self, Syscall::kill, kernel::sys_kill(self.kernel(), self, target, signal), 0);
}

CallResult sigprocmask(Process& self, kernel::MaskHow how, kernel::SignalSet signals) {
  enter(self, Syscall::sigprocmask, [&] {
    std::string text = how == kernel::MaskHow::block ? "(block" : how == kernel::MaskHow::unblock ? "(unblock" : "(set";
    for (int signal = 1; signal <= kernel::signal_max; ++signal)
      if (signals & kernel::signal_bit(signal)) text += " " + kernel::signal_name(signal);
    return text + ")";
  });
  return leave(self, Syscall::sigprocmask, kernel::sys_sigprocmask(self.kernel(), self, how, signals), 0);
}

CallResult sigpending(Process& self, std::vector<int>& pending) {
  enter(self, Syscall::sigpending, [] { return std::string("()"); });
  pending = kernel::sys_sigpending(self.kernel(), self);
  return leave(self, Syscall::sigpending, kernel::KStatus(kernel::Success{}), 0, [&] {
    std::string text = "[";
    for (int signal : pending) text += (text.size() > 1 ? " " : "") + kernel::signal_name(signal);
    return text + "]";
  });
}

CallResult pause(Process& self) {
  enter(self, Syscall::pause, [] { return std::string("()"); });
  return leave(self, Syscall::pause, kernel::sys_pause(self.kernel(), self), 0);
}

CallResult alarm(Process& self, sim::Time delay) {
  enter(self, Syscall::alarm, [&] { return "(" + sim::format_duration(delay) + ")"; });
  auto result = kernel::sys_alarm(self.kernel(), self, delay);
  return leave(self, Syscall::alarm, result, 0);
}

}  // namespace ipcsim::user::libc
