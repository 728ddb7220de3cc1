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
#include "kernel/socket.h"  // Sockets

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

// ---- file descriptors, pipes, FIFOs and files (sys_file.cpp, sys_pipe.cpp) ----
// The flags of open(2) a scenario can name (section 3): O_RDONLY/O_WRONLY/
// O_RDWR from `read`/`write`, and O_NONBLOCK, O_CREAT, O_TRUNC, O_APPEND,
// O_EXCL, O_DIRECTORY.
struct OpenFlags {
  bool read = false;
  bool write = false;
  bool nonblock = false;
  bool create = false;
  bool truncate = false;
  bool append = false;
  bool exclusive = false;
  bool directory = false;
};
enum class FileType : unsigned char { regular, directory, fifo };
// What stat(2) returns of an entry.
struct FileStatus {
  FileType type = FileType::regular;
  int mode = 0;          // permission bits, with the sticky bit
  int owner = 0;         // uid
  std::int64_t size = 0; // bytes of a regular file; entries of a directory
};
// pipe: a new pipe; fds[0] its read end, fds[1] its write end, lowest free
// numbers first. Errors: EMFILE.
KStatus sys_pipe(Kernel& kernel, Process& process, int fds[2]);
// read up to `count` bytes. Returns what is there without waiting for more;
// "" (0) at end of file. Errors: EBADF, EISDIR, EAGAIN (O_NONBLOCK or
// `nonblocking`), EINTR, EINVAL (negative count).
KResult<std::int64_t> sys_read(Kernel& kernel, Process& process, int fd, std::int64_t count, bool nonblocking,
                               std::string& data);
// write: the bytes taken. Errors: EBADF, EPIPE (with SIGPIPE), EAGAIN, EINTR.
KResult<std::int64_t> sys_write(Kernel& kernel, Process& process, int fd, std::string_view data, bool nonblocking);
// close: EBADF.
KStatus sys_close(Kernel& kernel, Process& process, int fd);
// dup: the lowest free fd. dup2: `to`, closing what it held first;
// dup2(fd, fd) returns fd. Errors: EBADF, EMFILE.
KResult<int> sys_dup(Kernel& kernel, Process& process, int fd);
KResult<int> sys_dup2(Kernel& kernel, Process& process, int from, int to);
// open a path (relative ones from the process's working directory); a FIFO
// blocks until its other end is open (reason fifo.open). Errors: ENOENT,
// EEXIST, EACCES, EISDIR, ENOTDIR, ENXIO (FIFO for write, O_NONBLOCK, no
// reader), EMFILE, EINTR, EINVAL (neither read nor write).
KResult<int> sys_open(Kernel& kernel, Process& process, std::string_view path, OpenFlags flags, int mode);
// Errors: EEXIST, ENOENT, ENOTDIR, EACCES.
KStatus sys_mkfifo(Kernel& kernel, Process& process, std::string_view path, int mode);
// Errors: ENOENT, EISDIR, ENOTDIR, EACCES, EPERM (sticky directory).
KStatus sys_unlink(Kernel& kernel, Process& process, std::string_view path);
// Errors: ENOENT, ENOTDIR.
KStatus sys_stat(Kernel& kernel, Process& process, std::string_view path, FileStatus& status);
// getdents: the names of an open directory not yet returned, sorted
// bytewise; an empty list at its end. Errors: EBADF, ENOTDIR.
KResult<std::int64_t> sys_getdents(Kernel& kernel, Process& process, int fd, std::vector<std::string>& names);
// chdir. Errors: ENOENT, ENOTDIR, EACCES.
KStatus sys_chdir(Kernel& kernel, Process& process, std::string_view path);

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

// ---- shared memory and semaphores (sys_shm.cpp, sys_semaphore.cpp) ----
// shmget's flags: IPC_CREAT, IPC_EXCL and the permission bits (the mode of
// a new segment; for an existing one, the access asked for).
struct ShmgetFlags {
  bool create = false;
  bool exclusive = false;
  int mode = 0;
};
// What shmctl(IPC_STAT) returns.
struct ShmStatus {
  std::int64_t size = 0;         // shm_segsz: the size asked for
  std::int64_t attachments = 0;  // shm_nattch
  int mode = 0;                  // permission bits
  int owner = 0;                 // uid
};
// shmget: the id of the segment with `key` (ipc_private, 0: always a new
// one), made when absent and `create`. Errors: ENOENT (absent, no create),
// EEXIST (create + exclusive, present), EINVAL (a new segment of size 0 or
// above 1GiB; a present one smaller than `size`), EACCES (mode bits).
KResult<std::int64_t> sys_shmget(Kernel& kernel, Process& process, std::int64_t key, std::int64_t size,
                                 ShmgetFlags flags);
