// The shell's grammar (kernel/user/programs/sh_parser): quotes, redirections,
// lists, pipelines and syntax errors, as dash reads them.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "kernel/user/programs/sh_parser.h"

namespace ipcsim::user::programs {
namespace {

using Words = std::vector<std::string>;

CommandList parsed(std::string_view text) {
  ParseResult result = parse_shell(text);
  INFO("parsing: " << text);
  REQUIRE_MESSAGE(!result.error, *result.error);
  return std::move(result.list);
}

// The words of the only simple command of `text`.
Words words_of(std::string_view text) {
  const CommandList list = parsed(text);
  REQUIRE(list.items.size() == 1);
  REQUIRE(list.items[0].pipeline.commands.size() == 1);
  return list.items[0].pipeline.commands[0].words;
}

SimpleCommand first_command(std::string_view text) {
  const CommandList list = parsed(text);
  REQUIRE(!list.items.empty());
  return list.items[0].pipeline.commands[0];
}

std::string error_of(std::string_view text) {
  const ParseResult result = parse_shell(text);
  INFO("parsing: " << text);
  REQUIRE(result.error.has_value());
  CHECK(result.list.items.empty());
  return *result.error;
}

Redirection redirect(Redirection::Kind kind, int fd, std::string target) {
  return Redirection{kind, fd, std::move(target)};
}

TEST_SUITE("sh_parser") {

TEST_CASE("words are split on blanks") {
  CHECK(words_of("ls") == Words{"ls"});
  CHECK(words_of("  grep  -v\tfoo   ") == Words{"grep", "-v", "foo"});
}

TEST_CASE("single quotes keep everything, double quotes escape only \\ \" $ `") {
  CHECK(words_of("echo 'a  b' 'c\"d' '\\n'") == Words{"echo", "a  b", "c\"d", "\\n"});
  CHECK(words_of(R"(echo "a  b" "say \"hi\"" "back\\slash" "\$x" "\n")") ==
        Words{"echo", "a  b", "say \"hi\"", "back\\slash", "$x", "\\n"});
  // Quotes join with what touches them into one word; "" is an empty word.
  CHECK(words_of(R"(echo a'b c'"d" "")") == Words{"echo", "ab cd", ""});
  // Unquoted, a backslash keeps the next character as it is.
  CHECK(words_of(R"(echo a\ b \;)") == Words{"echo", "a b", ";"});
  CHECK(words_of("echo 'a;b|c>d'") == Words{"echo", "a;b|c>d"});
}

TEST_CASE("a comment runs to the end of the line") {
  CHECK(words_of("echo a # not this") == Words{"echo", "a"});
  CHECK(words_of("echo a#b") == Words{"echo", "a#b"});
}

TEST_CASE("redirections, with and without spaces, with fd numbers") {
  const CommandList list = parsed("cat < in >out 2>>log");
  const SimpleCommand& command = list.items[0].pipeline.commands[0];
  CHECK(command.words == Words{"cat"});
  CHECK(command.redirections == std::vector<Redirection>{redirect(Redirection::Kind::input, 0, "in"),
                                                          redirect(Redirection::Kind::output, 1, "out"),
                                                          redirect(Redirection::Kind::append, 2, "log")});
  const SimpleCommand dup = first_command("ls nosuch 2>&1");
  CHECK(dup.words == Words{"ls", "nosuch"});
  CHECK(dup.redirections == std::vector<Redirection>{redirect(Redirection::Kind::duplicate, 2, "1")});
  // A number that does not touch the operator is an argument.
  const SimpleCommand argument = first_command("echo 2 > f");
  CHECK(argument.words == Words{"echo", "2"});
  CHECK(argument.redirections == std::vector<Redirection>{redirect(Redirection::Kind::output, 1, "f")});
  // Redirections may come first; a command may be redirections only.
  CHECK(first_command(">f echo hi").words == Words{"echo", "hi"});
  CHECK(first_command("> f").words.empty());
}

TEST_CASE("pipelines of any length") {
  const CommandList list = parsed("ls /home | grep foo | wc -l");
  REQUIRE(list.items.size() == 1);
  const auto& commands = list.items[0].pipeline.commands;
  REQUIRE(commands.size() == 3);
  CHECK(commands[0].words == Words{"ls", "/home"});
  CHECK(commands[1].words == Words{"grep", "foo"});
  CHECK(commands[2].words == Words{"wc", "-l"});
  // A newline may follow `|`, `&&` and `||`.
  CHECK(parsed("ls |\n wc").items[0].pipeline.commands.size() == 2);
}

TEST_CASE("lists: ; newlines && || in order, each with its connector") {
  const CommandList list = parsed("a; b && c || d\ne;");
  REQUIRE(list.items.size() == 5);
  const Connector expected[] = {Connector::sequence, Connector::sequence, Connector::and_then, Connector::or_else,
                                Connector::sequence};
  const char* names[] = {"a", "b", "c", "d", "e"};
  for (std::size_t i = 0; i < 5; ++i) {
    CAPTURE(i);
    CHECK(list.items[i].connector == expected[i]);
    CHECK(list.items[i].pipeline.commands[0].words == Words{names[i]});
  }
  CHECK(parsed("").items.empty());
  CHECK(parsed(" \n\n ").items.empty());
}

TEST_CASE("syntax errors name what was unexpected, as dash does") {
  CHECK(error_of("| ls") == "\"|\" unexpected");
  CHECK(error_of("ls |") == "end of file unexpected");
  CHECK(error_of("ls && && wc") == "\"&&\" unexpected");
  CHECK(error_of("; ls") == "\";\" unexpected");
  CHECK(error_of("ls ;; wc") == "\";\" unexpected");
  CHECK(error_of("cat <") == "end of file unexpected");
  CHECK(error_of("cat > | wc") == "\"|\" unexpected");
  CHECK(error_of("echo 'open") == "unterminated quoted string");
  CHECK(error_of("echo \"open") == "unterminated quoted string");
  CHECK(error_of("sleep 1 &").find("background") != std::string::npos);
  CHECK(error_of("ls >&x") == "bad fd number \"x\"");
}

}  // TEST_SUITE

}  // namespace
}  // namespace ipcsim::user::programs
