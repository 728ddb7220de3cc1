// File-descriptor system calls. Placeholder: every call but writes to the
// console fails with ENOSYS until the file table lands.
#include "kernel/kernel.h"

namespace ipcsim::kernel {

KStatus sys_pipe(Kernel&, Process&, int[2]) { return Errno::enosys; }
KResult<std::int64_t> sys_read(Kernel&, Process&, int, std::int64_t, bool, std::string&) { return Errno::enosys; }
KResult<std::int64_t> sys_write(Kernel& kernel, Process& process, int fd, std::string_view data, bool) {
  if (fd != 1 && fd != 2) return Errno::ebadf;
  kernel.charge_copy(process, static_cast<std::int64_t>(data.size()));
  (fd == 1 ? process.stdout_text : process.stderr_text).append(data);
  kernel.console.append(data);
  return static_cast<std::int64_t>(data.size());
}
KStatus sys_close(Kernel&, Process&, int) { return Errno::enosys; }
KResult<int> sys_dup(Kernel&, Process&, int) { return Errno::enosys; }
KResult<int> sys_dup2(Kernel&, Process&, int, int) { return Errno::enosys; }
KResult<int> sys_open(Kernel&, Process&, std::string_view, OpenFlags, int) { return Errno::enosys; }
KStatus sys_mkfifo(Kernel&, Process&, std::string_view, int) { return Errno::enosys; }
KStatus sys_unlink(Kernel&, Process&, std::string_view) { return Errno::enosys; }
KStatus sys_stat(Kernel&, Process&, std::string_view, FileStatus&) { return Errno::enosys; }
KResult<std::int64_t> sys_getdents(Kernel&, Process&, int, std::vector<std::string>&) { return Errno::enosys; }
KStatus sys_chdir(Kernel&, Process&, std::string_view) { return Errno::enosys; }

}  // namespace ipcsim::kernel