// shmat: the start address of a new attachment. Errors: EINVAL (no such id,
// or the segment is gone), EACCES (read, and write unless `readonly`).
KResult<std::int64_t> sys_shmat(Kernel& kernel, Process& process, std::int64_t id, bool readonly);
// shmdt. Errors: EINVAL (no attachment starts at `address`).
KStatus sys_shmdt(Kernel& kernel, Process& process, std::int64_t address);
// shmctl(IPC_RMID). Errors: EINVAL (no such id), EPERM (neither owner nor root).
KStatus sys_shmctl_remove(Kernel& kernel, Process& process, std::int64_t id);
// shmctl(IPC_STAT). Errors: EINVAL (no such id), EACCES (no read permission).
KStatus sys_shmctl_status(Kernel& kernel, Process& process, std::int64_t id, ShmStatus& status);
// A named semaphore with `value` units. Errors: EEXIST, EINVAL (value < 0).
KStatus sys_sem_create(Kernel& kernel, Process& process, std::string name, std::int64_t value);
// P: takes a unit, sleeping (reason sem.wait, FIFO) while there is none.
// Errors: ENOENT (no such name), EAGAIN (`nonblocking`), EINTR.
KStatus sys_sem_wait(Kernel& kernel, Process& process, std::string_view name, bool nonblocking);
// V: gives a unit, straight to the first waiter if any. Errors: ENOENT.
KStatus sys_sem_post(Kernel& kernel, Process& process, std::string_view name);

// ---- Sockets (sys_socket.cpp, sys_datagram.cpp; SCENARIO_FORMAT section 7) ----
// Addresses are "IP:PORT" text; a bad one is EINVAL. Every call on an fd
// fails with EBADF when it is not open and ENOTSOCK when it is no socket.
// socket: a new unbound socket's fd. Errors: EMFILE.
KResult<int> sys_socket(Kernel& kernel, Process& process, SocketType type);
// bind. Errors: EADDRINUSE (taken, per protocol), EADDRNOTAVAIL (not an
// address of this host nor 127.0.0.1), EINVAL (already bound; bad address).
KStatus sys_bind(Kernel& kernel, Process& process, int fd, std::string_view address);
// listen: a stream socket starts taking connections, `backlog` (at least 1)
// of them before accept. An unbound socket gets an ephemeral port.
// Errors: EOPNOTSUPP (datagram socket), EINVAL (connected).
KStatus sys_listen(Kernel& kernel, Process& process, int fd, std::int64_t backlog);
// accept: the fd of the oldest connection in the backlog, sleeping (reason
// socket.accept) while there is none; `peer` gets the client's "IP:PORT".
// Errors: EINVAL (not listening), EAGAIN, EINTR, EMFILE.
KResult<int> sys_accept(Kernel& kernel, Process& process, int fd, bool nonblocking, std::string& peer);
// connect. A stream socket: 1. the SYN travels to the server's host; 2.
// with a listener whose backlog has room, the connection is made there
// (before accept); with a full backlog it waits for accept to make room
// (reason socket.connect); 3. the answer travels back (one round trip
// between hosts, nothing on one). A datagram socket only sets its default
// destination. An unbound socket gets an ephemeral port. Errors:
// ECONNREFUSED (nobody listens), EISCONN (already connected), EINVAL
// (listening; bad address), EHOSTUNREACH (no host has the IP), EAGAIN
// (`nonblocking` and the backlog is full), EINTR.
KStatus sys_connect(Kernel& kernel, Process& process, int fd, std::string_view address, bool nonblocking);
enum class ShutdownHow : unsigned char { read, write, both };
// shutdown: `read` ends reading (what is buffered, then end of file);
// `write` sends end of file to the peer (later writes: SIGPIPE, EPIPE).
// Errors: ENOTCONN.
KStatus sys_shutdown(Kernel& kernel, Process& process, int fd, ShutdownHow how);
// sendto: one datagram, never blocking; returns its size. A datagram that
// finds no socket bound at `address`, or no room there, is dropped as UDP
// drops it (and reported in lost_messages). Errors: EMSGSIZE (over 65507
// bytes), EISCONN/ENOTCONN (a stream socket), EINVAL.
KResult<std::int64_t> sys_sendto(Kernel& kernel, Process& process, int fd, std::string_view address,
                                 std::string_view data);
// recvfrom: the oldest datagram, cut to `count` bytes (the rest is
// discarded), sleeping (reason socket.read) while there is none; `sender`
// gets its "IP:PORT". On a connected stream socket, as read. Errors:
// EAGAIN, EINTR, EINVAL (negative count), ENOTCONN.
KResult<std::int64_t> sys_recvfrom(Kernel& kernel, Process& process, int fd, std::int64_t count, bool nonblocking,
                                   std::string& data, std::string& sender);

}  // namespace ipcsim::kernel
