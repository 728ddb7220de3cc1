#pragma once
// Kernel semaphores (SCENARIO_FORMAT.md section 3 "Shared memory", section
// 10 "Wake-ups"): a counter and a FIFO queue of waiters, named per kernel,
// living until the run ends. P is sem_wait, V is sem_post.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/errno.h"
#include "kernel/kernel_object.h"
#include "kernel/wait_queue.h"

namespace ipcsim::kernel {

class Kernel;
class Process;

class Semaphore final : public KernelObject {
 public:
  Semaphore(std::int64_t id, std::string name, std::int64_t value);
  std::string describe() const override;  // "semaphore mutex"

  const std::string& name() const { return name_; }
  std::int64_t value() const { return value_; }

  // Takes a unit when one is free: true; false when the caller must wait.
  bool try_take();
  // Gives a unit back. With waiters, the first one (FIFO) gets it directly
  // and is woken: the value stays 0, so no later caller can overtake it.
  void give(Kernel& kernel);

  WaitQueue waiters;

 private:
  std::string name_;
  std::int64_t value_;
};

class SemaphoreTable {
 public:
  // EEXIST when the name is taken.
  KResult<Semaphore*> create(std::string name, std::int64_t value);
  // ENOENT for a name never created.
  KResult<Semaphore*> find(std::string_view name) const;
  const std::vector<std::unique_ptr<Semaphore>>& all() const { return all_; }

 private:
  std::vector<std::unique_ptr<Semaphore>> all_;  // by id - 1
  std::map<std::string, Semaphore*, std::less<>> by_name_;
};

}  // namespace ipcsim::kernel
