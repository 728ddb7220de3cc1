// The engine's side of the kernel: choosing what runs next in simulated-time
// order, dispatching processes onto CPUs and resuming their fibers.
#include <algorithm>

#include "kernel/kernel.h"
#include "kernel/kpanic.h"
#include "kernel/signal_names.h"

namespace ipcsim::kernel {

// When `cpu` could next do something: its running process's time, or for an
// idle CPU the moment the first ready process became ready.
Time Kernel::cpu_start_time(const Cpu& cpu) const {
  if (cpu.current) return cpu.time;
  if (ready_.empty()) return sim::time_never;
  return std::max(cpu.time, ready_.front()->ready_time_);
}

Time Kernel::horizon_for(const Cpu& cpu) const { return cluster_->horizon_for(cpu); }

void Kernel::make_ready(Process& process, Time at) {
  process.state_ = ProcessState::ready;
  process.ready_time_ = at;
  ready_.push_back(process);
  if (cluster_->cpu_count() > 1 && running_cpu_) running_cpu_->horizon = horizon_for(*running_cpu_);
  if (config_.scheduler != SchedulerKind::priority) return;
  // A strictly better priority preempts the worst running process, unless a
  // CPU is idle and will simply take it (SCENARIO_FORMAT section 10).
  Cpu* victim = nullptr;
  for (Cpu& cpu : cpus_) {
    if (!cpu.current) return;
    if (cpu.current->priority > process.priority && (!victim || cpu.current->priority > victim->current->priority))
      victim = &cpu;
  }
  if (victim) victim->reschedule = true;
}

void Kernel::dispatch(Cpu& cpu) {
  Process* process = ready_.pop_front();
  KASSERT(process != nullptr);
  cpu.time = std::max(cpu.time, process->ready_time_);
  // Switching costs the incoming process, on every dispatch but a CPU's first.
  if (cpu.dispatched_before) cpu.time += config_.costs.context_switch;
  cpu.dispatched_before = true;
  cpu.current = process;
  cpu.reschedule = false;
  process->cpu_ = &cpu;
  process->state_ = ProcessState::running;
  process->quantum_left_ = config_.quantum;
  now_ = cpu.time;
  if (trace_ && process->started_) trace(*process, sim::TraceKind::dispatch, "dispatched on cpu" + std::to_string(cpu.index));
}

void Kernel::run_cpu(Cpu& cpu) {
  if (!cpu.current) dispatch(cpu);
  Process& process = *cpu.current;
  cpu.horizon = horizon_for(cpu);
  running_cpu_ = &cpu;
  now_ = cpu.time;
  if (!process.fiber_) process.fiber_ = std::make_unique<sim::Fiber>(stacks_, &Kernel::process_main, &process);
  process.fiber_->resume();
  running_cpu_ = nullptr;
  if (process.fiber_->finished()) {
    process.fiber_.reset();
    if (cpu.current == &process) cpu.current = nullptr;
    process.cpu_ = nullptr;
  }
}

void Kernel::to_engine(Process& process) {
  process.fiber_->suspend();
  now_ = process.cpu_ ? process.cpu_->time : now_;
}

RunOutcome Kernel::run() { return cluster_->run(); }

Time Kernel::end_time() const { return cluster_->end_time(); }

void Kernel::finish_run(Time end) {
  now_ = end;
  // Processes still asleep when the run ends have been blocked until its end.
  for (auto& process : processes_) {
    if (!process || process->state_ != ProcessState::blocked) continue;
    process->counters[Counter::time_blocked] += std::max<Time>(0, end - process->blocked_since_);
    process->blocked_since_ = end;
  }
}

void Kernel::stop(RunOutcome outcome) { cluster_->stop(outcome); }

// Daemons are not waited for: once every other process has ended they are
// ended with SIGKILL, which is not a deadlock (SCENARIO_FORMAT section 7).
void Kernel::end_daemons() {
  for (auto& process : processes_) {
    if (!process || process->pid() == 1 || !process->alive() || !process->daemon) continue;
    trace(*process, sim::TraceKind::note, "daemon ended with SIGKILL: every other process has exited");
    kill_process(*process, signal_kill);
  }
}

void Kernel::shutdown() {
  if (shutting_down_) return;
  shutting_down_ = true;
  trace_ = nullptr;
  for (auto& process : processes_)
    if (process && process->pid() != 1 && process->alive()) kill_process(*process, signal_kill);
  // Every fiber unwinds from its user boundary; none is destroyed suspended.
  for (;;) {
    Cpu* busy = nullptr;
    for (Cpu& cpu : cpus_)
      if (cpu.current || !ready_.empty()) {
        busy = &cpu;
        break;
      }
    if (!busy) break;
    run_cpu(*busy);
  }
}

void Kernel::process_main(void* argument) {
  Process& process = *static_cast<Process*>(argument);
  Kernel& kernel = process.kernel();
  process.started_ = true;
  if (!process.killed_) kernel.start_user(process);
  while (!process.killed_) {
    if (process.next_image_) {
      process.image_ = std::move(process.next_image_);
      process.leaving_ = false;
      kernel.enter_new_image(process);
    }
    if (process.image_) process.image_->run(process);
    if (process.killed_ || !process.alive()) break;  // exited (and maybe reaped by init at once)
    if (process.next_image_) continue;
    // Returning from main calls exit(0): a system call (SCENARIO_FORMAT section 10).
    kernel.implicit_exit(process);
    break;
  }
  if (process.killed_ && process.alive()) kernel.become_zombie(process);
}

}  // namespace ipcsim::kernel
