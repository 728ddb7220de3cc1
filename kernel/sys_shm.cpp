// System V shared memory system calls (SCENARIO_FORMAT section 3 "Shared
// memory", section 6; shmget(2), shmat(2), shmctl(2)). After shmat the
// memory is used without system calls: see user_memory.cpp.
#include "kernel/kernel.h"
#include "kernel/permissions.h"
#include "kernel/system_calls.h"

namespace ipcsim::kernel {
namespace {

// SHMMAX of the simulator: Linux's is practically unbounded, but every
// page of a segment is real memory here.
constexpr std::int64_t largest_segment = std::int64_t{1} << 30;

// ipcperms: the access asked for is the union of the three triads of the
// flag's mode bits, checked against the triad that applies to the caller.
int access_asked(int mode) { return ((mode >> 6) | (mode >> 3) | mode) & 7; }

}  // namespace

KResult<std::int64_t> sys_shmget(Kernel& kernel, Process& process, std::int64_t key, std::int64_t size,
                                 ShmgetFlags flags) {
  SharedSegment* existing = kernel.shared_memory.find_key(key);
  if (!existing) {
    // IPC_PRIVATE always makes a new segment; another key only with IPC_CREAT.
    if (key != ipc_private && !flags.create) return Errno::enoent;
    if (size < 1 || size > largest_segment) return Errno::einval;  // SHMMIN is 1
    SharedSegment& segment = kernel.shared_memory.create(key, size, kernel.config().page_size, flags.mode & 0777,
                                                         process.uid, process.pid());
    return segment.id();
  }
  // Linux's order (ipcget_public): EEXIST, then the size, then permissions.
  if (flags.create && flags.exclusive) return Errno::eexist;
  if (size > existing->size()) return Errno::einval;
  if (!existing->permits(process.uid, access_asked(flags.mode))) return Errno::eacces;
  return existing->id();
}

KResult<std::int64_t> sys_shmat(Kernel& kernel, Process& process, std::int64_t id, bool readonly) {
  auto found = kernel.shared_memory.find(id);
  if (!found.ok()) return found.error();
  SharedSegment& segment = *found.value();
  // A removed segment that is still attached somewhere may be attached
  // again by id, as Linux allows.
  const int want = readonly ? permission_read : permission_read | permission_write;
  if (!segment.permits(process.uid, want)) return Errno::eacces;
  return kernel.shared_memory.attach(process, segment, kernel.config().page_size, readonly);
}

KStatus sys_shmdt(Kernel& kernel, Process& process, std::int64_t address) {
  const Attachment* attachment = process.address_space.find_start(address);
  if (!attachment) return Errno::einval;
  kernel.shared_memory.detach(process, *attachment);
  return Success{};
}

KStatus sys_shmctl_remove(Kernel& kernel, Process& process, std::int64_t id) {
  auto found = kernel.shared_memory.find(id);
  if (!found.ok()) return found.error();
  // Only the owner (or creator, the same uid here) or root may remove it.
  if (process.uid != 0 && process.uid != found.value()->owner_uid()) return Errno::eperm;
  kernel.shared_memory.remove(*found.value());
  return Success{};
}

KStatus sys_shmctl_status(Kernel& kernel, Process& process, std::int64_t id, ShmStatus& status) {
  auto found = kernel.shared_memory.find(id);
  if (!found.ok()) return found.error();
  const SharedSegment& segment = *found.value();
  if (!segment.permits(process.uid, permission_read)) return Errno::eacces;
  status = ShmStatus{segment.size(), segment.attachments(), segment.mode(), segment.owner_uid()};
  return Success{};
}

}  // namespace ipcsim::kernel
