// sort [-r] [FILE...]: every line of the inputs (standard input for none),
// in bytewise order (the C locale) or its reverse with -r. Each output
// line ends with a newline, also the last one when the input lacked it.
// Status 2 when an input could not be read, as GNU sort.
#include <algorithm>

#include "kernel/user/programs/program_list.h"
#include "kernel/user/programs/text_tools.h"

namespace ipcsim::user::programs {
namespace {

using kernel::Errno;

class Sort final : public BuiltinProgram {
 public:
  explicit Sort(Arguments args) : BuiltinProgram("sort", std::move(args)) {}

 private:
  int main() override {
    bool reverse = false;
    std::vector<std::string> files;
    for (const std::string& arg : args()) {
      if (arg == "-r") {
        reverse = true;
      } else if (arg.size() > 1 && arg.front() == '-') {
        error_line("sort: invalid option -- '" + std::string(1, arg[1]) + "'");
        error_line("Try 'sort --help' for more information.");
        return 2;
      } else {
        files.push_back(arg);
      }
    }
    if (files.empty()) files.push_back("-");
    std::vector<std::string> lines;
    for (const std::string& file : files) {
      const Errno error = for_each_line(file, [&](std::string_view line) {
        lines.emplace_back(without_newline(line));
        return true;
      });
      if (error != Errno::none) {
        // GNU sort gives up at the first input it cannot read.
        error_line("sort: cannot read: " + file + ": " + std::string(error_text(error)));
        return 2;
      }
    }
    sort_lines(lines);
    if (reverse) std::reverse(lines.begin(), lines.end());
    for (const std::string& line : lines) {
      out(line);
      out("\n");
    }
    return 0;
  }
};

}  // namespace

std::unique_ptr<BuiltinProgram> make_sort(Arguments args) { return std::make_unique<Sort>(std::move(args)); }

}  // namespace ipcsim::user::programs
