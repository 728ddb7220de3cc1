// File descriptors as the kernel keeps them: the console at boot,
// installing and closing descriptors, and releasing an open file
// description when its last descriptor goes (pipe ends, FIFO buffers).
#include "kernel/kernel.h"
#include "kernel/kpanic.h"
#include "kernel/pipe.h"
#include "kernel/socket_io.h"  // Sockets

namespace ipcsim::kernel {

namespace {

std::shared_ptr<OpenFile> console_description(ConsoleStream stream) {
  auto file = std::make_shared<OpenFile>();
  file->kind = FileKind::console;
  file->stream = stream;
  // A terminal is opened O_RDWR; which stream it is decides only where
  // written bytes are filed for `stdout`/`stderr` expectations.
  file->readable = true;
  file->writable = true;
  return file;
}

}  // namespace

void Kernel::open_console(Process& process, std::shared_ptr<ConsoleInput> input) {
  // Three descriptions shared by every boot process: a million processes
  // cost three fds each, not three objects.
  if (!console_input_) {
    console_input_ = console_description(ConsoleStream::input);
    console_output_ = console_description(ConsoleStream::output);
    console_error_ = console_description(ConsoleStream::error);
  }
  process.files.install(0, console_input_);
  process.files.install(1, console_output_);
  process.files.install(2, console_error_);
  process.console_input = std::move(input);
}

KResult<int> Kernel::install_descriptor(Process& process, std::shared_ptr<OpenFile> file) {
  const int fd = process.files.lowest_free();
  if (fd < 0) {
    abandon_open(*file);
    return Errno::emfile;
  }
  process.files.install(fd, std::move(file));
  return fd;
}

void Kernel::close_descriptor(Process& process, int fd) {
  std::shared_ptr<OpenFile> file = process.files.remove(fd);
  release_description(*file);
}

void Kernel::close_all_descriptors(Process& process) {
  for (int fd = process.files.size() - 1; fd >= 0; --fd)
    if (process.files.get(fd)) close_descriptor(process, fd);
}

void Kernel::abandon_open(OpenFile& file) {
  ++file.descriptors;
  release_description(file);
}

void Kernel::release_description(OpenFile& file) {
  KASSERT(file.descriptors > 0);
  if (--file.descriptors > 0) return;
  // Sockets: closed with their last descriptor (FIN or reset to the peer).
  if (file.socket) {
    socket_close(*this, *file.socket);
    return;
  }
  if (!file.pipe) return;
  Pipe& pipe = *file.pipe;
  if (file.readable && --pipe.readers == 0) wake_all(pipe.write_queue);  // writers now get EPIPE
  if (file.writable && --pipe.writers == 0) wake_all(pipe.read_queue);   // readers now see end of file
  // Bytes nobody can read any more are reported, not silently dropped: a
  // pipe's with its last read end; a FIFO's with its last end of either
  // kind, since a new reader could still open it before that (fifo(7)).
  const bool unreachable = pipe.readers == 0 && (!pipe.is_fifo() || pipe.writers == 0);
  if (unreachable && pipe.size() > 0 && !shutting_down_) {
    std::string unread;
    pipe.take(pipe.size(), unread);
    if (trace_)
      trace_kernel(sim::TraceKind::note,
                   pipe.describe() + ": " + std::to_string(unread.size()) + " unread bytes discarded");
    lost_messages.push_back(
        LostMessage{now_, pipe.describe(), 0, std::move(unread), "discarded unread when the pipe was closed"});
  }
  if (pipe.is_fifo() && pipe.readers == 0 && pipe.writers == 0 && file.inode) file.inode->fifo.reset();
}

void Kernel::raise_signal(Process& process, int signal) {
  process.counters[Counter::signals_sent] += 1;
  send_signal(process, signal);
}

}  // namespace ipcsim::kernel
