#include "kernel/kernel.h"
#include "kernel/system_calls.h"

namespace ipcsim::kernel {

KResult<Pid> sys_fork(Kernel& kernel, Process& parent, std::string child_name, std::unique_ptr<ProcessImage> image) {
  auto child = kernel.create_child(parent, std::move(child_name), std::move(image));
  if (!child.ok()) return child.error();
  return child.value()->pid();
}

KStatus sys_exec(Kernel& kernel, Process& process, std::string_view program, const std::vector<std::string>& args) {
  auto image = kernel.load_program(program, args);
  if (!image.ok()) return image.error();
  kernel.replace_image(process, std::move(image.value()), std::string(program));
  return Success{};
}

void sys_exit(Kernel& kernel, Process& process, int code) { kernel.exit_process(process, code); }

KResult<Pid> sys_wait(Kernel& kernel, Process& process, bool any, ProcessSelector which, bool nonblocking,
                      ChildStatus& status) {
  Pid target = 0;
  if (!any) {
    auto child = kernel.resolve(which);
    if (!child.ok()) return child.error();
    target = child.value()->pid();
  }
  for (;;) {
    bool any_child = false;
    // Children in the order they were made: the oldest zombie is reported
    // first, as Linux walks its children list.
    for (Pid pid : process.children) {
      if (target != 0 && pid != target) continue;
      any_child = true;
      Process& child = *kernel.find(pid);
      if (child.state() != ProcessState::zombie) continue;
      status.code = child.exit_code;
      status.signal = child.exit_signal;
      kernel.reap_child(child);
      return pid;
    }
    if (!any_child) return Errno::echild;
    if (nonblocking) return Pid{0};
    if (kernel.block(process, process.child_exit_queue) != WaitResult::woken) return Errno::eintr;
  }
}

KStatus sys_sleep(Kernel& kernel, Process& process, Time duration) {
  if (kernel.sleep_for(process, duration) != WaitResult::woken) return Errno::eintr;
  return Success{};
}

KStatus sys_yield(Kernel& kernel, Process& process) {
  kernel.yield(process);
  return Success{};
}

}  // namespace ipcsim::kernel
