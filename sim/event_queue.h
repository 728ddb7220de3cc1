#pragma once
// Pending events ordered by (time, sequence): two events at the same instant
// fire in the order they were scheduled, so runs are reproducible.
#include <cstdint>
#include <vector>

#include "sim/time.h"

namespace ipcsim::sim {

class EventHandler {
 public:
  virtual void on_event(std::uint64_t argument) = 0;

 protected:
  ~EventHandler() = default;
};

struct Event {
  Time time = 0;
  std::uint64_t sequence = 0;
  EventHandler* handler = nullptr;
  std::uint64_t argument = 0;
};

class EventQueue {
 public:
  // Returns the event's sequence number. Events are never cancelled: a
  // handler that finds its event stale ignores it (cheaper than a search).
  std::uint64_t schedule(Time time, EventHandler& handler, std::uint64_t argument);
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  Time next_time() const { return heap_.empty() ? time_never : heap_.front().time; }
  Event pop();

 private:
  std::vector<Event> heap_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace ipcsim::sim
