#pragma once
// The simulated kernel of one host: process table, CPUs and scheduler, the
// trap, sleeping and waking, and the tables of kernel objects. System calls
// live in sys_*.cpp by family; kernel objects in a file pair each.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/cluster.h"
#include "kernel/config.h"
#include "kernel/errno.h"
#include "kernel/file_system.h"
#include "kernel/link.h"
#include "kernel/mailbox.h"
#include "kernel/process.h"
#include "kernel/ready_queue.h"
#include "kernel/semaphore.h"
#include "kernel/shared_memory.h"
#include "kernel/system_calls.h"
#include "sim/event_queue.h"
#include "sim/trace.h"

namespace ipcsim::kernel {

struct Cpu {
  int index = 0;  // on its host
  int order = 0;  // over every host of the run, for ties
  Time time = 0;
  Process* current = nullptr;
  bool dispatched_before = false;  // the first dispatch costs no context switch
  Time horizon = sim::time_never;  // the running process yields to the engine past this
  bool reschedule = false;         // a better-priority process became ready
};

// Starts programs by name for exec (scenario programs, later built-ins).
class ProgramLoader {
 public:
  virtual KResult<std::unique_ptr<ProcessImage>> load(std::string_view program,
                                                      const std::vector<std::string>& args) = 0;

 protected:
  ~ProgramLoader() = default;
};

// A message that never reached a receiver, kept for the end-of-run report.
struct LostMessage {
  Time time = 0;
  std::string where;   // "mailbox jobs (id 1)"
  Pid sender = 0;
  std::string body;
  std::string why;     // "mailbox destroyed", "receiver ended", "still queued at the end", ...
};

class Network;

class Kernel final : private sim::EventHandler {
 public:
  // A host of `cluster`; without one, the kernel is a run of its own.
  Kernel(KernelConfig config, Limits limits, std::size_t stack_size = sim::StackPool::default_stack_size,
         Cluster* cluster = nullptr);
  ~Kernel();
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  const KernelConfig& config() const { return config_; }
  const Limits& limits() const { return limits_; }
  void set_trace(sim::TraceSink* sink) { trace_ = sink; }
  bool tracing() const { return trace_ != nullptr; }
  void set_program_loader(ProgramLoader* loader) { loader_ = loader; }

  // ---- boot and run (scheduler.cpp) ----
  // Boot processes get pids 2, 3, ... and become ready in the order created.
  Process& create_boot_process(std::string name, std::unique_ptr<ProcessImage> image, bool daemon = false,
                               int priority = 0);
  // Runs every host of its cluster (Cluster::run).
  RunOutcome run();
  // Ends every process still alive without counting or tracing, unwinding
  // each fiber from its user boundary. Called once after run().
  void shutdown();
  Time now() const { return now_; }
  Time end_time() const;
  Cluster& cluster() const { return *cluster_; }
  const std::vector<Cpu>& cpus() const { return cpus_; }

  // ---- the process table (kernel.cpp) ----
  Process* find(Pid pid) const;
  // Every process ever made, by pid (0 is empty, 1 is init).
  const std::vector<std::unique_ptr<Process>>& process_table() const { return processes_; }
  // The name lookup rule of SCENARIO_FORMAT section 1: the process bearing it
  // now (zombies count), else the last that bore it; ESRCH / EINVAL otherwise.
  KResult<Process*> find_by_name(std::string_view name) const;
  void rename(Process& process, std::string name);
  // A process as a step names it: by name, or by pid (init is not one of them).
  KResult<Process*> resolve(ProcessSelector who) const;
  std::size_t live_processes() const { return live_count_; }

  // ---- the user/kernel boundary (trap.cpp) ----
  void start_user(Process& process);
  // Before every step: the steps limit, a pending preemption, yielding to the
  // engine at the horizon; then charges `user_step` for a user-mode step
  // (system-call steps are charged by the trap, compute by its duration).
  void begin_step(Process& process, bool charge_user_step);
  void compute(Process& process, Time duration);
  void trap_enter(Process& process, Syscall call);
  // Back to user mode with a result; counts and charges the return unless the
  // process is leaving (exit, kill), which never returns to user mode.
  void trap_return(Process& process, Syscall call, Errno error, std::int64_t value, std::string_view detail = {});
  void charge(Process& process, Time duration);  // counts toward the quantum
  void charge_copy(Process& process, std::int64_t bytes);
  void charge_overhead(Process& process, Time duration);  // not toward the quantum

  // ---- sleeping and waking (wait.cpp) ----
  WaitResult block(Process& process, WaitQueue& queue);
  WaitResult sleep_for(Process& process, Time duration);
  void wake(Process& sleeper, WaitResult result = WaitResult::woken);
  void wake_one(WaitQueue& queue);
  void wake_all(WaitQueue& queue);
  void yield(Process& process);

  // ---- lifecycle (lifecycle.cpp) ----
  // EAGAIN past limits.processes.
  KResult<Process*> create_child(Process& parent, std::string name, std::unique_ptr<ProcessImage> image);
  KResult<std::unique_ptr<ProcessImage>> load_program(std::string_view program, const std::vector<std::string>& args);
  void replace_image(Process& process, std::unique_ptr<ProcessImage> image, std::string name);
  void exit_process(Process& process, int code);
  // SIGKILL: the victim leaves at its next return to user mode.
  void kill_process(Process& process, int signal);
  // A zombie's status has been collected: it is gone from the process table.
  void reap_child(Process& zombie);

