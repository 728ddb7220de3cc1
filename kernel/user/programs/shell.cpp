// sh: `sh -c STRING`, run as dash runs it. Builtins (echo, true, false,
// exit, cd) run in the shell itself unless they are part of a pipeline; every
// other command is forked and exec'd, except the last simple command of the
// string, which the shell execs in place of itself (dash's EV_EXIT).
#include <optional>

#include "kernel/user/programs/program_list.h"
#include "kernel/user/programs/sh_parser.h"
#include "kernel/user/programs/text_tools.h"

namespace ipcsim::user::programs {
namespace {

using kernel::Errno;

// The status a shell reports for a child: its exit code, or 128 + the
// signal that killed it.
int status_of(const kernel::ChildStatus& status) { return status.signal ? 128 + status.signal : status.code; }

bool is_shell_builtin(std::string_view word) {
  return word == "echo" || word == "true" || word == "false" || word == "exit" || word == "cd" || word == ":";
}

// What a forked child of the shell does before it runs its command: the
// fd plumbing of dash's evalpipe. -1 means "none".
struct ChildPlan {
  int pipe_read = -1;   // the read end of the pipe this command writes into
  int previous = -1;    // the read end of the pipe before it (its stdin)
  int pipe_write = -1;  // the write end of the pipe this command writes into
  SimpleCommand command;
};

class Shell final : public BuiltinProgram {
 public:
  explicit Shell(Arguments args) : BuiltinProgram("sh", std::move(args)) {}
  // The image of a forked child: the shell's code after fork in the child.
  explicit Shell(ChildPlan plan) : BuiltinProgram("sh", {}), plan_(std::move(plan)) {}

 private:
  int main() override;
  int run_list(const CommandList& list);
  int run_pipeline(const Pipeline& pipeline);
  int run_simple(const SimpleCommand& command, bool last);
  int run_child(const ChildPlan& plan);
  int wait_for(kernel::Pid pid);
  [[noreturn]] void exec_command(const SimpleCommand& command);
  int run_builtin(const std::vector<std::string>& words);
  int run_builtin_redirected(const SimpleCommand& command);
  bool redirect(const Redirection& redirection);

