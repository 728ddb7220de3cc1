#pragma once
// The one way a process sleeps (STYLE.md habit 3). A queue records why its
// sleepers wait and on which object, so counting blocking events, tracing and
// the deadlock report all read it from one place. Sleepers wake in FIFO order.
// The list is intrusive (links live in Process): blocking allocates nothing.
#include <cstddef>

#include "kernel/syscall.h"

namespace ipcsim::kernel {

class KernelObject;
class Process;

// How a sleep ended. A woken caller re-checks its condition and may sleep
// again; interrupted means a signal arrived (EINTR or restart); killed means
// the process must leave through the user boundary.
enum class WaitResult : unsigned char { woken, interrupted, killed };

class WaitQueue {
 public:
  WaitQueue(BlockReason reason, const KernelObject* object) : reason_(reason), object_(object) {}
  WaitQueue(const WaitQueue&) = delete;
  WaitQueue& operator=(const WaitQueue&) = delete;

  BlockReason reason() const { return reason_; }
  const KernelObject* object() const { return object_; }
  bool empty() const { return head_ == nullptr; }
  std::size_t size() const { return size_; }
  Process* front() const { return head_; }

  // Used by Kernel::block and Kernel::wake only.
  void push_back(Process& sleeper);
  void remove(Process& sleeper);

 private:
  BlockReason reason_;
  const KernelObject* object_;
  Process* head_ = nullptr;
  Process* tail_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace ipcsim::kernel
