#include "kernel/ready_queue.h"

#include "kernel/process.h"

namespace ipcsim::kernel {

void ReadyQueue::append(Fifo& fifo, Process& process) {
  process.ready_next_ = nullptr;
  if (fifo.tail) fifo.tail->ready_next_ = &process;
  else fifo.head = &process;
  fifo.tail = &process;
}

Process* ReadyQueue::take(Fifo& fifo) {
  Process* first = fifo.head;
  if (!first) return nullptr;
  fifo.head = first->ready_next_;
  if (!fifo.head) fifo.tail = nullptr;
  first->ready_next_ = nullptr;
  return first;
}

void ReadyQueue::push_back(Process& process) {
  append(by_priority_ ? levels_[process.priority] : plain_, process);
  ++size_;
}

Process* ReadyQueue::pop_front() {
  if (size_ == 0) return nullptr;
  --size_;
  if (!by_priority_) return take(plain_);
  for (auto& [level, fifo] : levels_)
    if (fifo.head) return take(fifo);
  return nullptr;
}

Process* ReadyQueue::front() const {
  if (!by_priority_) return plain_.head;
  for (const auto& [level, fifo] : levels_)
    if (fifo.head) return fifo.head;
  return nullptr;
}

}  // namespace ipcsim::kernel
