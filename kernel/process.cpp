#include "kernel/process.h"

namespace ipcsim::kernel {

std::string_view process_state_name(ProcessState state) {
  switch (state) {
    case ProcessState::ready: return "ready";
    case ProcessState::running: return "running";
    case ProcessState::blocked: return "blocked";
    case ProcessState::zombie: return "zombie";
    case ProcessState::reaped: return "reaped";
  }
  return "?";
}

Process::Process(Kernel& kernel, Pid pid, Pid parent, std::string name)
    : KernelObject(ObjectKind::process, pid),
      kernel_(&kernel),
      pid_(pid),
      parent_(parent),
      name_(std::move(name)),
      child_exit_queue(BlockReason::wait, this),
      sleep_queue(BlockReason::sleep, this),
      receive_any_queue(BlockReason::link_receive, this),
      stopped_queue(BlockReason::stopped, this),
      pause_queue(BlockReason::pause, this) {}

std::string Process::describe() const { return "process " + std::to_string(pid_) + " (" + name_ + ")"; }

}  // namespace ipcsim::kernel
