#pragma once
// The system call handlers, by family (sys_process.cpp, sys_console.cpp,
// sys_message.cpp). Each runs in kernel mode on the caller's fiber, takes the
// calling process explicitly and returns a value or an Errno; the user-space
// stubs (kernel/user/libc) do the trap around them.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/errno.h"
#include "kernel/message_queue.h"
#include "kernel/process.h"
#include "kernel/signals.h"

namespace ipcsim::kernel {

class Kernel;

// Names a process as steps do: by name (lookup rules of section 1) or pid.
struct ProcessSelector {
  std::string_view name;  // non-empty: by name
  Pid pid = 0;
};

// ---- processes ----
// fork: a new process running `image`. Errors: EAGAIN past limits.processes.
KResult<Pid> sys_fork(Kernel& kernel, Process& parent, std::string child_name, std::unique_ptr<ProcessImage> image);
// exec: replace the image. Errors: ENOENT for an unknown program.
KStatus sys_exec(Kernel& kernel, Process& process, std::string_view program, const std::vector<std::string>& args);
void sys_exit(Kernel& kernel, Process& process, int code);

struct ChildStatus {
  int code = 0;
  int signal = 0;  // non-zero: killed by this signal
};
// wait (waitpid): for any child, or the one `target` names. Returns the
// child's pid, or 0 with `nonblocking` when children exist but none has
// ended (WNOHANG). Errors: ECHILD (no such child), ESRCH/EINVAL from the
// name lookup, EINTR.
KResult<Pid> sys_wait(Kernel& kernel, Process& process, bool any, ProcessSelector target, bool nonblocking,
                      ChildStatus& status);
// nanosleep. Errors: EINTR.
KStatus sys_sleep(Kernel& kernel, Process& process, Time duration);
KStatus sys_yield(Kernel& kernel, Process& process);

// ---- the console ----
// write to fd 1 or 2 (both the console until file descriptors arrive).
// Errors: EBADF for any other fd.
KResult<std::int64_t> sys_write(Kernel& kernel, Process& process, int fd, std::string_view data);

// Names a mailbox by name or by id.
struct MailboxSelector {
  std::string_view name;  // non-empty: by name
  std::int64_t id = 0;
};

// ---- signals (sys_signal.cpp) ----
// sigaction (the `signal` step). Errors: EINVAL for SIGKILL and SIGSTOP,
// which cannot be caught or ignored, and for a number outside 1..64.
KStatus sys_sigaction(Kernel& kernel, Process& process, int signal, SignalAction action);
// kill. `signal` 0 only checks that the target exists. Errors: ESRCH (no
// such process, or not on this host), EPERM (another uid, unless root),
// EINVAL (a number outside 0..64).
KStatus sys_kill(Kernel& kernel, Process& sender, ProcessSelector target, int signal);
enum class MaskHow : unsigned char { block, unblock, set };
// sigprocmask. Blocking SIGKILL or SIGSTOP is accepted and has no effect.
KStatus sys_sigprocmask(Kernel& kernel, Process& process, MaskHow how, SignalSet signals);
// sigpending: the pending signals, lowest first.
std::vector<int> sys_sigpending(Kernel& kernel, Process& process);
// pause: sleeps until a signal is delivered to a handler; always EINTR.
KStatus sys_pause(Kernel& kernel, Process& process);
// alarm: SIGALRM after `delay` (0 cancels); returns the time that was left.
KResult<Time> sys_alarm(Kernel& kernel, Process& process, Time delay);

// ---- message passing ----
// send(P, m) over the pair's link. Errors: ESRCH (no such process, or it has
// ended), EINVAL (several bear the name, or P is the caller), EAGAIN, EINTR.
KStatus sys_send_direct(Kernel& kernel, Process& sender, ProcessSelector to, std::string_view body,
                        SendOptions options);
// receive(Q, m): symmetric from one process, or with `any` from whichever
// link holds the oldest message. Errors: ESRCH (Q never existed, or ended
// and its link is drained), EINVAL, EAGAIN, EINTR.
KStatus sys_receive_direct(Kernel& kernel, Process& receiver, ProcessSelector from, bool any, bool nonblocking,
                           std::string& body, Pid& sender);
// Errors: ENOENT / EINVAL (no such mailbox), EIDRM (destroyed, also while
// blocked), EACCES (mode bits), EAGAIN, EINTR.
KStatus sys_send_mailbox(Kernel& kernel, Process& sender, MailboxSelector to, std::string_view body,
                         SendOptions options);
KStatus sys_receive_mailbox(Kernel& kernel, Process& receiver, MailboxSelector from, bool nonblocking,
                            std::string& body, Pid& sender);
// Returns the new mailbox's id. Errors: EEXIST (name in use).
KResult<std::int64_t> sys_mailbox_create(Kernel& kernel, Process& owner, std::string name, std::int64_t capacity,
                                         int mode);
// Errors: ENOENT / EINVAL / EIDRM as above, EPERM (neither owner nor root).
KStatus sys_mailbox_destroy(Kernel& kernel, Process& caller, MailboxSelector which);

}  // namespace ipcsim::kernel
