#include "kernel/user/programs/sh_parser.h"

namespace ipcsim::user::programs {
namespace {

enum class TokenKind : unsigned char {
  word,
  io_number,  // digits written right before `<` or `>`
  pipe,       // |
  and_if,     // &&
  or_if,      // ||
  semicolon,  // ;
  newline,
  less,          // <
  great,         // > (and >|)
  double_great,  // >>
  less_and,      // <&
  great_and,     // >&
  end,
};

struct Token {
  TokenKind kind = TokenKind::end;
  std::string text;
};

// How dash names a token in "X unexpected".
std::string describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::end: return "end of file";
    case TokenKind::newline: return "newline";
    default: return "\"" + token.text + "\"";
  }
}

// The lexer: splits the text into words and operators, removing quotes as
// it goes (there is no expansion step after it that would need them).
class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  // Fills `tokens` up to and including `end`; returns an error message.
  std::optional<std::string> run(std::vector<Token>& tokens) {
    for (;;) {
      skip_blanks();
      if (at_end()) break;
      const char c = text_[position_];
      if (c == '#') {
        // A comment runs to the end of the line.
        while (!at_end() && text_[position_] != '\n') ++position_;
        continue;
      }
      if (c == '\n') {
        ++position_;
        tokens.push_back(Token{TokenKind::newline, "\n"});
        continue;
      }
      if (is_operator_start(c)) {
        if (auto error = read_operator(tokens)) return error;
        continue;
      }
      Token word{TokenKind::word, {}};
      if (auto error = read_word(word.text)) return error;
      // `2>file`: an unquoted number touching a redirection is its fd.
      if (!at_end() && (text_[position_] == '<' || text_[position_] == '>') && is_number(word.text) &&
          last_word_unquoted_)
        word.kind = TokenKind::io_number;
      tokens.push_back(std::move(word));
    }
    tokens.push_back(Token{TokenKind::end, {}});
    return std::nullopt;
  }

 private:
  static bool is_operator_start(char c) { return c == '|' || c == '&' || c == ';' || c == '<' || c == '>'; }
  static bool is_number(const std::string& text) {
    return !text.empty() && text.size() < 4 && text.find_first_not_of("0123456789") == std::string::npos;
  }
  bool at_end() const { return position_ >= text_.size(); }
  bool next_is(char c) const { return position_ + 1 < text_.size() && text_[position_ + 1] == c; }

  void skip_blanks() {
    while (!at_end()) {
      const char c = text_[position_];
      if (c == ' ' || c == '\t') {
        ++position_;
      } else if (c == '\\' && next_is('\n')) {
        position_ += 2;  // a line continuation
      } else {
        break;
      }
    }
  }

  std::optional<std::string> read_operator(std::vector<Token>& tokens) {
    const char c = text_[position_];
    auto take = [&](TokenKind kind, std::size_t length) {
      tokens.push_back(Token{kind, std::string(text_.substr(position_, length))});
      position_ += length;
    };
    switch (c) {
      case '|': next_is('|') ? take(TokenKind::or_if, 2) : take(TokenKind::pipe, 1); break;
      case '&':
        if (!next_is('&')) return std::string("\"&\" unexpected (background jobs are not supported)");
        take(TokenKind::and_if, 2);
        break;
      case ';': take(TokenKind::semicolon, 1); break;
      case '<': next_is('&') ? take(TokenKind::less_and, 2) : take(TokenKind::less, 1); break;
      default:
        if (next_is('>')) take(TokenKind::double_great, 2);
        else if (next_is('&')) take(TokenKind::great_and, 2);
        else if (next_is('|')) take(TokenKind::great, 2);  // >| : no noclobber here, same as >
        else take(TokenKind::great, 1);
    }
    return std::nullopt;
  }

  std::optional<std::string> read_word(std::string& word) {
    last_word_unquoted_ = true;
    while (!at_end()) {
      const char c = text_[position_];
      if (c == ' ' || c == '\t' || c == '\n' || is_operator_start(c)) break;
      ++position_;
      if (c == '\'') {
        // Single quotes keep everything up to the next single quote.
        last_word_unquoted_ = false;
        const std::size_t close = text_.find('\'', position_);
        if (close == std::string_view::npos) return std::string("unterminated quoted string");
        word.append(text_.substr(position_, close - position_));
        position_ = close + 1;
      } else if (c == '"') {
        last_word_unquoted_ = false;
        if (auto error = read_double_quoted(word)) return error;
      } else if (c == '\\') {
        // Outside quotes a backslash keeps the next character as it is.
        last_word_unquoted_ = false;
        if (at_end()) break;
        if (text_[position_] != '\n') word += text_[position_];
        ++position_;
      } else {
        word += c;
      }
    }
    return std::nullopt;
  }

  // Inside double quotes a backslash escapes only $ ` " \ and a newline
  // (which it removes); before anything else it stays.
  std::optional<std::string> read_double_quoted(std::string& word) {
    while (!at_end()) {
      const char c = text_[position_++];
      if (c == '"') return std::nullopt;
      if (c == '\\' && !at_end()) {
        const char next = text_[position_];
        if (next == '$' || next == '`' || next == '"' || next == '\\' || next == '\n') {
          ++position_;
          if (next != '\n') word += next;
          continue;
        }
      }
      word += c;
    }
    return std::string("unterminated quoted string");
  }

  std::string_view text_;
  std::size_t position_ = 0;
  bool last_word_unquoted_ = true;
};

