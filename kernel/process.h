#pragma once
// A process: its place in the process table, its fiber, its counters and the
// kernel state that follows it around (wait-queue links, children, links,
// owned mailboxes, console output).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kernel/address_space.h"
#include "kernel/counters.h"
#include "kernel/file_table.h"
#include "kernel/kernel_object.h"
#include "kernel/signals.h"
#include "kernel/wait_queue.h"
#include "sim/fiber.h"
#include "sim/time.h"

namespace ipcsim::kernel {

using Pid = std::int64_t;
using sim::Time;

class Kernel;
class Process;
class Link;
class Mailbox;
struct Cpu;

// What a process runs in user mode: the step interpreter, or a program built
// in code. run() returns when the program ends or the process must leave
// (exit, exec, kill); the kernel then starts the next image or ends it.
class ProcessImage {
 public:
  virtual ~ProcessImage() = default;
  virtual void run(Process& self) = 0;
};

enum class ProcessState : unsigned char { ready, running, blocked, zombie, reaped };

std::string_view process_state_name(ProcessState state);

class Process final : public KernelObject {
 public:
  Process(Kernel& kernel, Pid pid, Pid parent, std::string name);
  std::string describe() const override;

  Kernel& kernel() const { return *kernel_; }
  Pid pid() const { return pid_; }
  Pid parent() const { return parent_; }
  const std::string& name() const { return name_; }

  bool alive() const { return state_ != ProcessState::zombie && state_ != ProcessState::reaped; }
  ProcessState state() const { return state_; }
  // True once the process must stop running user code: it exited, exec'd a
  // new image, was killed, or the run is over. Programs return when they see it.
  bool must_leave() const { return leaving_; }
  bool killed() const { return killed_; }

  int uid = 1000;
  int priority = 0;
  bool daemon = false;
  Counters counters;
  std::string stdout_text;
  std::string stderr_text;
  int user_line = 0;  // the scenario line being run, for reports

  // How it ended: an exit code, or the signal that killed it.
  int exit_code = 0;
  int exit_signal = 0;
  Time exit_time = 0;

 private:
  friend class Kernel;
  friend class WaitQueue;
  friend class ReadyQueue;

  Kernel* kernel_;
  Pid pid_;
  Pid parent_;
  std::string name_;
  ProcessState state_ = ProcessState::ready;
  bool leaving_ = false;
  bool killed_ = false;
  bool started_ = false;

  std::unique_ptr<ProcessImage> image_;
  std::unique_ptr<ProcessImage> next_image_;
  std::unique_ptr<sim::Fiber> fiber_;

  // Sleeping: on at most one queue at a time.
  WaitQueue* waiting_on_ = nullptr;
  Process* wait_prev_ = nullptr;
  Process* wait_next_ = nullptr;
  WaitResult wait_result_ = WaitResult::woken;
  Time blocked_since_ = 0;
  Time sleep_deadline_ = 0;
  std::optional<Syscall> in_syscall_;
  bool handler_restarts_ = false;  // a handler with `restart` ran on this return
  bool restart_call_ = false;      // the interrupted call must be made again

  // Scheduling.
  Process* ready_next_ = nullptr;
  Time ready_time_ = 0;
  Time quantum_left_ = 0;
  Cpu* cpu_ = nullptr;

 public:
  // Kernel state other kernel files manage (sys_*.cpp, objects).
  std::vector<Pid> children;
  WaitQueue child_exit_queue;  // parents sleep here in wait()
  WaitQueue sleep_queue;       // nanosleep
  WaitQueue receive_any_queue; // receive {from: any}: a message on any link
  std::vector<Link*> links;    // every link this process is an end of, by creation
  std::vector<Mailbox*> owned_mailboxes;
  bool send_taken = false;     // a rendezvous or `wait: received` message was taken
  // A message handed straight to this process while it waited in receive
  // (the sender found it waiting); it completes the receive when it runs.
  bool has_handoff = false;
  Pid handoff_sender = 0;
  std::string handoff_body;

  // Signals (signals.cpp, sys_signal.cpp).
  SignalSet signals_blocked = 0;
  SignalSet signals_pending = 0;        // standard signals: one instance each
  std::vector<int> realtime_pending;    // SIGRTMIN+n queue, in order sent
  std::unique_ptr<SignalActions> signal_actions;  // null: every disposition is the default
  bool stopped = false;
  Time alarm_deadline = 0;              // 0: no alarm set
  bool alarm_rang = false;              // SIGALRM came due: it interrupts a compute
  WaitQueue stopped_queue;              // a stopped process waits here for SIGCONT
  WaitQueue pause_queue;
  bool has_pending_signals() const { return signals_pending != 0 || !realtime_pending.empty(); }

  // Files (sys_file.cpp, sys_pipe.cpp): fork copies the table, sharing
  // every description; exec keeps it; exit closes every fd.
  FileTable files;
  std::string cwd = "/";
  std::shared_ptr<ConsoleInput> console_input;  // null: fd 0's console is at end of file
  // Shared memory and semaphores (shared_memory.cpp, user_memory.cpp, semaphore.cpp).
  AddressSpace address_space;      // the shm attachments; fork copies, exec and exit empty it
  bool semaphore_granted = false;  // a sem_post handed this waiter its unit

  ProcessImage* image() const { return image_.get(); }
  std::optional<Syscall> current_syscall() const { return in_syscall_; }
  const WaitQueue* waiting_on() const { return waiting_on_; }
};

}  // namespace ipcsim::kernel
