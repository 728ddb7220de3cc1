// The file-descriptor system calls (open(2), read(2), write(2), close(2),
// dup(2), mkfifo(3), unlink(2), stat(2), getdents(2), chdir(2)) over the
// in-memory file system, the console, and pipes (sys_pipe.cpp).
#include <algorithm>

#include "kernel/kernel.h"
#include "kernel/pipe_io.h"
#include "kernel/socket_io.h"  // Sockets

namespace ipcsim::kernel {
namespace {

KResult<std::int64_t> console_read(Kernel& kernel, Process& process, std::int64_t count, std::string& data) {
  // The scenario's `stdin:` text, then end of file: the console never blocks.
  data.clear();
  if (ConsoleInput* input = process.console_input.get()) {
    const std::size_t left = input->text.size() - input->consumed;
    const std::size_t n = std::min(left, static_cast<std::size_t>(count));
    data.assign(input->text, input->consumed, n);
    input->consumed += n;
  }
  kernel.charge_copy(process, static_cast<std::int64_t>(data.size()));
  return static_cast<std::int64_t>(data.size());
}

std::int64_t console_write(Kernel& kernel, Process& process, const OpenFile& file, std::string_view data) {
  kernel.charge_copy(process, static_cast<std::int64_t>(data.size()));
  (file.stream == ConsoleStream::error ? process.stderr_text : process.stdout_text).append(data);
  kernel.console.append(data);
  if (kernel.cluster().several_hosts()) kernel.cluster().console.append(data);
  return static_cast<std::int64_t>(data.size());
}

// A path's parent directory, checked for creating an entry in it.
KStatus may_create_in(const PathLookup& where, int uid) {
  if (!where.directory) return Errno::eexist;  // "/" itself
  if (!permitted(*where.directory, uid, permission_write | permission_search)) return Errno::eacces;
  return Success{};
}

}  // namespace

KResult<std::int64_t> sys_read(Kernel& kernel, Process& process, int fd, std::int64_t count, bool nonblocking,
                               std::string& data) {
  OpenFile* file = process.files.get(fd);
  if (!file || !file->readable) return Errno::ebadf;
  if (count < 0) return Errno::einval;
  switch (file->kind) {
    case FileKind::console: return console_read(kernel, process, count, data);
    case FileKind::pipe:
      return pipe_read(kernel, process, *file->pipe, count, nonblocking || file->nonblocking, data);
    case FileKind::directory: return Errno::eisdir;
    // Sockets
    case FileKind::socket:
      return socket_read(kernel, process, *file->socket, count, nonblocking || file->nonblocking, data);
    case FileKind::regular: break;
  }
  const std::string& content = file->inode->content;
  const auto size = static_cast<std::int64_t>(content.size());
  const std::int64_t n = std::max<std::int64_t>(0, std::min(count, size - file->offset));
  data.assign(content, static_cast<std::size_t>(std::min(file->offset, size)), static_cast<std::size_t>(n));
  file->offset += n;
  kernel.charge_copy(process, n);
  return n;
}

KResult<std::int64_t> sys_write(Kernel& kernel, Process& process, int fd, std::string_view data, bool nonblocking) {
  OpenFile* file = process.files.get(fd);
  if (!file || !file->writable) return Errno::ebadf;
  switch (file->kind) {
    case FileKind::console: return console_write(kernel, process, *file, data);
    case FileKind::pipe: return pipe_write(kernel, process, *file->pipe, data, nonblocking || file->nonblocking);
    case FileKind::directory: return Errno::ebadf;  // never opened for writing
    // Sockets
    case FileKind::socket: return socket_write(kernel, process, *file->socket, data, nonblocking || file->nonblocking);
    case FileKind::regular: break;
  }
  std::string& content = file->inode->content;
  // O_APPEND moves to the end before every write (open(2)).
  if (file->append) file->offset = static_cast<std::int64_t>(content.size());
  const auto at = static_cast<std::size_t>(file->offset);
  if (content.size() < at + data.size()) content.resize(at + data.size(), '\0');
  content.replace(at, data.size(), data);
  file->offset += static_cast<std::int64_t>(data.size());
  kernel.charge_copy(process, static_cast<std::int64_t>(data.size()));
  return static_cast<std::int64_t>(data.size());
}

KStatus sys_close(Kernel& kernel, Process& process, int fd) {
  if (!process.files.get(fd)) return Errno::ebadf;
  kernel.close_descriptor(process, fd);
  return Success{};
}

KResult<int> sys_dup(Kernel&, Process& process, int fd) {
  if (!process.files.get(fd)) return Errno::ebadf;
  const int copy = process.files.lowest_free();
  if (copy < 0) return Errno::emfile;
  process.files.install(copy, process.files.shared(fd));
  return copy;
}

KResult<int> sys_dup2(Kernel& kernel, Process& process, int from, int to) {
  if (!process.files.get(from)) return Errno::ebadf;
  if (to < 0 || to >= max_open_files) return Errno::ebadf;
  if (from == to) return to;  // dup2(fd, fd) does nothing (dup(2))
  // The old `to` is closed silently, after taking a reference to `from`.
  std::shared_ptr<OpenFile> file = process.files.shared(from);
  if (process.files.get(to)) kernel.close_descriptor(process, to);
  process.files.install(to, std::move(file));
  return to;
}

KResult<int> sys_open(Kernel& kernel, Process& process, std::string_view path, OpenFlags flags, int mode) {
  // O_RDONLY is 0: no access flag at all means read-only, as in C.
  if (!flags.read && !flags.write) flags.read = true;
  // Linux takes the fd before looking the path up.
  if (process.files.lowest_free() < 0) return Errno::emfile;
  auto found = kernel.files.resolve(process.cwd, path, process.uid);
  if (!found.ok()) return found.error();
  PathLookup& where = found.value();
  std::shared_ptr<Inode> inode = where.inode;
  if (!inode) {
    if (!flags.create) return Errno::enoent;
    if (path.back() == '/') return Errno::eisdir;
    if (auto allowed = may_create_in(where, process.uid); !allowed.ok()) return allowed.error();
    inode = kernel.files.create(*where.directory, where.name, FileType::regular, mode & 07777 & ~umask_bits,
                                process.uid);
  } else {
    if (flags.create && flags.exclusive) return Errno::eexist;
    if (flags.directory && inode->type != FileType::directory) return Errno::enotdir;
    if (inode->type == FileType::directory && flags.write) return Errno::eisdir;
    const int wanted = (flags.read ? permission_read : 0) | (flags.write ? permission_write : 0);
    if (!permitted(*inode, process.uid, wanted)) return Errno::eacces;
  }
  if (inode->type == FileType::fifo) {
    auto opened = fifo_open(kernel, process, inode, where.absolute, flags);
    if (!opened.ok()) return opened.error();
    return kernel.install_descriptor(process, std::move(opened.value()));
  }
  auto file = std::make_shared<OpenFile>();
  file->kind = inode->type == FileType::directory ? FileKind::directory : FileKind::regular;
  file->readable = flags.read;
  file->writable = flags.write;
  file->nonblocking = flags.nonblock;
  file->append = flags.append;
  if (flags.truncate && flags.write && inode->type == FileType::regular) inode->content.clear();
  file->inode = std::move(inode);
  return kernel.install_descriptor(process, std::move(file));
}

KStatus sys_mkfifo(Kernel& kernel, Process& process, std::string_view path, int mode) {
  auto found = kernel.files.resolve(process.cwd, path, process.uid);
  if (!found.ok()) return found.error();
  const PathLookup& where = found.value();
  if (where.inode) return Errno::eexist;
  // "f/" asks for a directory: Linux's filename_create refuses to make
  // anything else there with ENOENT.
  if (path.back() == '/') return Errno::enoent;
  if (auto allowed = may_create_in(where, process.uid); !allowed.ok()) return allowed.error();
  kernel.files.create(*where.directory, where.name, FileType::fifo, mode & 07777 & ~umask_bits, process.uid);
  return Success{};
}

KStatus sys_unlink(Kernel& kernel, Process& process, std::string_view path) {
  auto found = kernel.files.resolve(process.cwd, path, process.uid);
  if (!found.ok()) return found.error();
  const PathLookup& where = found.value();
  if (!where.inode) return Errno::enoent;
  if (where.inode->type == FileType::directory) return Errno::eisdir;  // Linux's unlink of a directory
  if (!permitted(*where.directory, process.uid, permission_write | permission_search)) return Errno::eacces;
  // In a sticky directory (/tmp) only the file's owner, the directory's
  // owner or root may remove it.
  if ((where.directory->mode & sticky_bit) && process.uid != 0 && process.uid != where.inode->owner &&
      process.uid != where.directory->owner)
    return Errno::eperm;
  // Open descriptions keep the file (and a FIFO's pipe) alive without a name.
  where.directory->entries.erase(where.name);
  return Success{};
}

KStatus sys_stat(Kernel& kernel, Process& process, std::string_view path, FileStatus& status) {
  auto found = kernel.files.resolve(process.cwd, path, process.uid);
  if (!found.ok()) return found.error();
  const Inode* inode = found.value().inode.get();
  if (!inode) return Errno::enoent;
  status.type = inode->type;
  status.mode = inode->mode;
  status.owner = inode->owner;
  status.size = inode->type == FileType::directory ? static_cast<std::int64_t>(inode->entries.size())
                                                   : static_cast<std::int64_t>(inode->content.size());
  return Success{};
}

KResult<std::int64_t> sys_getdents(Kernel&, Process& process, int fd, std::vector<std::string>& names) {
  OpenFile* file = process.files.get(fd);
  if (!file) return Errno::ebadf;
  if (file->kind != FileKind::directory) return Errno::enotdir;
  names.clear();
  // "." and ".." are left out: `ls` would skip them anyway.
  std::int64_t index = 0;
  for (const auto& [name, inode] : file->inode->entries)
    if (index++ >= file->offset) names.push_back(name);
  file->offset = index;
  return static_cast<std::int64_t>(names.size());
}

KStatus sys_chdir(Kernel& kernel, Process& process, std::string_view path) {
  auto found = kernel.files.resolve(process.cwd, path, process.uid);
  if (!found.ok()) return found.error();
  const PathLookup& where = found.value();
  if (!where.inode) return Errno::enoent;
  if (where.inode->type != FileType::directory) return Errno::enotdir;
  if (!permitted(*where.inode, process.uid, permission_search)) return Errno::eacces;
  process.cwd = where.absolute;
  return Success{};
}

}  // namespace ipcsim::kernel
