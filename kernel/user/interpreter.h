#pragma once
// The step interpreter: runs a scenario's steps inside a process, in user
// mode, making system calls through the libc stubs like any program would.
#include <string>

#include "kernel/process.h"
#include "kernel/user/assertion_log.h"
#include "kernel/user/libc.h"
#include "kernel/user/program.h"
#include "kernel/user/variables.h"

namespace ipcsim::user {

class ProgramCatalog;

class Interpreter final : public kernel::ProcessImage {
 public:
  Interpreter(SharedSteps steps, Variables variables, ProgramCatalog& catalog);
  void run(kernel::Process& self) override;
  // A signal handler's steps, run in user mode on the interrupted process's
  // variables; the handler has its own $ret and $errno (section 6).
  void run_handler(const StepList& steps);

 private:
  // `returned`: a `return` step ended an RPC procedure (Sockets).
  enum class Flow : unsigned char { next, break_loop, leave, returned };

  Flow run_steps(const StepList& steps);
  Flow run_step(const Step& step);

  // User-mode steps (interpreter.cpp).
  Flow run_repeat(const Step& step, const RepeatStep& repeat);
  Flow run_while(const Step& step, const WhileStep& loop);
  Value evaluate(const Step& step, const Expression& expression);
  std::string evaluate(const Step& step, const Text& text);
  bool test(const Step& step, const Expression& condition);
  void fail(const Step& step, std::string message);

  // System-call steps: one `call` overload per step, by family.
  Flow run_call(const Step& step);
  void finish_call(const Step& step, const libc::CallResult& result, Value into);
  static libc::CallResult zero_ret(libc::CallResult result);
  kernel::ProcessSelector select(const Step& step, const ProcessRef& who, std::string& name_storage);
  // Processes (interpreter_calls.cpp).
  void call(const Step& step, const PrintStep& print);
  void call(const Step& step, const ForkStep& fork);
  void call(const Step& step, const ExecStep& exec);
  void call(const Step& step, const ExitStep& exit);
  void call(const Step& step, const WaitStep& wait);
  void call(const Step& step, const SleepStep& sleep);
  void call(const Step& step, const YieldStep& yield);
  void call(const Step& step, const GetpidStep& getpid);
  // Message passing (interpreter_message.cpp).
  kernel::MailboxSelector select(const Step& step, const MailboxRef& which);
  void call(const Step& step, const SendStep& send);
  void call(const Step& step, const ReceiveStep& receive);
  void call(const Step& step, const MailboxCreateStep& create);
  void call(const Step& step, const MailboxDestroyStep& destroy);
  // Signals (interpreter_signal.cpp).
  void call(const Step& step, const SignalStep& handler);
  void call(const Step& step, const KillStep& kill);
  void call(const Step& step, const SigprocmaskStep& mask);
  void call(const Step& step, const SigpendingStep& pending);
  void call(const Step& step, const PauseStep& pause);
  void call(const Step& step, const AlarmStep& alarm);
  // Pipes, FIFOs and files (interpreter_file.cpp).
  int descriptor(const Step& step, const Expression& fd);
  void call(const Step& step, const PipeStep& pipe);
  void call(const Step& step, const ReadStep& read);
  void call(const Step& step, const WriteStep& write);
  void call(const Step& step, const CloseStep& close);
  void call(const Step& step, const DupStep& dup);
  void call(const Step& step, const Dup2Step& dup2);
  void call(const Step& step, const OpenStep& open);
  void call(const Step& step, const MkfifoStep& mkfifo);
  void call(const Step& step, const UnlinkStep& unlink);
  // Shared memory and semaphores (interpreter_memory.cpp). Loads and
  // stores are user-mode steps, run by run_access, not system calls.
  static bool accesses_memory(const StepAction& action);
  Flow run_access(const Step& step);
  bool access(const Step& step, const LoadStep& load);
  bool access(const Step& step, const StoreStep& store);
  bool access(const Step& step, const AtomicAddStep& add);
  bool access(const Step& step, const CasStep& cas);
  bool address_of(const Step& step, const Expression& expression, std::int64_t& address);
  void call(const Step& step, const ShmgetStep& get);
  void call(const Step& step, const ShmatStep& attach);
  void call(const Step& step, const ShmdtStep& detach);
  void call(const Step& step, const ShmctlStep& control);
  void call(const Step& step, const SemCreateStep& create);
  void call(const Step& step, const SemWaitStep& wait);
  void call(const Step& step, const SemPostStep& post);

  // Sockets and RPC (interpreter_socket.cpp).
  friend class ProcedureRunner;
  void call(const Step& step, const SocketStep& socket);
  void call(const Step& step, const BindStep& bind);
  void call(const Step& step, const ListenStep& listen);
  void call(const Step& step, const AcceptStep& accept);
  void call(const Step& step, const ConnectStep& connect);
  void call(const Step& step, const ShutdownStep& shutdown);
  void call(const Step& step, const SendtoStep& sendto);
  void call(const Step& step, const RecvfromStep& recvfrom);
  void call(const Step& step, const RpcServeStep& serve);
  void call(const Step& step, const RpcCallStep& rpc);
  Flow run_return(const Step& step, const ReturnStep& result);
  Value return_value_;  // what the last `return` gave

  SharedSteps steps_;
  Variables variables_;
  ProgramCatalog* catalog_;
  kernel::Process* self_ = nullptr;
};

}  // namespace ipcsim::user
