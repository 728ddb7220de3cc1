#pragma once
// A pipe (pipe(7)): a bounded byte buffer with a read end and a write end.
// An ordinary pipe and a FIFO share this object; a FIFO is a pipe reached
// through a file-system name, made at its first open and freed when its
// last end closes. Ends are counted per open file description, so end of
// file and EPIPE follow Linux exactly: every description of an end, in
// every process, must be closed.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/kernel_object.h"
#include "kernel/wait_queue.h"

namespace ipcsim::kernel {

class Pipe final : public KernelObject {
 public:
  // `fifo_path` is empty for an ordinary pipe.
  Pipe(std::int64_t id, std::int64_t capacity, std::string fifo_path);
  std::string describe() const override;  // "pipe 1", "FIFO /tmp/f"

  bool is_fifo() const { return !fifo_path_.empty(); }
  std::int64_t capacity() const { return capacity_; }
  std::int64_t size() const { return static_cast<std::int64_t>(size_); }
  std::int64_t room() const { return capacity_ - size(); }
  // Copies `bytes` in; the caller made sure they fit.
  void put(std::string_view bytes);
  // Moves up to `count` bytes out, oldest first, into `out` (replacing it).
  void take(std::int64_t count, std::string& out);

  int readers = 0;  // open descriptions of the read end (and readers blocked in open)
  int writers = 0;
  // FIFO opens so far, by end: a blocked open waits for the other count to
  // move, as Linux's wait_for_partner, so an end opened and closed again
  // while it slept still lets it through.
  std::uint64_t reader_opens = 0;
  std::uint64_t writer_opens = 0;
  WaitQueue read_queue{BlockReason::pipe_read, this};
  WaitQueue write_queue{BlockReason::pipe_write, this};
  WaitQueue open_for_read_queue{BlockReason::fifo_open, this};   // readers waiting for a writer
  WaitQueue open_for_write_queue{BlockReason::fifo_open, this};  // writers waiting for a reader

 private:
  std::int64_t capacity_;
  std::string fifo_path_;
  // A ring that grows on demand up to the capacity: a 64 KiB pipe that
  // carries a line costs a line.
  std::vector<char> ring_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace ipcsim::kernel
