// wc [-l] [-w] [-c] [FILE...]: GNU wc in the C locale. Counts newlines,
// words (runs of non-space bytes) and bytes, printed in that order in
// columns as wide as GNU makes them (text_tools.h, wc_number_width), one
// line per file and a "total" line for several; from standard input alone
// with one count, just the number. Status 1 when a file could not be read.
#include <algorithm>

#include "kernel/user/programs/program_list.h"
#include "kernel/user/programs/text_tools.h"

namespace ipcsim::user::programs {
namespace {

using kernel::Errno;

class Wc final : public BuiltinProgram {
 public:
  explicit Wc(Arguments args) : BuiltinProgram("wc", std::move(args)) {}

 private:
  int main() override {
    WcOptions options;
    if (auto usage = parse_wc_arguments(args(), options)) {
      error_line(*usage);
      return 1;
    }
    const bool from_stdin = options.files.empty();
    std::vector<std::string> files = options.files;
    if (from_stdin) files.push_back("-");

    // GNU stats every input first to size its columns, unless a single
    // input with a single count makes the width 1 anyway.
    std::vector<WcInput> inputs(files.size());
    if (!(files.size() == 1 && options.columns() == 1)) {
      for (std::size_t i = 0; i < files.size(); ++i) {
        WcInput& input = inputs[i];
        if (files[i] == "-") {
          input.known = true;  // no fstat here: taken as a pipe or terminal
          continue;
        }
        kernel::FileStatus info;
        if (!sys_stat(files[i], info).ok()) continue;
        input.known = true;
        input.regular = info.type == kernel::FileType::regular;
        input.size = info.size;
      }
    }
    const int width = wc_number_width(options, inputs);

    int status = 0;
    WordCount total;
    for (const std::string& file : files) {
      Errno error = Errno::none;
      const int fd = open_input(file, error);
      if (fd < 0) {
        error_line("wc: " + file + ": " + std::string(error_text(error)));
        status = 1;
        continue;
      }
      WordCount counts;
      error = read_all(fd, [&](std::string_view piece) {
        const std::int64_t lines_before = counts.lines;
        counts.add(piece);
        // One user step per line counted (at least one per piece read).
        for (std::int64_t i = lines_before; i < std::max(counts.lines, lines_before + 1); ++i) user_step();
        return true;
      });
      close_input(fd);
      if (error != Errno::none) {
        // GNU reports the error and still prints what it counted.
        error_line("wc: " + file + ": " + std::string(error_text(error)));
        status = 1;
      }
      counts.in_word = false;
      total += counts;
      out(format_wc_line(counts, options, width, from_stdin ? std::string_view() : std::string_view(file)));
    }
    if (files.size() > 1) out(format_wc_line(total, options, width, "total"));
    return status;
  }
};

}  // namespace

std::unique_ptr<BuiltinProgram> make_wc(Arguments args) { return std::make_unique<Wc>(std::move(args)); }

}  // namespace ipcsim::user::programs
