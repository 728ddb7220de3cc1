#pragma once
// The shell's grammar, a subset of POSIX sh as dash reads it: lists joined by
// `;` or newlines, `&&` and `||`; pipelines `a | b | c`; simple commands of
// words in single or double quotes (or none), with redirections `< f`, `> f`,
// `>> f`, an optional fd number before them (`2> f`) and fd duplication
// (`2>&1`). No variables, globbing, subshells or control structures: those
// words reach the command as written.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ipcsim::user::programs {

struct Redirection {
  enum class Kind : unsigned char {
    input,      // N< FILE   (N defaults to 0): open for reading
    output,     // N> FILE   (N defaults to 1): open for writing, create, truncate
    append,     // N>> FILE  (N defaults to 1): open for writing, create, append
    duplicate,  // N>&M, N<&M: dup2(M, N)
  };
  Kind kind = Kind::output;
  int fd = 1;          // the descriptor redirected
  std::string target;  // the file, or for `duplicate` the number M as written
  bool operator==(const Redirection&) const = default;
};

struct SimpleCommand {
  std::vector<std::string> words;  // words[0] names the command
  std::vector<Redirection> redirections;
  bool operator==(const SimpleCommand&) const = default;
};

struct Pipeline {
  std::vector<SimpleCommand> commands;  // one or more, joined by `|`
};

// How a pipeline joins the one before it in a list.
enum class Connector : unsigned char {
  sequence,  // `;` or a newline (also the first of the list): always run
  and_then,  // `&&`: run when the status so far is 0
  or_else,   // `||`: run when the status so far is not 0
};

struct ListItem {
  Connector connector = Connector::sequence;
  Pipeline pipeline;
};

// The whole `-c` string. `&&` and `||` bind left to right with equal
// precedence, so a flat list with each item's connector says everything.
struct CommandList {
  std::vector<ListItem> items;
};

struct ParseResult {
  CommandList list;
  std::optional<std::string> error;  // what follows "sh: syntax error: "
};

ParseResult parse_shell(std::string_view text);

}  // namespace ipcsim::user::programs
