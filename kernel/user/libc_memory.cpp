// System call stubs for shared memory and semaphores. Loads and stores
// themselves have no stub: they are user-mode memory accesses
// (kernel/user_memory.h).
#include <cinttypes>
#include <cstdio>

#include "kernel/user/libc.h"
#include "kernel/user/libc_trap.h"

namespace ipcsim::user::libc {
namespace {

using kernel::Syscall;
using trap::enter;
using trap::leave;
using trap::restartable;

std::string hex(std::int64_t address) {
  char text[32];
  std::snprintf(text, sizeof text, "%#" PRIx64, static_cast<std::uint64_t>(address));
  return text;
}

std::string mode_text(int mode) {
  char text[16];
  std::snprintf(text, sizeof text, "0%o", static_cast<unsigned>(mode));
  return text;
}

}  // namespace

CallResult shmget(Process& self, std::int64_t key, std::int64_t size, kernel::ShmgetFlags flags) {
  enter(self, Syscall::shmget, [&] {
    std::string text = "(" + (key == kernel::ipc_private ? std::string("private") : "key " + std::to_string(key)) +
                       ", " + std::to_string(size) + " bytes";
    if (flags.create) text += ", create";
    if (flags.exclusive) text += ", exclusive";
    return text + ", " + mode_text(flags.mode) + ")";
  });
  auto result = kernel::sys_shmget(self.kernel(), self, key, size, flags);
  return leave(self, Syscall::shmget, result, result.ok() ? result.value() : -1);
}

CallResult shmat(Process& self, std::int64_t id, bool readonly) {
  enter(self, Syscall::shmat, [&] { return "(" + std::to_string(id) + (readonly ? ", readonly)" : ")"); });
  auto result = kernel::sys_shmat(self.kernel(), self, id, readonly);
  return leave(self, Syscall::shmat, result, result.ok() ? result.value() : -1,
               [&] { return "(" + hex(result.value()) + ")"; });
}

CallResult shmdt(Process& self, std::int64_t address) {
  enter(self, Syscall::shmdt, [&] { return "(" + hex(address) + ")"; });
  return leave(self, Syscall::shmdt, kernel::sys_shmdt(self.kernel(), self, address), 0);
}

CallResult shmctl_remove(Process& self, std::int64_t id) {
  enter(self, Syscall::shmctl, [&] { return "(" + std::to_string(id) + ", rmid)"; });
  return leave(self, Syscall::shmctl, kernel::sys_shmctl_remove(self.kernel(), self, id), 0);
}

CallResult shmctl_status(Process& self, std::int64_t id, kernel::ShmStatus& status) {
  enter(self, Syscall::shmctl, [&] { return "(" + std::to_string(id) + ", stat)"; });
  auto result = kernel::sys_shmctl_status(self.kernel(), self, id, status);
  return leave(self, Syscall::shmctl, result, 0, [&] {
    return "size " + std::to_string(status.size) + ", nattch " + std::to_string(status.attachments) + ", mode " +
           mode_text(status.mode) + ", owner " + std::to_string(status.owner);
  });
}

CallResult sem_create(Process& self, std::string name, std::int64_t value) {
  enter(self, Syscall::sem_create, [&] { return "(" + name + ", " + std::to_string(value) + ")"; });
  return leave(self, Syscall::sem_create, kernel::sys_sem_create(self.kernel(), self, std::move(name), value), 0);
}

CallResult sem_wait(Process& self, std::string_view name, bool nonblocking) {
  return restartable(self, [&] {
    enter(self, Syscall::sem_wait, [&] { return "(" + std::string(name) + (nonblocking ? ", nonblocking)" : ")"); });
    return leave(self, Syscall::sem_wait, kernel::sys_sem_wait(self.kernel(), self, name, nonblocking), 0);
  });
}

CallResult sem_post(Process& self, std::string_view name) {
  enter(self, Syscall::sem_post, [&] { return "(" + std::string(name) + ")"; });
  return leave(self, Syscall::sem_post, kernel::sys_sem_post(self.kernel(), self, name), 0);
}

}  // namespace ipcsim::user::libc
