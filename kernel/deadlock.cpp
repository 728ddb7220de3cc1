#include "kernel/deadlock.h"

#include <algorithm>
#include <map>

#include "kernel/kernel.h"

namespace ipcsim::kernel {
namespace {

void explain(const Kernel& kernel, const Process& process, BlockedProcess& entry) {
  const WaitQueue* queue = process.waiting_on();
  const KernelObject* object = queue ? queue->object() : nullptr;
  if (!queue) return;
  if (process.stopped) {
    entry.reason = "stopped";
    entry.object.clear();
    entry.explanation = "stopped: waits for SIGCONT";
    return;
  }
  const auto reason = queue->reason();
  if (reason == BlockReason::pause) {
    entry.object.clear();
    entry.explanation = "waits for a signal";
    return;
  }
  if (object && object->kind() == ObjectKind::link) {
    const auto* link = static_cast<const Link*>(object);
    const Pid peer = link->peer_of(process.pid());
    entry.waits_for.push_back(peer);
    const Process* other = kernel.find(peer);
    const std::string who = other ? other->describe() : "pid " + std::to_string(peer);
    entry.explanation = reason == BlockReason::link_receive ? "waits for a message from " + who
                                                            : "waits for " + who + " to receive";
    return;
  }
  if (reason == BlockReason::link_receive) {
    // receive {from: any}: any partner could send.
    for (const Link* link : process.links) {
      const Pid peer = link->peer_of(process.pid());
      const Process* other = kernel.find(peer);
      if (other && other->alive()) entry.waits_for.push_back(peer);
    }
    entry.explanation = "waits for a message from any process it has a link with";
    return;
  }
  if (reason == BlockReason::wait) {
    for (Pid child : process.children)
      if (kernel.find(child)->alive()) entry.waits_for.push_back(child);
    entry.explanation = "waits for a child to exit";
    return;
  }
  if (reason == BlockReason::mailbox_receive) {
    entry.explanation = "waits for a message in " + entry.object + "; every process that could send is blocked";
    return;
  }
  if (reason == BlockReason::mailbox_send) {
    entry.explanation = "waits for a receiver on " + entry.object + "; every process that could receive is blocked";
    return;
  }
  if (reason == BlockReason::sem_wait) {
    // A semaphore has no owner: any process could post, so no wait-for edge.
    entry.explanation =
        "waits for a sem_post on " + entry.object + " (its value is 0); every process that could post is blocked";
    return;
  }
  entry.explanation = "waits on " + entry.object;
}

// Depth-first search over wait-for edges, from each blocked process in pid
// order, so the cycle reported is the same every run.
std::vector<Pid> find_cycle(const std::vector<BlockedProcess>& blocked) {
  std::map<Pid, const BlockedProcess*> by_pid;
  for (const auto& entry : blocked) by_pid[entry.pid] = &entry;
  for (const auto& start : blocked) {
    std::vector<Pid> path{start.pid};
    std::vector<std::size_t> next_edge{0};
    while (!path.empty()) {
      const BlockedProcess* here = by_pid[path.back()];
      if (next_edge.back() >= here->waits_for.size()) {
        path.pop_back();
        next_edge.pop_back();
        continue;
      }
      const Pid target = here->waits_for[next_edge.back()++];
      if (target == start.pid) return path;
      if (!by_pid.count(target) || std::find(path.begin(), path.end(), target) != path.end()) continue;
      path.push_back(target);
      next_edge.push_back(0);
    }
  }
  return {};
}

}  // namespace

DeadlockReport analyze_blocked(const Kernel& kernel) {
  DeadlockReport report;
  for (const auto& slot : kernel.process_table()) {
    if (!slot || slot->pid() == 1 || slot->state() != ProcessState::blocked) continue;
    const Process& process = *slot;
    BlockedProcess entry;
    entry.pid = process.pid();
    entry.name = process.name();
    entry.line = process.user_line;
    if (auto call = process.current_syscall()) entry.call = std::string(syscall_name(*call));
    if (const WaitQueue* queue = process.waiting_on()) {
      entry.reason = std::string(block_reason_name(queue->reason()));
      entry.object = queue->object() ? queue->object()->describe() : std::string();
    }
    explain(kernel, process, entry);
    report.blocked.push_back(std::move(entry));
  }
  report.cycle = find_cycle(report.blocked);
  return report;
}

}  // namespace ipcsim::kernel