  // ---- signals (signals.cpp) ----
  // Generates `signal` for `target` (the sender counts it). Fatal default
  // actions take effect at once, as Linux's fatal-signal short cut; others
  // are made pending and, for a handler, interrupt a blocked call.
  void send_signal(Process& target, int signal);
  // On every return to user mode: runs handlers (entering user mode for
  // each, then sigreturn) and default actions of what is pending, unblocked.
  void deliver_pending_signals(Process& process);
  bool has_deliverable_signal(const Process& process) const;
  const SignalAction& signal_action(const Process& process, int signal) const;
  void set_signal_action(Process& process, int signal, SignalAction action);
  // The stub's question after a call returned: start it again (SA_RESTART)?
  bool take_restart(Process& process);
  void set_alarm(Process& process, Time delay);

  // ---- files (files.cpp) ----
  FileSystem files;
  // Gives a boot process fds 0, 1 and 2 on the console; `input` is its
  // `stdin:` text, if any.
  void open_console(Process& process, std::shared_ptr<ConsoleInput> input);
  // Installs `file` at the lowest free fd (EMFILE when there is none).
  KResult<int> install_descriptor(Process& process, std::shared_ptr<OpenFile> file);
  // Closes `fd`: the description is released when it was the last fd for it.
  void close_descriptor(Process& process, int fd);
  void close_all_descriptors(Process& process);
  // Undoes an open that never got an fd (EMFILE, an interrupted FIFO open)
  // exactly as closing its only fd would: the same end counts, wake-ups
  // and FIFO clean-up.
  void abandon_open(OpenFile& file);
  // Raised by the kernel for `process`'s own action (SIGPIPE, SIGSEGV):
  // counted in its signals_sent (section 10).
  void raise_signal(Process& process, int signal);
  std::int64_t next_pipe_id() { return ++pipes_made_; }

  // ---- tables and logs ----
  MailboxTable mailboxes;
  LinkTable links;
  // Shared memory and semaphores.
  SharedMemoryTable shared_memory;
  SemaphoreTable semaphores;
  std::string console;  // everything written to fds 1 and 2, in order
  std::vector<LostMessage> lost_messages;
  void trace(const Process& process, sim::TraceKind kind, std::string detail);
  void trace_kernel(sim::TraceKind kind, std::string detail);
  void report_lost(std::string where, const Message& message, std::string why);

  // ---- Network: this kernel is one host (network.cpp, sys_socket.cpp) ----
  // The host's name and address (section 7); `localhost` at 127.0.0.1
  // without `hosts:`.
  std::string host_name = "localhost";
  std::string host_address = "127.0.0.1";
  // The network this host belongs to; a kernel never put on one makes its
  // own, with itself as the only host. Never null.
  Network* network();
  // Puts this host on `network` (which must outlive it) and attaches it there.
  void join_network(Network& network);
  // An event for a part of the machine outside this kernel (a network
  // delivery), in the cluster's one event queue.
  void schedule_at(Time at, sim::EventHandler& handler, std::uint64_t argument);
  std::int64_t next_socket_id() { return ++sockets_made_; }
  bool shutting_down() const { return shutting_down_; }

 private:
  friend class Cluster;
  void on_event(std::uint64_t argument) override;
  void finish_run(Time end);

  Process& make_process(Pid parent, std::string name, std::unique_ptr<ProcessImage> image);
  void make_ready(Process& process, Time at);
  void dispatch(Cpu& cpu);
  void run_cpu(Cpu& cpu);
  Time cpu_start_time(const Cpu& cpu) const;
  Time horizon_for(const Cpu& cpu) const;
  void to_engine(Process& process);
  bool preemptive() const;
  void stop(RunOutcome outcome);
  void enter_new_image(Process& process);
  void implicit_exit(Process& process);
  void become_zombie(Process& process);
  void release_links(Process& process);
  void release_description(OpenFile& file);
  enum class EventKind : unsigned char { sleep_end, alarm };
  void schedule_event(Time at, Process& process, EventKind kind);
  void run_handler(Process& process, int signal, const SignalAction& action);
  void stop_process(Process& process);
  void signal_interrupt(Process& process);
  void notify_parent(Process& child);
  [[gnu::cold, gnu::noinline]] void trace_block(const Process& process, const WaitQueue& queue);
  [[gnu::cold, gnu::noinline]] void trace_result(const Process& process, Syscall call, Errno error, std::int64_t value,
                                                 std::string_view detail);
  [[gnu::cold, gnu::noinline]] void trace_exit(const Process& process);
  void timer_interrupt(Process& process);
  void preempt(Process& process);
  void finish_fiber(Cpu& cpu, Process& process);
  void end_daemons();
  static void process_main(void* argument);

  KernelConfig config_;
  Limits limits_;
  sim::StackPool stacks_;
  std::unique_ptr<Cluster> own_cluster_;
  Cluster* cluster_ = nullptr;
  sim::TraceSink* trace_ = nullptr;
  ProgramLoader* loader_ = nullptr;
  std::vector<std::unique_ptr<Process>> processes_;
  std::map<std::string, std::vector<Pid>, std::less<>> name_history_;
  std::vector<Cpu> cpus_;
  ReadyQueue ready_;
  Cpu* running_cpu_ = nullptr;
  Time now_ = 0;
  std::int64_t pipes_made_ = 0;
  std::shared_ptr<OpenFile> console_input_;
  std::shared_ptr<OpenFile> console_output_;
  std::shared_ptr<OpenFile> console_error_;
  std::size_t live_count_ = 0;          // alive, not init
  std::size_t live_non_daemons_ = 0;
  std::size_t existing_count_ = 0;      // alive or zombie, not init
  bool shutting_down_ = false;
  // Network: declared last, so an own network outlives nothing that uses it.
  std::int64_t sockets_made_ = 0;
  Network* network_ = nullptr;
  std::unique_ptr<Network> own_network_;
};

}  // namespace ipcsim::kernel
