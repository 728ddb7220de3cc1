#include "kernel/user/programs/text_tools.h"

#include <algorithm>

namespace ipcsim::user::programs {

std::string_view without_newline(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  return line;
}

namespace {

// An argument getopt treats as options: "-" alone is an operand (standard
// input), "--" ends the options.
bool is_option(std::string_view arg) { return arg.size() > 1 && arg.front() == '-'; }

std::string invalid_option(std::string_view program, char letter) {
  return std::string(program) + ": invalid option -- '" + letter + "'";
}

std::string try_help(std::string_view program) {
  return "Try '" + std::string(program) + " --help' for more information.";
}

// A non-negative decimal number, as coreutils' xstrtoumax takes it.
std::optional<std::int64_t> parse_count(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

// ---- grep ----

std::optional<std::string> parse_grep_arguments(const std::vector<std::string>& args, GrepOptions& options) {
  const std::string usage = "Usage: grep [OPTION]... PATTERNS [FILE]...\n" + try_help("grep");
  std::vector<std::string> operands;
  bool options_done = false;
  for (const std::string& arg : args) {
    if (options_done || !is_option(arg)) {
      operands.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    for (char letter : std::string_view(arg).substr(1)) {
      if (letter == 'v') options.invert = true;
      else if (letter == 'c') options.count = true;
      else if (letter == 'F') continue;  // fixed strings: what every pattern is here
      else return invalid_option("grep", letter) + "\n" + usage;
    }
  }
  if (operands.empty()) return usage;
  options.pattern = operands.front();
  options.files.assign(operands.begin() + 1, operands.end());
  return std::nullopt;
}

bool grep_selects(std::string_view line, const GrepOptions& options) {
  const bool contains = line.find(options.pattern) != std::string_view::npos;
  return contains != options.invert;
}

// ---- wc ----

void WordCount::add(std::string_view piece) {
  bytes += static_cast<std::int64_t>(piece.size());
  for (char c : piece) {
    // isspace in the C locale.
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
    if (c == '\n') ++lines;
    if (space) {
      in_word = false;
    } else if (!in_word) {
      in_word = true;
      ++words;
    }
  }
}

WordCount& WordCount::operator+=(const WordCount& other) {
  lines += other.lines;
  words += other.words;
  bytes += other.bytes;
  return *this;
}

std::optional<std::string> parse_wc_arguments(const std::vector<std::string>& args, WcOptions& options) {
  bool options_done = false;
  for (const std::string& arg : args) {
    if (options_done || !is_option(arg)) {
      options.files.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    for (char letter : std::string_view(arg).substr(1)) {
      if (letter == 'l') options.lines = true;
      else if (letter == 'w') options.words = true;
      else if (letter == 'c') options.bytes = true;
      else return invalid_option("wc", letter) + "\n" + try_help("wc");
    }
  }
  if (options.columns() == 0) options.lines = options.words = options.bytes = true;
  return std::nullopt;
}

int wc_number_width(const WcOptions& options, const std::vector<WcInput>& inputs) {
  if (inputs.size() <= 1 && options.columns() == 1) return 1;
  int minimum = 1;
  std::int64_t regular_total = 0;
  for (const WcInput& input : inputs) {
    if (!input.known) continue;  // a missing file: its error line has no counts
    if (input.regular) regular_total += input.size;
    else minimum = 7;
  }
  int width = 1;
  for (; regular_total >= 10; regular_total /= 10) ++width;
  return std::max(width, minimum);
}

std::string format_wc_line(const WordCount& counts, const WcOptions& options, int width, std::string_view name) {
  std::string line;
  auto column = [&](std::int64_t value) {
    if (!line.empty()) line += ' ';
    const std::string number = std::to_string(value);
    if (static_cast<int>(number.size()) < width) line.append(static_cast<std::size_t>(width) - number.size(), ' ');
    line += number;
  };
  if (options.lines) column(counts.lines);
  if (options.words) column(counts.words);
  if (options.bytes) column(counts.bytes);
  if (!name.empty()) (line += ' ') += name;
  return line + '\n';
}

// ---- head ----

std::optional<std::string> parse_head_arguments(const std::vector<std::string>& args, HeadOptions& options) {
  auto set_count = [&](std::string_view text) -> std::optional<std::string> {
    const std::optional<std::int64_t> count = parse_count(text);
    if (!count) return "head: invalid number of lines: '" + std::string(text) + "'";
    options.lines = *count;
    return std::nullopt;
  };
  bool options_done = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_done || !is_option(arg)) {
      options.files.push_back(arg);
    } else if (arg == "--") {
      options_done = true;
    } else if (arg == "-n") {
      if (i + 1 == args.size()) return "head: option requires an argument -- 'n'\n" + try_help("head");
      if (auto error = set_count(args[++i])) return error;
    } else if (arg.rfind("-n", 0) == 0) {
      if (auto error = set_count(std::string_view(arg).substr(2))) return error;
    } else if (arg.rfind("--lines=", 0) == 0) {
      if (auto error = set_count(std::string_view(arg).substr(8))) return error;
    } else if (arg[1] >= '0' && arg[1] <= '9') {
      // The old form `head -5`, which GNU still accepts.
      if (auto error = set_count(std::string_view(arg).substr(1))) return error;
    } else {
      return invalid_option("head", arg[1]) + "\n" + try_help("head");
    }
  }
  return std::nullopt;
}

// ---- sort, ls ----

void sort_lines(std::vector<std::string>& lines) {
  // std::string compares with char_traits<char>, which orders bytes as
  // unsigned char: strcmp's order, the C locale's collation.
  std::stable_sort(lines.begin(), lines.end());
}

std::vector<std::string> visible_names(std::vector<std::string> names) {
  std::erase_if(names, [](const std::string& name) { return name.empty() || name.front() == '.'; });
  std::sort(names.begin(), names.end());
  return names;
}

// ---- echo ----

namespace {

bool is_octal(char c) { return c >= '0' && c <= '7'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Appends `text` with its backslash escapes interpreted. Returns false at
// \c, which ends all output. `coreutils` adds \e and \xHH, which dash lacks.
bool append_escaped(std::string& out, std::string_view text, bool coreutils) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out += text[i];
      continue;
    }
    const char code = text[++i];
    switch (code) {
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'c': return false;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case '\\': out += '\\'; break;
      case '0': {
        int value = 0;
        for (int digits = 0; digits < 3 && i + 1 < text.size() && is_octal(text[i + 1]); ++digits)
          value = value * 8 + (text[++i] - '0');
        out += static_cast<char>(value);
        break;
      }
      case 'e':
        if (coreutils) {
          out += '\x1b';
          break;
        }
        [[fallthrough]];
      case 'x':
        if (code == 'x' && coreutils && i + 1 < text.size() && hex_value(text[i + 1]) >= 0) {
          int value = hex_value(text[++i]);
          if (i + 1 < text.size() && hex_value(text[i + 1]) >= 0) value = value * 16 + hex_value(text[++i]);
          out += static_cast<char>(value);
          break;
        }
        [[fallthrough]];
      default:
        // An unknown escape stays as written, backslash and all.
        out += '\\';
        out += code;
    }
  }
  return true;
}

std::string echo_words(const std::vector<std::string>& args, std::size_t first, bool newline, bool escapes,
                       bool coreutils) {
  std::string out;
  for (std::size_t i = first; i < args.size(); ++i) {
    if (i > first) out += ' ';
    if (!escapes) {
      out += args[i];
    } else if (!append_escaped(out, args[i], coreutils)) {
      return out;
    }
  }
  if (newline) out += '\n';
  return out;
}

}  // namespace

std::string shell_echo(const std::vector<std::string>& args) {
  const bool no_newline = !args.empty() && args.front() == "-n";
  return echo_words(args, no_newline ? 1 : 0, !no_newline, true, false);
}

std::string program_echo(const std::vector<std::string>& args) {
  bool newline = true;
  bool escapes = false;
  std::size_t first = 0;
  for (; first < args.size(); ++first) {
    const std::string& arg = args[first];
    if (arg.size() < 2 || arg.front() != '-' || arg.find_first_not_of("neE", 1) != std::string::npos) break;
    for (char letter : std::string_view(arg).substr(1)) {
      if (letter == 'n') newline = false;
      else escapes = letter == 'e';
    }
  }
  return echo_words(args, first, newline, escapes, true);
}

// ---- sleep ----

std::optional<sim::Time> parse_interval(std::string_view text) {
  std::int64_t multiplier = 1;
  if (!text.empty()) {
    switch (text.back()) {
      case 's': multiplier = 1; break;
      case 'm': multiplier = 60; break;
      case 'h': multiplier = 60 * 60; break;
      case 'd': multiplier = 24 * 60 * 60; break;
      default: multiplier = 0;
    }
    if (multiplier != 0) text.remove_suffix(1);
    else multiplier = 1;
  }
  const std::size_t point = text.find('.');
  const std::string_view whole = text.substr(0, point);
  const std::string_view fraction = point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
  if (whole.empty() && fraction.empty()) return std::nullopt;
  if (whole.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  if (fraction.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  // Past about a century the clock would overflow; GNU would sleep "forever".
  if (whole.size() > 9) return std::nullopt;
  std::int64_t seconds = 0;
  for (char c : whole) seconds = seconds * 10 + (c - '0');
  // The fraction to nanoseconds: nine digits kept, any further non-zero
  // digit rounds up.
  std::int64_t nanoseconds = 0;
  bool remainder = false;
  for (std::size_t i = 0; i < fraction.size(); ++i) {
    if (i < 9) nanoseconds = nanoseconds * 10 + (fraction[i] - '0');
    else if (fraction[i] != '0') remainder = true;
  }
  for (std::size_t i = fraction.size(); i < 9; ++i) nanoseconds *= 10;
  return (seconds * sim::seconds + nanoseconds) * multiplier + (remainder ? 1 : 0);
}

}  // namespace ipcsim::user::programs
