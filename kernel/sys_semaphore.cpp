// Kernel semaphore system calls (SCENARIO_FORMAT section 3 "Shared memory",
// section 10 "Wake-ups"). The counting and the hand-off live in semaphore.cpp.
#include "kernel/kernel.h"
#include "kernel/system_calls.h"

namespace ipcsim::kernel {

KStatus sys_sem_create(Kernel& kernel, Process&, std::string name, std::int64_t value) {
  if (value < 0) return Errno::einval;
  auto made = kernel.semaphores.create(std::move(name), value);
  if (!made.ok()) return made.error();
  return Success{};
}

KStatus sys_sem_wait(Kernel& kernel, Process& process, std::string_view name, bool nonblocking) {
  auto found = kernel.semaphores.find(name);
  if (!found.ok()) return found.error();
  Semaphore& semaphore = *found.value();
  // The wait loop of STYLE.md habit 3: take a free unit, or sleep until a
  // sem_post hands one over. A woken process that was handed nothing
  // checks again.
  for (;;) {
    if (semaphore.try_take()) return Success{};
    if (nonblocking) return Errno::eagain;
    const WaitResult result = kernel.block(process, semaphore.waiters);
    if (process.semaphore_granted) {
      // Handed over before any signal: the unit is this process's, as
      // Linux's __down_common returns 0 once waiter.up is set.
      process.semaphore_granted = false;
      return Success{};
    }
    if (result != WaitResult::woken) return Errno::eintr;
  }
}

KStatus sys_sem_post(Kernel& kernel, Process&, std::string_view name) {
  auto found = kernel.semaphores.find(name);
  if (!found.ok()) return found.error();
  found.value()->give(kernel);
  return Success{};
}

}  // namespace ipcsim::kernel