// A recursive-descent parser over the tokens, one function per rule.
class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  // list: and_or ((';' | newline) and_or?)*
  std::optional<std::string> parse_list(CommandList& list) {
    skip_newlines();
    while (peek().kind != TokenKind::end) {
      if (auto error = parse_and_or(list)) return error;
      if (peek().kind == TokenKind::semicolon || peek().kind == TokenKind::newline) {
        ++next_;
        skip_newlines();
        continue;
      }
      if (peek().kind != TokenKind::end) return unexpected();
    }
    return std::nullopt;
  }

 private:
  const Token& peek() const { return tokens_[next_]; }
  std::string unexpected() const { return describe(peek()) + " unexpected"; }
  void skip_newlines() {
    while (peek().kind == TokenKind::newline) ++next_;
  }

  // and_or: pipeline (('&&' | '||') newline* pipeline)*
  std::optional<std::string> parse_and_or(CommandList& list) {
    Connector connector = Connector::sequence;
    for (;;) {
      ListItem item;
      item.connector = connector;
      if (auto error = parse_pipeline(item.pipeline)) return error;
      list.items.push_back(std::move(item));
      if (peek().kind == TokenKind::and_if) connector = Connector::and_then;
      else if (peek().kind == TokenKind::or_if) connector = Connector::or_else;
      else return std::nullopt;
      ++next_;
      skip_newlines();
    }
  }

  // pipeline: command ('|' newline* command)*
  std::optional<std::string> parse_pipeline(Pipeline& pipeline) {
    for (;;) {
      SimpleCommand command;
      if (auto error = parse_command(command)) return error;
      pipeline.commands.push_back(std::move(command));
      if (peek().kind != TokenKind::pipe) return std::nullopt;
      ++next_;
      skip_newlines();
    }
  }

  // command: (word | redirection)+
  std::optional<std::string> parse_command(SimpleCommand& command) {
    for (;;) {
      const Token& token = peek();
      if (token.kind == TokenKind::word) {
        command.words.push_back(token.text);
        ++next_;
      } else if (is_redirection(token.kind) || token.kind == TokenKind::io_number) {
        if (auto error = parse_redirection(command)) return error;
      } else {
        break;
      }
    }
    if (command.words.empty() && command.redirections.empty()) return unexpected();
    return std::nullopt;
  }

  static bool is_redirection(TokenKind kind) {
    return kind == TokenKind::less || kind == TokenKind::great || kind == TokenKind::double_great ||
           kind == TokenKind::less_and || kind == TokenKind::great_and;
  }

  // redirection: io_number? operator word
  std::optional<std::string> parse_redirection(SimpleCommand& command) {
    int fd = -1;
    if (peek().kind == TokenKind::io_number) {
      fd = std::stoi(peek().text);
      ++next_;
    }
    const TokenKind op = peek().kind;
    ++next_;
    if (peek().kind != TokenKind::word) return unexpected();
    Redirection redirection;
    redirection.target = peek().text;
    ++next_;
    switch (op) {
      case TokenKind::less: redirection.kind = Redirection::Kind::input; break;
      case TokenKind::great: redirection.kind = Redirection::Kind::output; break;
      case TokenKind::double_great: redirection.kind = Redirection::Kind::append; break;
      default: redirection.kind = Redirection::Kind::duplicate; break;
    }
    const bool reads = op == TokenKind::less || op == TokenKind::less_and;
    redirection.fd = fd >= 0 ? fd : (reads ? 0 : 1);
    if (redirection.kind == Redirection::Kind::duplicate &&
        (redirection.target.empty() || redirection.target.size() > 3 ||
         redirection.target.find_first_not_of("0123456789") != std::string::npos))
      return "bad fd number \"" + redirection.target + "\"";
    command.redirections.push_back(std::move(redirection));
    return std::nullopt;
  }

  std::vector<Token> tokens_;
  std::size_t next_ = 0;
};

}  // namespace

ParseResult parse_shell(std::string_view text) {
  ParseResult result;
  std::vector<Token> tokens;
  if (auto error = Lexer(text).run(tokens)) {
    result.error = std::move(error);
    return result;
  }
  result.error = Parser(std::move(tokens)).parse_list(result.list);
  if (result.error) result.list.items.clear();
  return result;
}

}  // namespace ipcsim::user::programs
