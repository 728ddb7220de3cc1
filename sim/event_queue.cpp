#include "sim/event_queue.h"

#include <algorithm>

namespace ipcsim::sim {
namespace {

// std::push_heap builds a max-heap: "later" means lower priority.
bool later(const Event& a, const Event& b) {
  if (a.time != b.time) return a.time > b.time;
  return a.sequence > b.sequence;
}

}  // namespace

std::uint64_t EventQueue::schedule(Time time, EventHandler& handler, std::uint64_t argument) {
  const std::uint64_t sequence = next_sequence_++;
  heap_.push_back(Event{time, sequence, &handler, argument});
  std::push_heap(heap_.begin(), heap_.end(), later);
  return sequence;
}

Event EventQueue::pop() {
  std::pop_heap(heap_.begin(), heap_.end(), later);
  Event event = heap_.back();
  heap_.pop_back();
  return event;
}

}  // namespace ipcsim::sim
