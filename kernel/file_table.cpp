#include "kernel/file_table.h"

#include "kernel/kpanic.h"

namespace ipcsim::kernel {

int FileTable::lowest_free(int from) const {
  for (int fd = from; fd < max_open_files; ++fd)
    if (!get(fd)) return fd;
  return -1;
}

void FileTable::install(int fd, std::shared_ptr<OpenFile> file) {
  KASSERT(fd >= 0 && fd < max_open_files && !get(fd));
  if (static_cast<std::size_t>(fd) >= slots_.size()) {
    // Room for 0, 1, 2 and the first few opens at once: a process's table
    // is allocated once, not once per fd.
    if (slots_.capacity() == 0) slots_.reserve(4);
    slots_.resize(static_cast<std::size_t>(fd) + 1);
  }
  ++file->descriptors;
  slots_[static_cast<std::size_t>(fd)] = std::move(file);
}

std::shared_ptr<OpenFile> FileTable::remove(int fd) {
  KASSERT(get(fd));
  std::shared_ptr<OpenFile> file = std::move(slots_[static_cast<std::size_t>(fd)]);
  while (!slots_.empty() && !slots_.back()) slots_.pop_back();
  return file;
}

}  // namespace ipcsim::kernel
