#pragma once
// A scenario file as plain structs: what the loader produces and boot,
// expectations and reports consume (SCENARIO_FORMAT.md sections 1, 8, 9).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kernel/config.h"
#include "kernel/user/program.h"

namespace ipcsim::scenario {

using user::SourceLocation;

struct MailboxSpec {
  SourceLocation where;
  std::string name;
  std::int64_t capacity = kernel::unbounded;
  int mode = 0666;
};

// One entry of `files:` (section 5).
struct FileSpec {
  enum class Kind : unsigned char { regular, directory, fifo };
  SourceLocation where;
  std::string path;  // absolute and normalised, no trailing '/'
  Kind kind = Kind::regular;
  std::string text;
  int mode = -1;     // -1: 0644 for a file or FIFO, 0755 for a new directory; an existing one keeps its own
  int owner = -1;    // -1: root (an existing directory keeps its owner)
};

struct ProcessSpec {
  SourceLocation where;
  std::string name;
  int uid = 1000;
  int priority = 0;
  bool daemon = false;
  std::string host;                  // empty: the first host
  std::optional<std::string> stdin_text;
  // Either steps, or exec of a program (built-in or from `programs:`) with args.
  user::SharedSteps steps;
  std::string exec_program;
  std::vector<user::Text> exec_args;
};

// "<= N", ">= N", "N..M" or an exact N; durations already converted to ns.
struct CounterBound {
  SourceLocation where;
  std::int64_t low = 0;
  std::int64_t high = 0;
  std::string text;  // as written, for messages
};

// How an expectation names a process: by its last name, or by pid.
struct ProcessKey {
  SourceLocation where;
  std::string name;     // empty when by pid
  std::int64_t pid = 0;
  std::string host;     // for HOST/PID
};

struct ExitExpectation {
  ProcessKey who;
  bool by_signal = false;
  int code = 0;             // exit code, when !by_signal
  std::string signal;       // signal name, when by_signal
};

struct TextExpectation {
  ProcessKey who;
  std::string text;
};

struct CounterExpectation {
  // scope: "total", "blocking", "host:NAME", or a process (who)
  std::string scope;
  ProcessKey who;           // when scope is "process"
  std::string counter;      // e.g. "syscalls.fork", "mailbox.receive" under blocking
  CounterBound bound;
};

struct Expectations {
  bool present = false;
  std::vector<ExitExpectation> exits;
  std::vector<TextExpectation> stdouts;
  std::vector<TextExpectation> stderrs;
  std::optional<std::string> console;
  std::optional<SourceLocation> console_where;
  bool deadlock = false;
  bool assertions_pass = true;
  std::vector<CounterExpectation> counters;
};

struct HostSpec {
  SourceLocation where;
  std::string name;
  std::string address;
};

struct Scenario {
  std::string file;
  std::string name;
  std::string about;
  std::uint64_t seed = 1;
  kernel::KernelConfig kernel;
  kernel::Limits limits;
  std::vector<HostSpec> hosts;
  std::vector<FileSpec> files;
  std::vector<MailboxSpec> mailboxes;
  std::vector<user::ProgramDefinition> programs;
  std::vector<ProcessSpec> processes;
  Expectations expect;
};

}  // namespace ipcsim::scenario