  std::optional<ChildPlan> plan_;
  int status_ = 0;  // $?: the status of the last command
};

int Shell::main() {
  if (plan_) return run_child(*plan_);
  if (args().empty() || args().front() != "-c") {
    error_line("sh: only 'sh -c STRING' is supported");
    return 2;
  }
  if (args().size() < 2) {
    error_line("sh: -c requires an argument");
    return 2;
  }
  const ParseResult parsed = parse_shell(args()[1]);
  if (parsed.error) {
    error_line("sh: syntax error: " + *parsed.error);
    return 2;
  }
  return run_list(parsed.list);
}

int Shell::run_list(const CommandList& list) {
  for (std::size_t i = 0; i < list.items.size(); ++i) {
    const ListItem& item = list.items[i];
    // `a && b || c` is `(a && b) || c`: each connector looks at the status so far.
    if (item.connector == Connector::and_then && status_ != 0) continue;
    if (item.connector == Connector::or_else && status_ == 0) continue;
    const bool last = i + 1 == list.items.size();
    if (item.pipeline.commands.size() == 1) status_ = run_simple(item.pipeline.commands.front(), last);
    else status_ = run_pipeline(item.pipeline);
  }
  return status_;
}

// dash's evalpipe: a pipe before each command but the last, a fork per
// command; the parent closes its copies at once and then waits for every
// child. Its status is the last command's.
int Shell::run_pipeline(const Pipeline& pipeline) {
  const std::size_t count = pipeline.commands.size();
  int previous = -1;
  int children = 0;
  kernel::Pid last_child = 0;
  int status = 0;
  for (std::size_t i = 0; i < count; ++i) {
    int fds[2] = {-1, -1};
    if (i + 1 < count && !sys_pipe(fds).ok()) {
      error_line("sh: Pipe call failed");
      if (previous >= 0) (void)sys_close(previous);
      previous = -1;
      status = 2;
      break;
    }
    auto child = std::make_unique<Shell>(ChildPlan{fds[0], previous, fds[1], pipeline.commands[i]});
    const auto forked = sys_fork(std::move(child));
    if (!forked.ok()) {
      error_line("sh: Cannot fork");
      for (int fd : {previous, fds[0], fds[1]})
        if (fd >= 0) (void)sys_close(fd);
      previous = -1;
      status = 2;
      break;
    }
    ++children;
    if (i + 1 == count) last_child = forked.value;
    if (previous >= 0) (void)sys_close(previous);
    previous = fds[0];
    if (fds[1] >= 0) (void)sys_close(fds[1]);
  }
  for (; children > 0; --children) {
    kernel::ChildStatus child;
    auto waited = sys_wait(child);
    while (waited.error == Errno::eintr) waited = sys_wait(child);
    if (!waited.ok()) break;
    if (waited.value == last_child) status = status_of(child);
  }
  return status;
}

int Shell::run_simple(const SimpleCommand& command, bool last) {
  if (command.words.empty() || is_shell_builtin(command.words.front())) return run_builtin_redirected(command);
  if (last) {
    // The last command: no fork, its redirections in the shell, then exec.
    for (const Redirection& redirection : command.redirections)
      if (!redirect(redirection)) return 2;
    exec_command(command);
  }
  const auto forked = sys_fork(std::make_unique<Shell>(ChildPlan{-1, -1, -1, command}));
  if (!forked.ok()) {
    error_line("sh: Cannot fork");
    return 2;
  }
  return wait_for(forked.value);
}

int Shell::wait_for(kernel::Pid pid) {
  for (;;) {
    kernel::ChildStatus child;
    const auto waited = sys_wait(child);
    if (waited.error == Errno::eintr) continue;
    if (!waited.ok()) return 127;
    if (waited.value == pid) return status_of(child);
  }
}

// In the child, right after fork: the pipe ends go to fds 0 and 1 (the
// order dash uses), then the command's own redirections, then exec.
int Shell::run_child(const ChildPlan& plan) {
  if (plan.pipe_read >= 0) (void)sys_close(plan.pipe_read);
  if (plan.previous > 0) {
    (void)sys_dup2(plan.previous, 0);
    (void)sys_close(plan.previous);
  }
  if (plan.pipe_write > 1) {
    (void)sys_dup2(plan.pipe_write, 1);
    (void)sys_close(plan.pipe_write);
  }
  for (const Redirection& redirection : plan.command.redirections)
    if (!redirect(redirection)) return 2;
  if (plan.command.words.empty()) return 0;
  // A builtin in a pipeline runs in the child, which exits with its status.
  if (is_shell_builtin(plan.command.words.front())) return run_builtin(plan.command.words);
  exec_command(plan.command);
}

void Shell::exec_command(const SimpleCommand& command) {
  flush();
  const std::vector<std::string> args(command.words.begin() + 1, command.words.end());
  const auto result = sys_exec(command.words.front(), args);
  // Still here: exec failed. dash says "not found" for an unknown program
  // and exits 127; any other failure is 126 (found, but not runnable).
  if (result.error == Errno::enoent) {
    error_line(command.words.front() + ": not found");
    exit_now(127);
  }
  error_line(command.words.front() + ": " + std::string(error_text(result.error)));
  exit_now(126);
}

// One redirection applied to this process: open the file, move it to its
// fd with dup2 and close the extra descriptor, as dash does.
bool Shell::redirect(const Redirection& redirection) {
  if (redirection.kind == Redirection::Kind::duplicate) {
    const int from = std::stoi(redirection.target);
    if (from == redirection.fd) return true;
    if (!sys_dup2(from, redirection.fd).ok()) {
      error_line("sh: " + redirection.target + ": Bad file descriptor");
      return false;
    }
    return true;
  }
  kernel::OpenFlags flags;
  if (redirection.kind == Redirection::Kind::input) {
    flags.read = true;
  } else {
    flags.write = true;
    flags.create = true;
    flags.truncate = redirection.kind == Redirection::Kind::output;
    flags.append = redirection.kind == Redirection::Kind::append;
  }
  // dash passes mode 0666; the umask would trim it on Linux.
  const auto opened = sys_open(redirection.target, flags, 0666);
  if (!opened.ok()) {
    const char* what = redirection.kind == Redirection::Kind::input ? "sh: cannot open " : "sh: cannot create ";
    error_line(what + redirection.target + ": " + std::string(error_text(opened.error)));
    return false;
  }
  const int fd = static_cast<int>(opened.value);
  if (fd != redirection.fd) {
    (void)sys_dup2(fd, redirection.fd);
    (void)sys_close(fd);
  }
  return true;
}

// A builtin (or a command of redirections only) in the shell itself: each
// redirected fd is saved with dup first and put back with dup2 and close
// after, so the shell's own fds are as they were.
int Shell::run_builtin_redirected(const SimpleCommand& command) {
  struct Saved {
    int fd;
    int copy;  // -1: the fd was not open before; it is closed after
  };
  std::vector<Saved> saved;
  bool redirected = true;
  for (const Redirection& redirection : command.redirections) {
    const auto copy = sys_dup(redirection.fd);
    saved.push_back(Saved{redirection.fd, copy.ok() ? static_cast<int>(copy.value) : -1});
    if (!redirect(redirection)) {
      redirected = false;
      break;
    }
  }
  int status = 2;
  if (redirected) status = command.words.empty() ? 0 : run_builtin(command.words);
  flush();
  for (auto it = saved.rbegin(); it != saved.rend(); ++it) {
    if (it->copy >= 0) {
      (void)sys_dup2(it->copy, it->fd);
      (void)sys_close(it->copy);
    } else {
      (void)sys_close(it->fd);
    }
  }
  return status;
}

int Shell::run_builtin(const std::vector<std::string>& words) {
  const std::string& command = words.front();
  const std::vector<std::string> args(words.begin() + 1, words.end());
  if (command == "true" || command == ":") return 0;
  if (command == "false") return 1;
  if (command == "echo") {
    out(shell_echo(args));
    flush();
    return 0;
  }
  if (command == "exit") {
    if (args.empty()) exit_now(status_);
    const std::string& number = args.front();
    if (number.empty() || number.size() > 9 || number.find_first_not_of("0123456789") != std::string::npos) {
      error_line("sh: exit: Illegal number: " + number);
      return 2;
    }
    exit_now(std::stoi(number) & 0xff);
  }
  // cd: there is no environment, so no $HOME; a bare `cd` goes to "/".
  const std::string directory = args.empty() ? std::string("/") : args.front();
  if (!sys_chdir(directory).ok()) {
    error_line("sh: cd: can't cd to " + directory);
    return 2;
  }
  return 0;
}

}  // namespace

std::unique_ptr<BuiltinProgram> make_sh(Arguments args) { return std::make_unique<Shell>(std::move(args)); }

}  // namespace ipcsim::user::programs
