#pragma once
// The user-space system call stubs: the "libc" every program calls, the step
// interpreter and built-in programs alike. Each stub traces the call, traps,
// runs the handler and converts its KResult to what user code sees: a return
// value, or -1 and an errno (DESIGN.md "Errors").
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/system_calls.h"

namespace ipcsim::user::libc {

using kernel::Errno;
using kernel::Pid;
using kernel::Process;

struct CallResult {
  std::int64_t value = 0;  // -1 on failure, as $ret
  Errno error = Errno::none;
  bool ok() const { return error == Errno::none; }
};

CallResult fork(Process& self, std::string child_name, std::unique_ptr<kernel::ProcessImage> child_image);
CallResult exec(Process& self, std::string_view program, const std::vector<std::string>& args);
void exit(Process& self, int code);
CallResult wait(Process& self, bool any, kernel::ProcessSelector child, bool nonblocking,
                kernel::ChildStatus& status);
CallResult sleep(Process& self, sim::Time duration);
CallResult yield(Process& self);
CallResult getpid(Process& self);
CallResult getppid(Process& self);

// Files, pipes and FIFOs. `nonblocking` is the step's key (this call only);
// O_NONBLOCK on the descriptor has the same effect for every call.
CallResult pipe(Process& self, int fds[2]);
CallResult read(Process& self, int fd, std::int64_t count, std::string& data, bool nonblocking = false);
CallResult write(Process& self, int fd, std::string_view data, bool nonblocking = false);
CallResult close(Process& self, int fd);
CallResult dup(Process& self, int fd);
CallResult dup2(Process& self, int from, int to);
CallResult open(Process& self, std::string_view path, kernel::OpenFlags flags, int mode = 0644);
CallResult mkfifo(Process& self, std::string_view path, int mode);
CallResult unlink(Process& self, std::string_view path);
CallResult stat(Process& self, std::string_view path, kernel::FileStatus& status);
CallResult getdents(Process& self, int fd, std::vector<std::string>& names);
CallResult chdir(Process& self, std::string_view path);

CallResult send(Process& self, kernel::ProcessSelector to, std::string_view body, kernel::SendOptions options);
CallResult send(Process& self, kernel::MailboxSelector to, std::string_view body, kernel::SendOptions options);
CallResult receive(Process& self, kernel::ProcessSelector from, bool any, bool nonblocking, std::string& body,
                   Pid& sender);
CallResult receive(Process& self, kernel::MailboxSelector from, bool nonblocking, std::string& body, Pid& sender);
CallResult mailbox_create(Process& self, std::string name, std::int64_t capacity, int mode);
CallResult mailbox_destroy(Process& self, kernel::MailboxSelector which);

CallResult sigaction(Process& self, int signal, kernel::SignalAction action);
CallResult kill(Process& self, kernel::ProcessSelector target, int signal);
CallResult sigprocmask(Process& self, kernel::MaskHow how, kernel::SignalSet signals);
CallResult sigpending(Process& self, std::vector<int>& pending);
CallResult pause(Process& self);
CallResult alarm(Process& self, sim::Time delay);

// Shared memory and semaphores (libc_memory.cpp). shmget's `key` 0 is
// IPC_PRIVATE; shmat returns the attachment's address as its value.
CallResult shmget(Process& self, std::int64_t key, std::int64_t size, kernel::ShmgetFlags flags);
CallResult shmat(Process& self, std::int64_t id, bool readonly);
CallResult shmdt(Process& self, std::int64_t address);
CallResult shmctl_remove(Process& self, std::int64_t id);
CallResult shmctl_status(Process& self, std::int64_t id, kernel::ShmStatus& status);
CallResult sem_create(Process& self, std::string name, std::int64_t value);
CallResult sem_wait(Process& self, std::string_view name, bool nonblocking);
CallResult sem_post(Process& self, std::string_view name);

// Sockets (libc_socket.cpp). Addresses are "IP:PORT" text.
CallResult socket(Process& self, kernel::SocketType type);
CallResult bind(Process& self, int fd, std::string_view address);
CallResult listen(Process& self, int fd, std::int64_t backlog);
CallResult accept(Process& self, int fd, std::string& peer, bool nonblocking = false);
CallResult connect(Process& self, int fd, std::string_view address, bool nonblocking = false);
CallResult shutdown(Process& self, int fd, kernel::ShutdownHow how);
CallResult sendto(Process& self, int fd, std::string_view address, std::string_view data);
CallResult recvfrom(Process& self, int fd, std::int64_t count, std::string& data, std::string& sender,
                    bool nonblocking = false);

// How traces show call arguments: a quoted, escaped, shortened string.
std::string quote(std::string_view text);

}  // namespace ipcsim::user::libc
