#pragma once
// An open file description (open(2), "open file description"): what an fd
// points at. fork and dup share one description, with its offset and
// O_NONBLOCK; `descriptors` counts the fds, in every process, that refer to
// it, and the description is released (a pipe end closed) when the last of
// them closes, never before.
#include <cstdint>
#include <memory>
#include <string>

namespace ipcsim::kernel {

class Pipe;
class Socket;
struct Inode;

enum class FileKind : unsigned char { console, pipe, regular, directory, socket };
// Which console stream a console description writes to: `stdout` and
// `stderr` expectations follow fds 1 and 2 as the process started with them.
enum class ConsoleStream : unsigned char { input, output, error };

struct OpenFile {
  FileKind kind = FileKind::console;
  bool readable = false;
  bool writable = false;
  bool nonblocking = false;  // O_NONBLOCK
  bool append = false;       // O_APPEND
  std::int64_t descriptors = 0;
  ConsoleStream stream = ConsoleStream::output;
  std::shared_ptr<Pipe> pipe;    // a pipe end or a FIFO
  std::shared_ptr<Inode> inode;  // a regular file, directory or FIFO
  std::int64_t offset = 0;       // a file's position; a directory's entries returned
  // Sockets
  std::shared_ptr<Socket> socket;  // closed when the last descriptor goes
};

// What a process reads from fd 0 while fd 0 is the console: the scenario's
// `stdin:` text, shared with the children it forks as a terminal is.
struct ConsoleInput {
  std::string text;
  std::size_t consumed = 0;
};

}  // namespace ipcsim::kernel
