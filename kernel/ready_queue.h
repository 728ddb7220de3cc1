#pragma once
// Processes ready to run. FIFO for round-robin and fifo; for priority, FIFO
// within each priority and lower numbers first. Intrusive: making a process
// ready allocates nothing (except the first time a priority level appears).
#include <cstddef>
#include <map>

namespace ipcsim::kernel {

class Process;

class ReadyQueue {
 public:
  explicit ReadyQueue(bool by_priority) : by_priority_(by_priority) {}
  void push_back(Process& process);
  Process* pop_front();
  Process* front() const;
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

 private:
  struct Fifo {
    Process* head = nullptr;
    Process* tail = nullptr;
  };
  static void append(Fifo& fifo, Process& process);
  static Process* take(Fifo& fifo);

  bool by_priority_;
  Fifo plain_;
  std::map<int, Fifo> levels_;
  std::size_t size_ = 0;
};

}  // namespace ipcsim::kernel
