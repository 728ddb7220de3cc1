#pragma once
// A scenario program as the step interpreter runs it: plain structs built once
// by the loader (tools/scenario), immutable during the run and shared by every
// process that runs the same steps.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "kernel/errno.h"
#include "kernel/user/expression.h"
#include "sim/time.h"

namespace ipcsim::user {

struct SourceLocation {
  int line = 0;
  int column = 0;
};

// How a step names a process: `consumer`, `5`, `$child`, or `any` where allowed.
struct ProcessRef {
  enum class Kind : unsigned char { name, pid, variable, any };
  Kind kind = Kind::any;
  std::string name;  // process name, or variable name without '$'
  std::int64_t pid = 0;
};

// How a step names a mailbox: by name or by an id held in a variable/constant.
struct MailboxRef {
  std::string name;                 // set when named
  std::optional<Expression> id;     // set when `mailbox: $id` or a number
};

// The keys every system-call step may carry (SCENARIO_FORMAT.md section 3).
struct CallOptions {
  std::vector<std::string> into;           // variables for the result(s)
  bool has_expect = false;
  kernel::Errno expect = kernel::Errno::none;  // Errno::none with has_expect means `expect: ok`
  bool nonblocking = false;
};

struct Step;
using StepList = std::vector<Step>;
using SharedSteps = std::shared_ptr<const StepList>;

struct ComputeStep { sim::Time duration = 0; };
struct SetStep { std::vector<std::pair<std::string, Expression>> assignments; };
struct PrintStep { Text text; };
struct ForkStep {
  std::string child_name;        // empty: the parent's name
  SharedSteps steps;             // the child's steps, or
  std::string exec_program;      // non-empty: the child's first act is exec
  std::vector<Text> exec_args;
};
struct ExecStep { std::string program; std::vector<Text> args; };
struct ExitStep { Expression code; };
struct WaitStep { ProcessRef pid; };  // kind any, or a specific child; status goes to CallOptions::into
struct SleepStep { sim::Time duration = 0; };
struct YieldStep {};
struct GetpidStep { bool parent = false; };
struct RepeatStep {
  std::optional<Expression> times;  // nullopt: forever
  std::string counter;              // `as:`; empty when absent
  SharedSteps body;
};
struct WhileStep { Expression condition; SharedSteps body; };
struct IfStep { Expression condition; SharedSteps then_steps; SharedSteps else_steps; };
struct BreakStep {};
struct AssertStep { Expression condition; };
struct SendStep {
  bool to_mailbox = false;
  ProcessRef to;
  MailboxRef mailbox;
  Text message;
  bool wait_received = false;
};
struct ReceiveStep {
  bool from_mailbox = false;
  ProcessRef from;  // kind any: asymmetric receive
  MailboxRef mailbox;
  std::string sender_variable;  // `sender:`; empty when absent
};
struct MailboxCreateStep {
  std::string name;                      // may be empty: an anonymous mailbox
  std::int64_t capacity = -1;            // -1: unbounded
  int mode = 0600;
};
struct MailboxDestroyStep { MailboxRef mailbox; };

// Signals (SCENARIO_FORMAT section 3 "Signals", section 6).
struct SignalStep {  // sigaction
  int signal = 0;    // Linux number (kernel/signal_names.h)
  enum class Disposition : unsigned char { handler, ignore, default_action };
  Disposition disposition = Disposition::default_action;
  SharedSteps handler;  // when Disposition::handler
  bool restart = false;
};
struct KillStep {
  ProcessRef target;  // never Kind::any
  int signal = 0;     // 0 probes existence
};
struct SigprocmaskStep {
  enum class How : unsigned char { block, unblock, set };
  How how = How::block;
  std::vector<int> signals;
};
struct PauseStep {};
struct AlarmStep { sim::Time duration = 0; };  // 0 cancels
struct SigpendingStep {};                      // the list goes to `into`

// Pipes, FIFOs and files (SCENARIO_FORMAT section 3 "Pipes, FIFOs and files", section 5).
struct PipeStep {};  // `into: [r, w]`, or one variable for the list
struct ReadStep { Expression fd; Expression count; };
struct WriteStep { Expression fd; Text data; };
struct CloseStep { Expression fd; };
struct DupStep { Expression fd; };
struct Dup2Step { Expression from; Expression to; };
struct OpenStep {
  Text path;
  bool read = false;
  bool write = false;
  bool nonblock = false;
  bool create = false;
  bool truncate = false;
  bool append = false;
  bool exclusive = false;
  int mode = 0666;  // for create, before the umask
};
struct MkfifoStep { Text path; int mode = 0666; };
struct UnlinkStep { Text path; };
// Shared memory and semaphores (SCENARIO_FORMAT section 3 "Shared memory",
// section 6). Addresses, values and sizes are expressions.
struct ShmgetStep {
  std::optional<Expression> key;  // nullopt: `private` (IPC_PRIVATE)
  std::int64_t size = 0;
  bool create = false;
  bool exclusive = false;
  int mode = 0;  // given, or 0600 to create and 0 to look up
};
struct ShmatStep { Expression id; bool readonly = false; };
struct ShmdtStep { Expression address; };
struct ShmctlStep {
  enum class Command : unsigned char { remove, status };  // `rmid`, `stat`
  Expression id;
  Command command = Command::remove;
};
struct SemCreateStep { std::string name; Expression value; };
struct SemWaitStep { std::string name; };
struct SemPostStep { std::string name; };
// User-mode memory accesses: no system call (section 6). The result goes
// to `into`, and $ret/$errno are left alone.
struct LoadStep {
  Expression address;
  std::optional<Expression> size;  // with `text: true`: the bytes loaded as a string
  std::string into;                // empty: loaded for the fault only
};
struct StoreStep {
  Expression address;
  std::optional<Expression> value;  // an 8-byte little-endian word, or
  std::optional<Text> text;         // these bytes
};
struct AtomicAddStep { Expression address; Expression value; std::string into; };
struct CasStep { Expression address; Expression expected; Expression value; std::string into; };

// Sockets and RPC (SCENARIO_FORMAT section 3 "Sockets and RPC", section 7).
struct SocketStep { bool stream = true; };  // `type: stream` or `dgram`
struct BindStep { Expression fd; Text address; };
struct ListenStep { Expression fd; Expression backlog; };
struct AcceptStep { Expression fd; std::string peer_variable; };  // `peer:`; empty when absent
struct ConnectStep { Expression fd; Text address; };
struct ShutdownStep {
  enum class How : unsigned char { read, write, both };
  Expression fd;
  How how = How::both;
};
struct SendtoStep { Expression fd; Text address; Text data; };
struct RecvfromStep { Expression fd; Expression count; std::string sender_variable; };
// A user-space RPC server loop: `count` calls (nullopt: forever).
struct RpcServeStep {
  Text address;
  std::vector<std::pair<std::string, SharedSteps>> procedures;  // sorted by name
  std::optional<Expression> count;
  std::int64_t backlog = 16;
};
struct RpcCallStep { Text address; std::string procedure; std::vector<Expression> args; };
// Inside an RPC procedure: its result (no value: "").
struct ReturnStep { std::optional<Expression> value; };

using StepAction =
    std::variant<ComputeStep, SetStep, PrintStep, ForkStep, ExecStep, ExitStep, WaitStep, SleepStep,
                 YieldStep, GetpidStep, RepeatStep, WhileStep, IfStep, BreakStep, AssertStep, SendStep,
                 ReceiveStep, MailboxCreateStep, MailboxDestroyStep, SignalStep, KillStep, SigprocmaskStep,
                 PauseStep, AlarmStep, SigpendingStep,
                 // Pipes, FIFOs and files.
                 PipeStep, ReadStep, WriteStep, CloseStep, DupStep, Dup2Step, OpenStep, MkfifoStep, UnlinkStep,
                 // Shared memory and semaphores.
                 ShmgetStep, ShmatStep, ShmdtStep, ShmctlStep, SemCreateStep, SemWaitStep, SemPostStep, LoadStep,
                 StoreStep, AtomicAddStep, CasStep,
                 // Sockets and RPC.
                 SocketStep, BindStep, ListenStep, AcceptStep, ConnectStep, ShutdownStep, SendtoStep, RecvfromStep,
                 RpcServeStep, RpcCallStep, ReturnStep>;

struct Step {
  SourceLocation where;
  CallOptions call;
  StepAction action;
};

// A named program that `exec` can start (`programs:` in the scenario file).
struct ProgramDefinition {
  std::string name;
  SharedSteps steps;
};

}  // namespace ipcsim::user
