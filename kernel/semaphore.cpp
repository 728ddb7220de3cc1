#include "kernel/semaphore.h"

#include "kernel/kernel.h"

namespace ipcsim::kernel {

Semaphore::Semaphore(std::int64_t id, std::string name, std::int64_t value)
    : KernelObject(ObjectKind::semaphore, id),
      waiters(BlockReason::sem_wait, this),
      name_(std::move(name)),
      value_(value) {}

std::string Semaphore::describe() const { return "semaphore " + name_; }

bool Semaphore::try_take() {
  if (value_ == 0) return false;
  value_ -= 1;
  return true;
}

void Semaphore::give(Kernel& kernel) {
  Process* first = waiters.front();
  if (!first) {
    value_ += 1;
    return;
  }
  // The hand-off of Linux's kernel semaphores (up() sets waiter->up): the
  // unit goes to the first waiter, which finds it when it runs again.
  first->semaphore_granted = true;
  kernel.wake(*first);
}

KResult<Semaphore*> SemaphoreTable::create(std::string name, std::int64_t value) {
  if (by_name_.count(name) != 0) return Errno::eexist;
  const auto id = static_cast<std::int64_t>(all_.size()) + 1;
  all_.push_back(std::make_unique<Semaphore>(id, name, value));
  Semaphore* semaphore = all_.back().get();
  by_name_.emplace(std::move(name), semaphore);
  return semaphore;
}

KResult<Semaphore*> SemaphoreTable::find(std::string_view name) const {
  auto found = by_name_.find(name);
  if (found == by_name_.end()) return Errno::enoent;
  return found->second;
}

}  // namespace ipcsim::kernel
