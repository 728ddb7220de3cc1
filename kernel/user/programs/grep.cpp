// grep [-v] [-c] PATTERN [FILE...]: prints the lines that contain PATTERN
// (a fixed string here, as with -F), or with -v those that do not; -c prints
// how many instead. With several files each line or count is prefixed with
// "FILE:". Exit status as GNU grep: 0 a line was selected, 1 none was, 2 an
// error (even when lines were selected).
#include "kernel/user/programs/program_list.h"
#include "kernel/user/programs/text_tools.h"

namespace ipcsim::user::programs {
namespace {

using kernel::Errno;

class Grep final : public BuiltinProgram {
 public:
  explicit Grep(Arguments args) : BuiltinProgram("grep", std::move(args)) {}

 private:
  int main() override {
    GrepOptions options;
    if (auto usage = parse_grep_arguments(args(), options)) {
      error_line(*usage);
      return 2;
    }
    std::vector<std::string> files = options.files;
    const bool prefix = files.size() > 1;
    if (files.empty()) files.push_back("-");
    bool selected = false;
    bool trouble = false;
    for (const std::string& file : files) {
      const std::string label = file == "-" ? "(standard input)" : file;
      std::int64_t count = 0;
      const Errno error = for_each_line(file, [&](std::string_view line) {
        const std::string_view text = without_newline(line);
        if (!grep_selects(text, options)) return true;
        ++count;
        if (options.count) return true;
        if (prefix) out(label + ":");
        out(text);
        out("\n");  // a last line without a newline gets one, as GNU grep does
        return true;
      });
      if (error != Errno::none) {
        error_line("grep: " + label + ": " + std::string(error_text(error)));
        trouble = true;
        continue;
      }
      if (options.count) out((prefix ? label + ":" : std::string()) + std::to_string(count) + "\n");
      if (count > 0) selected = true;
    }
    if (trouble) return 2;
    return selected ? 0 : 1;
  }
};

}  // namespace

std::unique_ptr<BuiltinProgram> make_grep(Arguments args) { return std::make_unique<Grep>(std::move(args)); }

}  // namespace ipcsim::user::programs
