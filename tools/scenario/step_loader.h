#pragma once
// Steps (SCENARIO_FORMAT.md section 3): YAML step lists to user::Step structs,
// with every expression and text parsed and every name checked at load time.
// Internal to tools/scenario.
#include <array>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/user/program.h"
#include "tools/scenario/name_survey.h"
#include "tools/scenario/yaml_reader.h"

namespace ipcsim::scenario::detail {

// How a step runs, which decides the keys its map may carry (section 3):
// `into`/`expect` for every call, `nonblocking` only for a blocking_call.
// A waiting_call blocks but has no nonblocking form (`pause`).
enum class StepMode : unsigned char { user, call, blocking_call, waiting_call };

// One step being read: its operation, its arguments and the call keys found.
struct StepInput {
  std::string op;
  YAML::Node key;        // the operation's key, or the bare step
  YAML::Node arguments;  // a null node for a bare step
  SourceLocation arguments_where;
  StepMode mode = StepMode::user;
  user::CallOptions call;
  int loop_depth = 0;  // enclosing repeat/while loops, for `break`
  int nesting = 0;     // enclosing step lists
};

class StepLoader {
 public:
  StepLoader(const YamlReader& reader, const DeclaredNames& names) : reader_(reader), names_(names) {}

  // A step list that starts a program: a process's, a program's, a fork child's.
  user::SharedSteps load_program(const YAML::Node& list, std::string_view what);

  // A program `exec` may start: one of `programs:` (built-ins come later).
  std::string program_name(const YAML::Node& node) const;
  // A process as steps name it; `any` only where `allow_any`.
  user::ProcessRef process_ref(const YAML::Node& node, std::string_view what, bool allow_any) const;
  user::MailboxRef mailbox_ref(const YAML::Node& node, std::string_view what) const;

 private:
  using Loader = user::StepAction (StepLoader::*)(StepInput&);
  struct Operation {
    std::string_view name;
    StepMode mode;
    Loader load;
  };
  static std::span<const Operation> operations();
  static const Operation* find_operation(std::string_view name);
  static const KeyList& operation_names();

  user::SharedSteps load_list(const YAML::Node& list, std::string_view what, int loop_depth, int nesting);
  user::Step load_step(const YAML::Node& item, int loop_depth, int nesting);

  // The argument map of `in`, in document order; the call keys (`into`,
  // `expect`, `nonblocking`) are taken into in.call where the step allows them.
  void visit_arguments(StepInput& in, KeyList keys, const std::function<void(const MapEntry&)>& handle);
  // "'OP' needs WHAT" at the argument map, or at the operation when it has none.
  [[noreturn]] void fail_missing(const StepInput& in, std::string_view what) const;
  std::vector<std::string> into_variables(const YAML::Node& node) const;

  user::StepAction load_compute(StepInput& in);
  user::StepAction load_set(StepInput& in);
  user::StepAction load_print(StepInput& in);
  user::StepAction load_fork(StepInput& in);
  user::StepAction load_exec(StepInput& in);
  user::StepAction load_exit(StepInput& in);
  user::StepAction load_wait(StepInput& in);
  user::StepAction load_sleep(StepInput& in);
  user::StepAction load_yield(StepInput& in);
  user::StepAction load_getpid(StepInput& in);
  user::StepAction load_getppid(StepInput& in);
  user::StepAction load_repeat(StepInput& in);
  user::StepAction load_while(StepInput& in);
  user::StepAction load_if(StepInput& in);
  user::StepAction load_break(StepInput& in);
  user::StepAction load_assert(StepInput& in);
  // Message passing, in message_step_loader.cpp.
  user::StepAction load_send(StepInput& in);
  user::StepAction load_receive(StepInput& in);
  user::StepAction load_mailbox_create(StepInput& in);
  user::StepAction load_mailbox_destroy(StepInput& in);
  // Signals, in signal_step_loader.cpp.
  user::StepAction load_signal(StepInput& in);
  user::StepAction load_kill(StepInput& in);
  user::StepAction load_sigprocmask(StepInput& in);
  user::StepAction load_pause(StepInput& in);
  user::StepAction load_alarm(StepInput& in);
  user::StepAction load_sigpending(StepInput& in);
  // Pipes, FIFOs and files, in file_step_loader.cpp.
  YAML::Node single_argument(StepInput& in, std::string_view key);
  user::StepAction load_pipe(StepInput& in);
  user::StepAction load_read(StepInput& in);
  user::StepAction load_write(StepInput& in);
  user::StepAction load_close(StepInput& in);
  user::StepAction load_dup(StepInput& in);
  user::StepAction load_dup2(StepInput& in);
  user::StepAction load_open(StepInput& in);
  user::StepAction load_mkfifo(StepInput& in);
  user::StepAction load_unlink(StepInput& in);
  // Shared memory and semaphores, in memory_step_loader.cpp.
  user::StepAction load_shmget(StepInput& in);
  user::StepAction load_shmat(StepInput& in);
  user::StepAction load_shmdt(StepInput& in);
  user::StepAction load_shmctl(StepInput& in);
  user::StepAction load_sem_create(StepInput& in);
  user::StepAction load_sem_wait(StepInput& in);
  user::StepAction load_sem_post(StepInput& in);
  user::StepAction load_load(StepInput& in);
  user::StepAction load_store(StepInput& in);
  user::StepAction load_atomic_add(StepInput& in);
  user::StepAction load_cas(StepInput& in);
  // The arguments of a memory access: user mode, but with `into`.
  void visit_access(StepInput& in, KeyList keys, const std::function<void(const MapEntry&)>& handle);
  user::StepAction load_semaphore_name(StepInput& in, bool waits);
  // A signal as a step names it: `SIGUSR1`, `SIGRTMIN+3`, or its number from
  // `low` (0 where `kill` probes) to 64; anything else is an error at the value.
  int signal_number(const YAML::Node& node, std::string_view what, int low) const;

  // Sockets and RPC, in socket_step_loader.cpp.
  user::StepAction load_socket(StepInput& in);
  user::StepAction load_bind(StepInput& in);
  user::StepAction load_listen(StepInput& in);
  user::StepAction load_accept(StepInput& in);
  user::StepAction load_connect(StepInput& in);
  user::StepAction load_shutdown(StepInput& in);
  user::StepAction load_sendto(StepInput& in);
  user::StepAction load_recvfrom(StepInput& in);
  user::StepAction load_rpc_serve(StepInput& in);
  user::StepAction load_rpc_call(StepInput& in);
  user::StepAction load_return(StepInput& in);
  // `fd` and `address` of a socket step, both required.
  void socket_fd_address(StepInput& in, user::Expression& fd, user::Text& address, KeyList more,
                         const std::function<void(const MapEntry&)>& handle);

  const YamlReader& reader_;
  const DeclaredNames& names_;
  int steps_loaded_ = 0;
  int procedure_depth_ = 0;  // Sockets: inside an rpc_serve procedure, `return` is allowed
};

}  // namespace ipcsim::scenario::detail
