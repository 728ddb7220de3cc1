#pragma once
// The text work of the built-in programs, free of system calls so it can be
// tested on its own: splitting input into lines, grep's matching, wc's
// counting and columns, sort's order, ls's listing, echo's arguments, and
// the numbers head and sleep take. Everything follows GNU coreutils (and
// dash for the shell's echo) in the C locale: bytes, not characters.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/time.h"

namespace ipcsim::user::programs {

// Cuts a stream that arrives in pieces into lines. Each line is handed over
// with its '\n'; at end of file a last line without one is handed over too.
class LineSplitter {
 public:
  template <typename Each>
  void feed(std::string_view piece, Each&& each) {
    for (;;) {
      const std::size_t newline = piece.find('\n');
      if (newline == std::string_view::npos) break;
      if (partial_.empty()) {
        each(piece.substr(0, newline + 1));
      } else {
        partial_.append(piece.substr(0, newline + 1));
        each(std::string_view(partial_));
        partial_.clear();
      }
      piece.remove_prefix(newline + 1);
    }
    partial_.append(piece);
  }
  template <typename Each>
  void finish(Each&& each) {
    if (partial_.empty()) return;
    each(std::string_view(partial_));
    partial_.clear();
  }

 private:
  std::string partial_;
};

// The line without its newline.
std::string_view without_newline(std::string_view line);

// ---- grep ----
struct GrepOptions {
  bool invert = false;  // -v
  bool count = false;   // -c
  std::string pattern;
  std::vector<std::string> files;  // empty: standard input
};
// GNU's argument order: options anywhere before `--` (getopt permutes),
// the first operand is the pattern. Returns the message of a usage error.
std::optional<std::string> parse_grep_arguments(const std::vector<std::string>& args, GrepOptions& options);
// The pattern is a fixed string: `line` (without its newline) is selected
// when it contains it, or with -v when it does not. An empty pattern
// matches every line, as in grep.
bool grep_selects(std::string_view line, const GrepOptions& options);

// ---- wc ----
struct WordCount {
  std::int64_t lines = 0;  // newline characters
  std::int64_t words = 0;  // runs of bytes that are not white space
  std::int64_t bytes = 0;
  bool in_word = false;
  void add(std::string_view piece);
  WordCount& operator+=(const WordCount& other);
};
struct WcOptions {
  bool lines = false;  // -l
  bool words = false;  // -w
  bool bytes = false;  // -c
  std::vector<std::string> files;  // empty: standard input
  int columns() const { return int{lines} + int{words} + int{bytes}; }
};
// With no option wc counts lines, words and bytes.
std::optional<std::string> parse_wc_arguments(const std::vector<std::string>& args, WcOptions& options);
// What wc knows of an input before reading it (GNU stats named files and
// fstats standard input; with no fstat here, standard input counts as a
// pipe or terminal: known, not regular).
struct WcInput {
  bool known = false;    // examined: stat succeeded, or standard input
  bool regular = false;  // a regular file, whose size is known
  std::int64_t size = 0;
};
// GNU's compute_number_width: 1 for a single input with a single count
// (`ls | wc -l` prints just the number); else wide enough for the total size
// of the regular files, and at least 7 when any examined input is not a
// regular file (its size is unknown). Inputs that could not be examined
// do not count.
int wc_number_width(const WcOptions& options, const std::vector<WcInput>& inputs);
// One output line: the selected counts in the order lines, words, bytes,
// each right-aligned to `width` and separated by a space, then " NAME"
// unless `name` is empty (standard input given as no operand).
std::string format_wc_line(const WordCount& counts, const WcOptions& options, int width, std::string_view name);

// ---- head ----
// `-n N`, `-nN`, `-N` and `--lines=N`; N a non-negative decimal number.
struct HeadOptions {
  std::int64_t lines = 10;
  std::vector<std::string> files;
};
std::optional<std::string> parse_head_arguments(const std::vector<std::string>& args, HeadOptions& options);

// ---- sort ----
// Bytewise order (strcmp in the C locale; bytes compare as unsigned).
void sort_lines(std::vector<std::string>& lines);

// ---- ls ----
// What ls shows of a directory: names not starting with '.', sorted bytewise.
std::vector<std::string> visible_names(std::vector<std::string> names);

// ---- echo ----
// dash's builtin echo: only a first argument "-n" is an option, and
// backslash escapes are always interpreted (\n \t \\ \c \0NNN ...); \c ends
// the output, newline included.
std::string shell_echo(const std::vector<std::string>& args);
// coreutils' echo: leading options made of n, e and E letters (-n no newline,
// -e interpret escapes, -E do not, the default); anything else is text.
std::string program_echo(const std::vector<std::string>& args);

// ---- sleep ----
// GNU sleep's interval: a decimal number with an optional fraction and an
// optional suffix s (default), m, h or d. Nanoseconds, rounded up as
// GNU's xnanosleep does; nullopt when it is not such a number.
std::optional<sim::Time> parse_interval(std::string_view text);

}  // namespace ipcsim::user::programs
