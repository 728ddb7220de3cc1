#include "kernel/link.h"

#include "kernel/process.h"

namespace ipcsim::kernel {

Link::Link(std::int64_t id, Process& a, Process& b, std::int64_t capacity)
    : KernelObject(ObjectKind::link, id),
      low_(a.pid() < b.pid() ? a.pid() : b.pid()),
      high_(a.pid() < b.pid() ? b.pid() : a.pid()),
      to_low_(capacity, BlockReason::link_send, BlockReason::link_receive, this),
      to_high_(capacity, BlockReason::link_send, BlockReason::link_receive, this) {
  Process& low_end = a.pid() == low_ ? a : b;
  Process& high_end = a.pid() == low_ ? b : a;
  to_low_.also_wake = &low_end.receive_any_queue;
  to_high_.also_wake = &high_end.receive_any_queue;
}

std::string Link::describe() const {
  return "link " + std::to_string(low_) + "<->" + std::to_string(high_);
}

std::uint64_t LinkTable::key(Pid a, Pid b) {
  const auto low = static_cast<std::uint64_t>(a < b ? a : b);
  const auto high = static_cast<std::uint64_t>(a < b ? b : a);
  return (low << 32) | high;
}

Link* LinkTable::find(Pid a, Pid b) const {
  auto found = by_pair_.find(key(a, b));
  return found == by_pair_.end() ? nullptr : found->second;
}

Link& LinkTable::find_or_create(Process& a, Process& b, std::int64_t capacity) {
  if (Link* existing = find(a.pid(), b.pid())) return *existing;
  all_.push_back(std::make_unique<Link>(static_cast<std::int64_t>(all_.size()) + 1, a, b, capacity));
  Link& link = *all_.back();
  by_pair_.emplace(key(a.pid(), b.pid()), &link);
  a.links.push_back(&link);
  b.links.push_back(&link);
  return link;
}

}  // namespace ipcsim::kernel
