#pragma once
// Direct communication: exactly one link per pair of processes, made on first
// use. A link is symmetric; each direction has its own buffer of the kernel's
// link_capacity, so one side's unread messages never block the other's.
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "kernel/kernel_object.h"
#include "kernel/message_queue.h"

namespace ipcsim::kernel {

class Link final : public KernelObject {
 public:
  Link(std::int64_t id, Process& a, Process& b, std::int64_t capacity);
  std::string describe() const override;

  Pid low() const { return low_; }
  Pid high() const { return high_; }
  Pid peer_of(Pid pid) const { return pid == low_ ? high_ : low_; }
  // The buffer of messages travelling to `receiver`.
  MessageQueue& toward(Pid receiver) { return receiver == low_ ? to_low_ : to_high_; }

 private:
  Pid low_;
  Pid high_;
  MessageQueue to_low_;
  MessageQueue to_high_;
};

class LinkTable {
 public:
  Link* find(Pid a, Pid b) const;
  Link& find_or_create(Process& a, Process& b, std::int64_t capacity);
  const std::vector<std::unique_ptr<Link>>& all() const { return all_; }
  // Kernel-wide arrival order of messages, so receive {from: any} can take
  // the one that arrived first over all links.
  std::uint64_t next_arrival() { return ++arrivals_; }

 private:
  static std::uint64_t key(Pid a, Pid b);
  // Lookup only; reports walk all_ (creation order), never this map.
  std::unordered_map<std::uint64_t, Link*> by_pair_;
  std::vector<std::unique_ptr<Link>> all_;
  std::uint64_t arrivals_ = 0;
};

}  // namespace ipcsim::kernel
