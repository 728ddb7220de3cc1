// The text work of the built-in programs (kernel/user/programs/text_tools):
// lines, grep, wc's counts and columns, head's numbers, sort and ls order,
// echo, sleep's intervals; GNU coreutils and dash in the C locale.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "kernel/user/programs/text_tools.h"

namespace ipcsim::user::programs {
namespace {

using Strings = std::vector<std::string>;

Strings split(const Strings& pieces) {
  Strings lines;
  LineSplitter splitter;
  auto each = [&](std::string_view line) { lines.emplace_back(line); };
  for (const std::string& piece : pieces) splitter.feed(piece, each);
  splitter.finish(each);
  return lines;
}

GrepOptions grep_options(const Strings& args) {
  GrepOptions options;
  const auto error = parse_grep_arguments(args, options);
  REQUIRE_MESSAGE(!error, *error);
  return options;
}

WcOptions wc_options(const Strings& args) {
  WcOptions options;
  const auto error = parse_wc_arguments(args, options);
  REQUIRE_MESSAGE(!error, *error);
  return options;
}

WordCount counted(std::string_view text) {
  WordCount counts;
  counts.add(text);
  return counts;
}

TEST_SUITE("text_tools") {

TEST_CASE("lines keep their newline, across pieces; the last may lack one") {
  CHECK(split({"a\nb", "c\n\nd"}) == Strings{"a\n", "bc\n", "\n", "d"});
  CHECK(split({"one\n"}) == Strings{"one\n"});
  CHECK(split({"", ""}).empty());
  CHECK(without_newline("x\n") == "x");
  CHECK(without_newline("x") == "x");
}

TEST_CASE("grep: fixed strings, -v, -c, options anywhere before --") {
  GrepOptions options = grep_options({"foo"});
  CHECK(options.pattern == "foo");
  CHECK(options.files.empty());
  CHECK(grep_selects("a foo b", options));
  CHECK_FALSE(grep_selects("fo o", options));
  // Fixed strings: regular expression characters are plain bytes.
  CHECK(grep_selects("a.b", grep_options({"."})));
  CHECK_FALSE(grep_selects("ab", grep_options({"a.b"})));

  options = grep_options({"-vc", "foo", "f1", "f2"});
  CHECK(options.invert);
  CHECK(options.count);
  CHECK(options.files == Strings{"f1", "f2"});
  CHECK_FALSE(grep_selects("foo", options));
  CHECK(grep_selects("bar", options));

  options = grep_options({"foo", "file", "-v"});  // getopt permutes
  CHECK(options.invert);
  CHECK(options.files == Strings{"file"});
  options = grep_options({"--", "-v"});
  CHECK(options.pattern == "-v");
  CHECK_FALSE(options.invert);
  // An empty pattern matches every line.
  CHECK(grep_selects("", grep_options({""})));
}

TEST_CASE("grep: usage errors") {
  GrepOptions options;
  CHECK(parse_grep_arguments({}, options).value().rfind("Usage: grep [OPTION]... PATTERNS [FILE]...", 0) == 0);
  CHECK(parse_grep_arguments({"-x", "a"}, options).value().rfind("grep: invalid option -- 'x'\n", 0) == 0);
}

TEST_CASE("wc counts newlines, words and bytes") {
  WordCount counts = counted("one two\n  three\t four\n\nfive");
  CHECK(counts.lines == 3);
  CHECK(counts.words == 5);
  CHECK(counts.bytes == 27);
  // A word cut between two reads is one word.
  counts = WordCount{};
  counts.add("hel");
  counts.add("lo world");
  CHECK(counts.words == 2);
  CHECK(counted("").words == 0);
}

TEST_CASE("wc options: none means -lwc; output order is always lines, words, bytes") {
  const WcOptions all = wc_options({});
  CHECK((all.lines && all.words && all.bytes));
  const WcOptions some = wc_options({"-c", "-l", "f"});
  CHECK((some.lines && !some.words && some.bytes));
  CHECK(some.files == Strings{"f"});
  CHECK(format_wc_line(counted("a b\nc\n"), some, 1, "f") == "2 6 f\n");
  WcOptions bad;
  CHECK(parse_wc_arguments({"-q"}, bad).value() == "wc: invalid option -- 'q'\nTry 'wc --help' for more information.");
}

TEST_CASE("wc columns as GNU sizes them") {
  const WordCount counts = counted("foo.txt\nbar\n");
  // One count from standard input: just the number (`ls | wc -l` prints "2").
  const WcOptions lines = wc_options({"-l"});
  CHECK(wc_number_width(lines, {WcInput{true, false, 0}}) == 1);
  CHECK(format_wc_line(counts, lines, 1, "") == "2\n");
  // Several counts from a pipe: columns of at least 7.
  const WcOptions all = wc_options({});
  CHECK(wc_number_width(all, {WcInput{true, false, 0}}) == 7);
  CHECK(format_wc_line(counts, all, 7, "") == "      2       2      12\n");
  // Regular files: as wide as their total size needs.
  CHECK(wc_number_width(all, {WcInput{true, true, 12}}) == 2);
  CHECK(format_wc_line(counts, all, 2, "f") == " 2  2 12 f\n");
  CHECK(wc_number_width(all, {WcInput{true, true, 5}, WcInput{true, true, 200}}) == 3);
  // A missing file does not count; a FIFO or directory makes it 7.
  CHECK(wc_number_width(all, {WcInput{false, false, 0}, WcInput{true, true, 5}}) == 1);
  CHECK(wc_number_width(all, {WcInput{true, true, 5}, WcInput{true, false, 0}}) == 7);
  // -l with two files is not "one count from one input".
  CHECK(wc_number_width(lines, {WcInput{true, true, 5}, WcInput{true, true, 7}}) == 2);
}

TEST_CASE("head: -n N, -nN, -N, --lines=N; 10 by default") {
  auto lines = [](const Strings& args) {
    HeadOptions options;
    const auto error = parse_head_arguments(args, options);
    REQUIRE_MESSAGE(!error, *error);
    return options.lines;
  };
  CHECK(lines({}) == 10);
  CHECK(lines({"-n", "3"}) == 3);
  CHECK(lines({"-n3"}) == 3);
  CHECK(lines({"-7"}) == 7);
  CHECK(lines({"--lines=0"}) == 0);
  HeadOptions options;
  CHECK(parse_head_arguments({"-n", "x"}, options).value() == "head: invalid number of lines: 'x'");
  CHECK(parse_head_arguments({"-n"}, options).has_value());
  options = HeadOptions{};
  CHECK_FALSE(parse_head_arguments({"-n", "2", "a", "-"}, options).has_value());
  CHECK(options.files == Strings{"a", "-"});
}

TEST_CASE("sort and ls order bytewise, as the C locale") {
  Strings lines{"b", "B", "a", "_x", "10", "9", "\xc3\xa9", ""};
  sort_lines(lines);
  CHECK(lines == Strings{"", "10", "9", "B", "_x", "a", "b", "\xc3\xa9"});
  // ls hides names starting with '.' (without -a).
  CHECK(visible_names({"notes", ".hidden", "Zeta", "a.txt", ".", ".."}) == Strings{"Zeta", "a.txt", "notes"});
}

TEST_CASE("echo: the shell's builtin (dash) and the program (coreutils)") {
  CHECK(shell_echo({"a", "b"}) == "a b\n");
  CHECK(shell_echo({}) == "\n");
  CHECK(shell_echo({"-n", "a"}) == "a");
  // dash takes only "-n" as an option and always reads escapes.
  CHECK(shell_echo({"-e", "a"}) == "-e a\n");
  CHECK(shell_echo({"a\\tb\\n"}) == "a\tb\n\n");
  CHECK(shell_echo({"a\\cb", "c"}) == "a");
  CHECK(shell_echo({"\\0101\\q"}) == "A\\q\n");
  // coreutils: -n, -e, -E and their mixtures; escapes only with -e.
  CHECK(program_echo({"-n", "a", "-n"}) == "a -n");
  CHECK(program_echo({"a\\tb"}) == "a\\tb\n");
  CHECK(program_echo({"-e", "a\\tb\\x41"}) == "a\tbA\n");
  CHECK(program_echo({"-neE", "x\\n"}) == "x\\n");
  CHECK(program_echo({"-nx", "y"}) == "-nx y\n");
}

TEST_CASE("sleep intervals: decimals and suffixes s m h d") {
  CHECK(parse_interval("1") == sim::seconds);
  CHECK(parse_interval("0.5") == 500 * sim::milliseconds);
  CHECK(parse_interval(".25s") == 250 * sim::milliseconds);
  CHECK(parse_interval("2m") == 120 * sim::seconds);
  CHECK(parse_interval("1.5h") == 5400 * sim::seconds);
  CHECK(parse_interval("1d") == 86400 * sim::seconds);
  CHECK(parse_interval("0.0000000001") == 1);  // below a nanosecond rounds up
  CHECK_FALSE(parse_interval("").has_value());
  CHECK_FALSE(parse_interval("x").has_value());
  CHECK_FALSE(parse_interval("1ms").has_value());
  CHECK_FALSE(parse_interval("-1").has_value());
  CHECK_FALSE(parse_interval(".").has_value());
}

}  // TEST_SUITE

}  // namespace
}  // namespace ipcsim::user::programs
