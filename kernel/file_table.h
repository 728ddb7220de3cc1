#pragma once
// A process's file descriptor table: fd numbers to shared open file
// descriptions, the lowest free number first (POSIX).
#include <cstddef>
#include <memory>
#include <vector>

#include "kernel/open_file.h"

namespace ipcsim::kernel {

// RLIMIT_NOFILE's usual soft limit: fd numbers run from 0 to 1023.
inline constexpr int max_open_files = 1024;

class FileTable {
 public:
  OpenFile* get(int fd) const {
    if (fd < 0 || static_cast<std::size_t>(fd) >= slots_.size()) return nullptr;
    return slots_[static_cast<std::size_t>(fd)].get();
  }
  const std::shared_ptr<OpenFile>& shared(int fd) const { return slots_[static_cast<std::size_t>(fd)]; }
  // The lowest free fd at or above `from`, or -1 when the table is full.
  int lowest_free(int from = 0) const;
  // Puts `file` at `fd` (which must be free) and counts the descriptor.
  void install(int fd, std::shared_ptr<OpenFile> file);
  // Empties `fd` and returns what it held, still counted: the caller
  // releases it (Kernel::release_descriptor).
  std::shared_ptr<OpenFile> remove(int fd);
  // The highest fd in use plus one.
  int size() const { return static_cast<int>(slots_.size()); }

 private:
  std::vector<std::shared_ptr<OpenFile>> slots_;
};

}  // namespace ipcsim::kernel
