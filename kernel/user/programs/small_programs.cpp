// The programs too small for a file each: echo, yes, true, false, sleep,
// as GNU coreutils has them.
#include "kernel/user/programs/program_list.h"
#include "kernel/user/programs/text_tools.h"

namespace ipcsim::user::programs {
namespace {

using kernel::Errno;

// echo [-neE] [STRING...]: the program (/bin/echo), not the shell's builtin.
class Echo final : public BuiltinProgram {
 public:
  explicit Echo(Arguments args) : BuiltinProgram("echo", std::move(args)) {}

 private:
  int main() override {
    out(program_echo(args()));
    return 0;
  }
};

// yes [STRING...]: the line ("y" by default) again and again until a write
// fails. Like GNU yes it fills a buffer with whole copies of the line and
// writes that buffer each time, so each write carries about 4096 bytes.
class Yes final : public BuiltinProgram {
 public:
  explicit Yes(Arguments args) : BuiltinProgram("yes", std::move(args)) {}

 private:
  int main() override {
    std::string line;
    for (const std::string& arg : args()) line += (line.empty() ? "" : " ") + arg;
    if (args().empty()) line = "y";
    line += '\n';
    std::string block;
    const std::size_t copies = std::max<std::size_t>(1, static_cast<std::size_t>(io_block) / line.size());
    for (std::size_t i = 0; i < copies; ++i) block += line;
    for (;;) {
      user_step();
      const auto written = sys_write(1, block);
      if (written.ok() || written.error == Errno::eintr) continue;
      // Only with SIGPIPE ignored or handled: otherwise the signal ended
      // the process inside the write.
      error_line("yes: standard output: " + std::string(error_text(written.error)));
      return 1;
    }
  }
};

class Status final : public BuiltinProgram {
 public:
  Status(std::string name, Arguments args, int status) : BuiltinProgram(std::move(name), std::move(args)), status_(status) {}

 private:
  int main() override { return status_; }
  int status_;
};

// sleep NUMBER[SUFFIX]...: the sum of the intervals, in one nanosleep.
class Sleep final : public BuiltinProgram {
 public:
  explicit Sleep(Arguments args) : BuiltinProgram("sleep", std::move(args)) {}

 private:
  int main() override {
    if (args().empty()) {
      error_line("sleep: missing operand");
      error_line("Try 'sleep --help' for more information.");
      return 1;
    }
    sim::Time total = 0;
    for (const std::string& arg : args()) {
      const std::optional<sim::Time> interval = parse_interval(arg);
      if (!interval) {
        error_line("sleep: invalid time interval '" + arg + "'");
        error_line("Try 'sleep --help' for more information.");
        return 1;
      }
      total += *interval;
    }
    // A handled signal cuts the sleep short (EINTR); the program then ends
    // as if the time were up.
    (void)sys_sleep(total);
    return 0;
  }
};

}  // namespace

std::unique_ptr<BuiltinProgram> make_echo(Arguments args) { return std::make_unique<Echo>(std::move(args)); }
std::unique_ptr<BuiltinProgram> make_yes(Arguments args) { return std::make_unique<Yes>(std::move(args)); }
std::unique_ptr<BuiltinProgram> make_true(Arguments args) {
  return std::make_unique<Status>("true", std::move(args), 0);
}
std::unique_ptr<BuiltinProgram> make_false(Arguments args) {
  return std::make_unique<Status>("false", std::move(args), 1);
}
std::unique_ptr<BuiltinProgram> make_sleep(Arguments args) { return std::make_unique<Sleep>(std::move(args)); }

}  // namespace ipcsim::user::programs
