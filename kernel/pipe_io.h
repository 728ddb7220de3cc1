#pragma once
// Reading, writing and opening pipes and FIFOs (sys_pipe.cpp), called by the
// file system calls once they know an fd or a path leads to a pipe.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "kernel/errno.h"
#include "kernel/file_system.h"
#include "kernel/open_file.h"
#include "kernel/pipe.h"

namespace ipcsim::kernel {

class Kernel;
class Process;

KResult<std::int64_t> pipe_read(Kernel& kernel, Process& process, Pipe& pipe, std::int64_t count, bool nonblocking,
                                std::string& data);
KResult<std::int64_t> pipe_write(Kernel& kernel, Process& process, Pipe& pipe, std::string_view data,
                                 bool nonblocking);
// Opens a FIFO's read end, write end or both (fifo(7)); blocks until the
// other end is open unless O_NONBLOCK or both ends are asked for.
KResult<std::shared_ptr<OpenFile>> fifo_open(Kernel& kernel, Process& process, std::shared_ptr<Inode> inode,
                                             const std::string& path, OpenFlags flags);

}  // namespace ipcsim::kernel
