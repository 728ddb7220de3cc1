// head [-n N] [FILE...]: the first N lines (10 by default) of each file or
// of standard input. It stops reading once it has them and exits, closing
// its end of a pipe: the writer then gets SIGPIPE, which is how
// `yes | head -n 1` ends. With several files each gets a "==> NAME <=="
// header, as GNU prints it. Status 1 when a file could not be read.
#include "kernel/user/programs/program_list.h"
#include "kernel/user/programs/text_tools.h"

namespace ipcsim::user::programs {
namespace {

using kernel::Errno;

class Head final : public BuiltinProgram {
 public:
  explicit Head(Arguments args) : BuiltinProgram("head", std::move(args)) {}

 private:
  int main() override {
    HeadOptions options;
    if (auto usage = parse_head_arguments(args(), options)) {
      error_line(*usage);
      return 1;
    }
    std::vector<std::string> files = options.files;
    if (files.empty()) files.push_back("-");
    const bool headers = files.size() > 1;
    int status = 0;
    bool first = true;
    for (const std::string& file : files) {
      const std::string label = file == "-" ? "standard input" : file;
      if (headers) out(std::string(first ? "" : "\n") + "==> " + label + " <==\n");
      first = false;
      std::int64_t left = options.lines;
      Errno error = Errno::none;
      if (left == 0) {
        // Nothing to print: GNU opens the file but reads nothing.
        const int fd = open_input(file, error);
        if (fd >= 0) close_input(fd);
      } else {
        error = for_each_line(file, [&](std::string_view line) {
          out(line);  // as it came: a last line without a newline stays so
          return --left > 0;
        });
      }
      if (error != Errno::none) {
        error_line("head: cannot open '" + file + "' for reading: " + std::string(error_text(error)));
        status = 1;
      }
    }
    return status;
  }
};

}  // namespace

std::unique_ptr<BuiltinProgram> make_head(Arguments args) { return std::make_unique<Head>(std::move(args)); }

}  // namespace ipcsim::user::programs
