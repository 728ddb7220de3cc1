#include "kernel/user/programs/builtin.h"

#include "kernel/kernel.h"
#include "kernel/user/programs/text_tools.h"

namespace ipcsim::user::programs {

using kernel::Errno;

std::string_view error_text(Errno error) {
  switch (error) {
    case Errno::none: return "Success";
#define X(identifier, name, number, text) \
  case Errno::identifier: return text;
#include "kernel/errno.def"
#undef X
  }
  return "Unknown error";
}

BuiltinProgram::BuiltinProgram(std::string name, std::vector<std::string> args)
    : name_(std::move(name)), args_(std::move(args)) {}

void BuiltinProgram::run(kernel::Process& self) {
  self_ = &self;
  try {
    exit_now(main());
  } catch (const Leaving&) {
    // The process exited, exec'd or was killed: its image is done.
  }
}

void BuiltinProgram::leave_if_done() const {
  if (self_->must_leave()) throw Leaving{};
}

void BuiltinProgram::user_step() {
  self_->kernel().begin_step(*self_, true);
  leave_if_done();
}

void BuiltinProgram::boundary() {
  self_->kernel().begin_step(*self_, false);
  leave_if_done();
}

libc::CallResult BuiltinProgram::sys_read(int fd, std::string& data) {
  data.clear();
  return system_call([&] { return libc::read(*self_, fd, io_block, data); });
}

libc::CallResult BuiltinProgram::sys_write(int fd, std::string_view data) {
  return system_call([&] { return libc::write(*self_, fd, data); });
}

libc::CallResult BuiltinProgram::sys_open(std::string_view path, kernel::OpenFlags flags, int mode) {
  return system_call([&] { return libc::open(*self_, path, flags, mode); });
}
libc::CallResult BuiltinProgram::sys_close(int fd) {
  return system_call([&] { return libc::close(*self_, fd); });
}
libc::CallResult BuiltinProgram::sys_dup(int fd) {
  return system_call([&] { return libc::dup(*self_, fd); });
}
libc::CallResult BuiltinProgram::sys_dup2(int from, int to) {
  return system_call([&] { return libc::dup2(*self_, from, to); });
}
libc::CallResult BuiltinProgram::sys_pipe(int fds[2]) {
  return system_call([&] { return libc::pipe(*self_, fds); });
}
libc::CallResult BuiltinProgram::sys_fork(std::unique_ptr<kernel::ProcessImage> child) {
  // The child bears the parent's name until it execs, as on Linux.
  return system_call([&] { return libc::fork(*self_, self_->name(), std::move(child)); });
}
libc::CallResult BuiltinProgram::sys_exec(std::string_view program, const std::vector<std::string>& args) {
  return system_call([&] { return libc::exec(*self_, program, args); });
}
libc::CallResult BuiltinProgram::sys_wait(kernel::ChildStatus& status) {
  return system_call([&] { return libc::wait(*self_, true, kernel::ProcessSelector{}, false, status); });
}
libc::CallResult BuiltinProgram::sys_stat(std::string_view path, kernel::FileStatus& status) {
  return system_call([&] { return libc::stat(*self_, path, status); });
}
libc::CallResult BuiltinProgram::sys_getdents(int fd, std::vector<std::string>& names) {
  names.clear();
  return system_call([&] { return libc::getdents(*self_, fd, names); });
}
libc::CallResult BuiltinProgram::sys_chdir(std::string_view path) {
  return system_call([&] { return libc::chdir(*self_, path); });
}
libc::CallResult BuiltinProgram::sys_sleep(sim::Time duration) {
  return system_call([&] { return libc::sleep(*self_, duration); });
}

void BuiltinProgram::exit_now(int status) {
  if (!exiting_) {
    exiting_ = true;
    flush();
  }
  boundary();
  libc::exit(*self_, status);
  throw Leaving{};
}

void BuiltinProgram::out(std::string_view text) {
  output_.append(text);
  // A full buffer goes out in buffer-sized writes, as stdio's does.
  std::size_t written = 0;
  while (output_.size() - written >= static_cast<std::size_t>(io_block)) {
    std::string_view block = std::string_view(output_).substr(written, static_cast<std::size_t>(io_block));
    while (!block.empty()) {
      const auto result = sys_write(1, block);
      if (result.error == Errno::eintr) continue;
      if (!result.ok()) write_failed(result.error);
      block.remove_prefix(static_cast<std::size_t>(result.value));
    }
    written += static_cast<std::size_t>(io_block);
  }
  output_.erase(0, written);
}

void BuiltinProgram::flush() {
  std::string pending = std::move(output_);
  output_.clear();
  std::string_view rest = pending;
  // A write may take fewer bytes (a signal after some went in): the rest
  // follows, as fflush and coreutils' full_write do.
  while (!rest.empty()) {
    const auto result = sys_write(1, rest);
    if (result.error == Errno::eintr) continue;
    if (!result.ok()) write_failed(result.error);
    rest.remove_prefix(static_cast<std::size_t>(result.value));
  }
}

void BuiltinProgram::write_failed(Errno error) {
  // Killed by SIGPIPE: the call never came back (leave_if_done threw). Here
  // SIGPIPE was ignored or handled and the write failed with EPIPE.
  output_.clear();
  exiting_ = true;
  error_line(name_ + ": write error: " + std::string(error_text(error)));
  exit_now(1);
}

void BuiltinProgram::error_line(std::string_view line) {
  std::string text(line);
  text += '\n';
  (void)sys_write(2, text);
}

Errno BuiltinProgram::read_all(int fd, const std::function<bool(std::string_view)>& consume) {
  std::string data;
  for (;;) {
    const auto result = sys_read(fd, data);
    if (result.error == Errno::eintr) continue;  // coreutils' safe_read starts again
    if (!result.ok()) return result.error;
    if (data.empty()) return Errno::none;  // end of file
    if (!consume(data)) return Errno::none;
  }
}

int BuiltinProgram::open_input(std::string_view path, Errno& error) {
  error = Errno::none;
  if (path == "-") return 0;
  kernel::OpenFlags flags;
  flags.read = true;
  const auto result = sys_open(path, flags);
  if (!result.ok()) {
    error = result.error;
    return -1;
  }
  return static_cast<int>(result.value);
}

void BuiltinProgram::close_input(int fd) {
  if (fd > 0) (void)sys_close(fd);
}

Errno BuiltinProgram::for_each_line(std::string_view path, const std::function<bool(std::string_view)>& line) {
  Errno error = Errno::none;
  const int fd = open_input(path, error);
  if (fd < 0) return error;
  LineSplitter lines;
  bool more = true;
  auto each = [&](std::string_view text) {
    if (!more) return;
    user_step();
    more = line(text);
  };
  error = read_all(fd, [&](std::string_view piece) {
    lines.feed(piece, each);
    return more;
  });
  if (error == Errno::none && more) lines.finish(each);
  close_input(fd);
  return error;
}

}  // namespace ipcsim::user::programs
