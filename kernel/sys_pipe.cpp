// Pipes and FIFOs (pipe(7), fifo(7)): the pipe system call, and reading,
// writing and opening them with Linux's rules.
#include "kernel/kernel.h"
#include "kernel/pipe_io.h"

namespace ipcsim::kernel {
namespace {

std::shared_ptr<OpenFile> pipe_end(std::shared_ptr<Pipe> pipe, bool read_end, std::shared_ptr<Inode> inode = {}) {
  auto file = std::make_shared<OpenFile>();
  file->kind = FileKind::pipe;
  file->readable = read_end;
  file->writable = !read_end;
  file->pipe = std::move(pipe);
  file->inode = std::move(inode);
  return file;
}

// No read end: SIGPIPE for the writer, which also gets EPIPE if the signal
// does not kill it (pipe(7)).
Errno broken_pipe(Kernel& kernel, Process& process) {
  kernel.raise_signal(process, signal_pipe);
  return Errno::epipe;
}

}  // namespace

KStatus sys_pipe(Kernel& kernel, Process& process, int fds[2]) {
  // Both fds or neither: check for two free slots before making anything.
  const int read_fd = process.files.lowest_free();
  if (read_fd < 0 || process.files.lowest_free(read_fd + 1) < 0) return Errno::emfile;
  auto pipe = std::make_shared<Pipe>(kernel.next_pipe_id(), kernel.config().pipe_capacity, std::string());
  pipe->readers = 1;
  pipe->writers = 1;
  process.files.install(read_fd, pipe_end(pipe, true));
  const int write_fd = process.files.lowest_free();
  process.files.install(write_fd, pipe_end(std::move(pipe), false));
  fds[0] = read_fd;
  fds[1] = write_fd;
  return Success{};
}

KResult<std::int64_t> pipe_read(Kernel& kernel, Process& process, Pipe& pipe, std::int64_t count, bool nonblocking,
                                std::string& data) {
  data.clear();
  if (count == 0) return std::int64_t{0};  // Linux returns before looking at the pipe
  for (;;) {
    // What is there now, without waiting for more.
    if (pipe.size() > 0) {
      pipe.take(count, data);
      const auto taken = static_cast<std::int64_t>(data.size());
      kernel.charge_copy(process, taken);
      kernel.wake_all(pipe.write_queue);
      return taken;
    }
    if (pipe.writers == 0) return std::int64_t{0};  // end of file
    if (nonblocking) return Errno::eagain;
    if (kernel.block(process, pipe.read_queue) != WaitResult::woken) return Errno::eintr;
  }
}

KResult<std::int64_t> pipe_write(Kernel& kernel, Process& process, Pipe& pipe, std::string_view data,
                                 bool nonblocking) {
  const auto total = static_cast<std::int64_t>(data.size());
  if (total == 0) return std::int64_t{0};  // Linux returns before checking for readers
  // Up to pipe_buf bytes go in at once or not at all, so writers' bytes never
  // interleave; more go in piece by piece as room appears.
  const bool atomic = total <= kernel.config().pipe_buf;
  std::int64_t written = 0;
  for (;;) {
    if (pipe.readers == 0) {
      const Errno error = broken_pipe(kernel, process);
      if (written > 0) return written;
      return error;
    }
    const std::int64_t room = pipe.room();
    const std::int64_t piece = atomic ? (room >= total ? total : 0) : std::min(room, total - written);
    if (piece > 0) {
      pipe.put(data.substr(static_cast<std::size_t>(written), static_cast<std::size_t>(piece)));
      kernel.charge_copy(process, piece);
      written += piece;
      kernel.wake_all(pipe.read_queue);
      if (written == total) return written;
    }
    if (nonblocking) {
      if (written > 0) return written;
      return Errno::eagain;
    }
    // Interrupted after some bytes went in: the count so far (pipe(7)).
    if (kernel.block(process, pipe.write_queue) != WaitResult::woken) {
      if (written > 0) return written;
      return Errno::eintr;
    }
  }
}

KResult<std::shared_ptr<OpenFile>> fifo_open(Kernel& kernel, Process& process, std::shared_ptr<Inode> inode,
                                             const std::string& path, OpenFlags flags) {
  // O_NONBLOCK write with no reader: ENXIO (fifo(7)), before any pipe is made.
  const bool has_reader = inode->fifo && inode->fifo->readers > 0;
  if (flags.write && !flags.read && flags.nonblock && !has_reader) return Errno::enxio;
  if (!inode->fifo) inode->fifo = std::make_shared<Pipe>(kernel.next_pipe_id(), kernel.config().pipe_capacity, path);
  std::shared_ptr<Pipe> pipe = inode->fifo;
  auto file = std::make_shared<OpenFile>();
  file->kind = FileKind::pipe;
  file->readable = flags.read;
  file->writable = flags.write;
  file->nonblocking = flags.nonblock;
  file->pipe = pipe;
  file->inode = inode;

  // An open interrupted while it waited for the other end gives back the
  // end it already counted, as a close would (fifo_open in Linux's fs/pipe.c).
  auto abandon = [&](Errno error) -> KResult<std::shared_ptr<OpenFile>> {
    kernel.abandon_open(*file);
    return error;
  };

  if (flags.read && flags.write) {
    // O_RDWR never blocks: it is both ends itself (Linux; POSIX leaves it open).
    ++pipe->readers;
    ++pipe->writers;
    ++pipe->reader_opens;
    ++pipe->writer_opens;
    kernel.wake_all(pipe->open_for_read_queue);
    kernel.wake_all(pipe->open_for_write_queue);
    return file;
  }
  if (flags.read) {
    // A reader blocked in open already counts as a read end (section 10).
    ++pipe->readers;
    ++pipe->reader_opens;
    kernel.wake_all(pipe->open_for_write_queue);
    if (pipe->writers > 0 || flags.nonblock) return file;  // O_NONBLOCK read: at once
    const std::uint64_t seen = pipe->writer_opens;
    while (pipe->writer_opens == seen)
      if (kernel.block(process, pipe->open_for_read_queue) != WaitResult::woken) return abandon(Errno::eintr);
    return file;
  }
  ++pipe->writers;
  ++pipe->writer_opens;
  kernel.wake_all(pipe->open_for_read_queue);
  if (pipe->readers > 0) return file;
  const std::uint64_t seen = pipe->reader_opens;
  while (pipe->reader_opens == seen)
    if (kernel.block(process, pipe->open_for_write_queue) != WaitResult::woken) return abandon(Errno::eintr);
  return file;
}

}  // namespace ipcsim::kernel
