#include "kernel/wait_queue.h"

#include "kernel/process.h"

namespace ipcsim::kernel {

void WaitQueue::push_back(Process& sleeper) {
  sleeper.waiting_on_ = this;
  sleeper.wait_next_ = nullptr;
  sleeper.wait_prev_ = tail_;
  if (tail_) tail_->wait_next_ = &sleeper;
  else head_ = &sleeper;
  tail_ = &sleeper;
  ++size_;
}

void WaitQueue::remove(Process& sleeper) {
  if (sleeper.wait_prev_) sleeper.wait_prev_->wait_next_ = sleeper.wait_next_;
  else head_ = sleeper.wait_next_;
  if (sleeper.wait_next_) sleeper.wait_next_->wait_prev_ = sleeper.wait_prev_;
  else tail_ = sleeper.wait_prev_;
  sleeper.wait_prev_ = sleeper.wait_next_ = nullptr;
  sleeper.waiting_on_ = nullptr;
  --size_;
}

}  // namespace ipcsim::kernel
