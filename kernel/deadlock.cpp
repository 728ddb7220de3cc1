#include "kernel/deadlock.h"

#include <algorithm>
#include <map>

#include "kernel/kernel.h"
#include "kernel/pipe.h"
#include "kernel/socket.h"  // Sockets

namespace ipcsim::kernel {
namespace {

// "grep (pid 4) fd 4, sh (pid 2) fd 4": every live process holding an end
// of `pipe` (the read end when `read_end`), which are the processes that
// could wake a sleeper on the other end.
std::string pipe_end_holders(const Kernel& kernel, const Pipe& pipe, bool read_end, const Process& sleeper,
                             std::vector<Pid>& holders) {
  std::string text;
  for (const auto& slot : kernel.process_table()) {
    if (!slot || slot->pid() == 1 || !slot->alive()) continue;
    for (int fd = 0; fd < slot->files.size(); ++fd) {
      const OpenFile* file = slot->files.get(fd);
      if (!file || file->pipe.get() != &pipe || (read_end ? !file->readable : !file->writable)) continue;
      if (!text.empty()) text += ", ";
      text += slot.get() == &sleeper ? "its own fd " + std::to_string(fd)
                                     : slot->describe() + " fd " + std::to_string(fd);
      if (holders.empty() || holders.back() != slot->pid()) holders.push_back(slot->pid());
    }
  }
  return text;
}

void explain_pipe(const Kernel& kernel, const Process& process, const Pipe& pipe, BlockReason reason,
                  BlockedProcess& entry) {
  if (reason == BlockReason::pipe_read) {
    const std::string holders = pipe_end_holders(kernel, pipe, false, process, entry.waits_for);
    entry.explanation = "waits for data in " + pipe.describe() + "; end of file comes only when every write end "
                        "is closed, and one is still open in " + holders;
    return;
  }
  if (reason == BlockReason::pipe_write) {
    const std::string holders = pipe_end_holders(kernel, pipe, true, process, entry.waits_for);
    entry.explanation = "waits for room in " + pipe.describe() + " (" + std::to_string(pipe.size()) + " of " +
                        std::to_string(pipe.capacity()) + " bytes full); its read end is open in " + holders +
                        ", which does not read";
    return;
  }
  // fifo.open: nobody has the other end, so nobody can be waited for.
  const bool reading = process.waiting_on() == &pipe.open_for_read_queue;
  entry.explanation = "waits in open for another process to open " + pipe.describe() +
                      (reading ? " for writing" : " for reading");
}

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
  if (object && object->kind() == ObjectKind::pipe) {
    explain_pipe(kernel, process, *static_cast<const Pipe*>(object), reason, entry);
    return;
  }
  // Sockets
  if (object && object->kind() == ObjectKind::socket) {
    explain_socket(process, *static_cast<const Socket*>(object), reason, entry);
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
    if (kernel.cluster().several_hosts()) entry.host = kernel.host_name;
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
