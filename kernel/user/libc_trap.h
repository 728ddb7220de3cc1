#pragma once
// The trap around every libc stub (libc.cpp, libc_memory.cpp): trace the
// call, enter the kernel, return the KResult to user code as $ret/$errno,
// and make a call again when a `restart` handler interrupted it. Internal
// to kernel/user.
#include <cstdint>
#include <string>

#include "kernel/kernel.h"
#include "kernel/user/libc.h"

namespace ipcsim::user::libc::trap {

using kernel::Kernel;
using kernel::KResult;
using kernel::Syscall;

// Traced before the trap, so the line carries the time the call was made.
// The arguments are formatted only when a trace is on: a call with the trace
// off builds no strings.
// Out of line and cold: a stub's own frame stays small, and the strings
// are built only when a trace is on.
template <typename Arguments>
[[gnu::cold, gnu::noinline]] void trace_call(Process& self, Syscall call, const Arguments& arguments) {
  self.kernel().trace(self, sim::TraceKind::syscall, std::string(kernel::syscall_name(call)) + arguments());
}

template <typename Detail>
[[gnu::cold, gnu::noinline]] void return_traced(Process& self, Syscall call, std::int64_t value, const Detail& detail) {
  self.kernel().trap_return(self, call, Errno::none, value, detail());
}

template <typename Arguments>
void enter(Process& self, Syscall call, Arguments&& arguments) {
  Kernel& k = self.kernel();
  if (k.tracing()) trace_call(self, call, arguments);
  k.trap_enter(self, call);
}

inline std::string no_detail() { return {}; }

template <typename T, typename Detail = std::string (*)()>
CallResult leave(Process& self, Syscall call, const KResult<T>& result, std::int64_t value,
                 Detail&& detail = no_detail) {
  Kernel& k = self.kernel();
  if (k.tracing() && result.ok()) return_traced(self, call, value, detail);
  else k.trap_return(self, call, result.error(), value);
  if (!result.ok()) return CallResult{-1, result.error()};
  return CallResult{value, Errno::none};
}

// A call interrupted by a handler installed with `restart` is made again:
// the kernel says so after the return, and the stub traps once more.
template <typename Call>
CallResult restartable(Process& self, Call&& call) {
  for (;;) {
    CallResult result = call();
    if (!self.kernel().take_restart(self)) return result;
  }
}

}  // namespace ipcsim::user::libc::trap
