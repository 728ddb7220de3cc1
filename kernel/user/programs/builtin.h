#pragma once
// The base of the built-in programs (sh, ls, cat, grep, ...): a process image
// written in C++ against the libc stubs, as a C program is written against
// its C library. It gives each program its arguments, a step boundary before
// every system call, a stdio-like output buffer on fd 1, reads of whole
// inputs in 4096-byte pieces, error lines on fd 2, and the final exit.
#include "kernel/errno.h"  // first: <cerrno> macros would break the Errno enum

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/process.h"
#include "kernel/system_calls.h"
#include "kernel/user/libc.h"

namespace ipcsim::user::programs {

// The size of one read and of the output buffer: BUFSIZ-like, as stdio and
// coreutils use on a pipe.
inline constexpr std::int64_t io_block = 4096;

// The text of an errno as strerror(3) gives it in the C locale.
std::string_view error_text(kernel::Errno error);

class BuiltinProgram : public kernel::ProcessImage {
 public:
  // `name` is argv[0] (the name exec was given), `args` argv[1...].
  BuiltinProgram(std::string name, std::vector<std::string> args);
  // Runs main(), flushes the output and calls exit with its status, as the C
  // runtime does when main returns.
  void run(kernel::Process& self) final;

 protected:
  // The program's body; returns the exit status.
  virtual int main() = 0;

  kernel::Process& self() const { return *self_; }
  const std::string& name() const { return name_; }
  const std::vector<std::string>& args() const { return args_; }

  // One user-mode step: a line of text processed, a buffer filled. It is
  // charged as the step interpreter charges `set` or `assert`.
  void user_step();

  // The system calls, each behind a step boundary (the point where a
  // preemption or the engine's horizon is taken). When the process must
  // leave (it exited, exec'd, or was killed) the call does not come back:
  // the program unwinds to run(), as a real process never returns from
  // exit(2), a successful execve(2), or a fatal signal.
  libc::CallResult sys_read(int fd, std::string& data);
  libc::CallResult sys_write(int fd, std::string_view data);
  libc::CallResult sys_open(std::string_view path, kernel::OpenFlags flags, int mode = 0666);
  libc::CallResult sys_close(int fd);
  libc::CallResult sys_dup(int fd);
  libc::CallResult sys_dup2(int from, int to);
  libc::CallResult sys_pipe(int fds[2]);
  libc::CallResult sys_fork(std::unique_ptr<kernel::ProcessImage> child);
  libc::CallResult sys_exec(std::string_view program, const std::vector<std::string>& args);
  libc::CallResult sys_wait(kernel::ChildStatus& status);
  libc::CallResult sys_stat(std::string_view path, kernel::FileStatus& status);
  libc::CallResult sys_getdents(int fd, std::vector<std::string>& names);
  libc::CallResult sys_chdir(std::string_view path);
  libc::CallResult sys_sleep(sim::Time duration);
  // Flushes the output and exits; never returns.
  [[noreturn]] void exit_now(int status);

  // Standard output, buffered as stdio buffers it on a pipe: written with
  // write(1) whenever 4096 bytes are waiting, and at exit. A failed write
  // (EPIPE with SIGPIPE ignored, EBADF) ends the program with status 1 after
  // "NAME: write error: TEXT" on fd 2, as coreutils' close_stdout does.
  void out(std::string_view text);
  void flush();

  // Writes `line` and a newline to fd 2 at once (stderr is unbuffered).
  // A failure is ignored: there is nowhere left to report it.
  void error_line(std::string_view line);

  // Reads `fd` until end of file (read returns ""), in 4096-byte reads,
  // handing each piece to `consume`, which returns false to stop early
  // (head has what it needs). Returns the error of a failed read, or
  // Errno::none.
  kernel::Errno read_all(int fd, const std::function<bool(std::string_view)>& consume);
  // Opens a named input for reading; "-" is standard input (fd 0), as
  // coreutils read it. Returns the fd, or -1 with `error` set.
  int open_input(std::string_view path, kernel::Errno& error);
  // Closes an fd open_input returned (never fd 0).
  void close_input(int fd);
  // Reads a named input line by line: `line` gets each line with its
  // newline (the last may lack one), one user step each; `line` returns
  // false to stop reading. Returns the error of a failed open or read; the
  // program reports it.
  kernel::Errno for_each_line(std::string_view path, const std::function<bool(std::string_view)>& line);

 private:
  // Thrown to unwind the program when the process must leave; caught in run().
  struct Leaving {};
  void leave_if_done() const;
  // The step boundary before a system call, as the step interpreter makes
  // one before each system-call step; no user step is charged for it.
  void boundary();
  template <typename Call>
  libc::CallResult system_call(Call&& call) {
    boundary();
    const libc::CallResult result = call();
    leave_if_done();
    return result;
  }
  [[noreturn]] void write_failed(kernel::Errno error);

  std::string name_;
  std::vector<std::string> args_;
  kernel::Process* self_ = nullptr;
  std::string output_;
  bool exiting_ = false;
};

}  // namespace ipcsim::user::programs
