// Why a process blocked on a socket waits, for the deadlock report: the
// socket, its peer, and the processes whose action could wake it (those
// holding a descriptor of the other end). A client and a server each
// reading from the other form a wait-for cycle when both are on one host.
#include "kernel/deadlock.h"
#include "kernel/kernel.h"
#include "kernel/socket.h"

namespace ipcsim::kernel {
namespace {

// Pids are per host (SCENARIO_FORMAT.md section 7): the wait-for graph is
// drawn per host, so a holder on another host than the sleeper's is named
// with its host and is no edge (its pid would be read as a process of the
// sleeper's own host, and could even make a false cycle of one).
bool across_hosts(const Socket& socket, const Process& sleeper) { return &socket.host() != &sleeper.kernel(); }

std::string across_hosts_note(const Socket& socket, const Process& sleeper) {
  return across_hosts(socket, sleeper)
             ? " (on another host: pids are per host, so the wait-for cycle through the network is not drawn)"
             : std::string();
}

// "server (pid 3) fd 4": every live process of the socket's host holding
// a descriptor of `socket`; their pids go to `holders` when that host is
// the sleeper's.
std::string socket_holders(const Socket& socket, const Process& sleeper, std::vector<Pid>& holders) {
  const bool same_host = !across_hosts(socket, sleeper);
  const std::string on_host = same_host ? std::string() : " on host " + socket.host().host_name;
  std::string text;
  for (const auto& slot : socket.host().process_table()) {
    if (!slot || slot->pid() == 1 || !slot->alive()) continue;
    for (int fd = 0; fd < slot->files.size(); ++fd) {
      const OpenFile* file = slot->files.get(fd);
      if (!file || file->socket.get() != &socket) continue;
      if (!text.empty()) text += ", ";
      text += slot.get() == &sleeper ? "its own fd " + std::to_string(fd)
                                     : slot->describe() + on_host + " fd " + std::to_string(fd);
      if (same_host && slot.get() != &sleeper && (holders.empty() || holders.back() != slot->pid()))
        holders.push_back(slot->pid());
    }
  }
  return text.empty() ? "no process (it waits in a listener's backlog)" : text;
}

}  // namespace

void explain_socket(const Process& process, const Socket& socket, BlockReason reason, BlockedProcess& entry) {
  const std::shared_ptr<Socket> peer = socket.peer.lock();
  switch (reason) {
    case BlockReason::socket_accept:
      // Any process could connect: no wait-for edge.
      entry.explanation = "waits in accept for a connection to " + socket.local.text() +
                          "; every process that could connect is blocked";
      return;
    case BlockReason::socket_connect: {
      const auto listener = process.kernel().network()->lookup(process.kernel(), Protocol::tcp, socket.remote);
      std::string who = listener ? socket_holders(*listener, process, entry.waits_for) + across_hosts_note(*listener, process)
                                 : "nobody";
      entry.explanation = "waits in connect to " + socket.remote.text() +
                          ": the listener's backlog is full and only accept makes room; the listener is open in " + who;
      return;
    }
    case BlockReason::socket_read:
      if (!peer) {
        entry.explanation = "waits for a datagram on " + socket.describe() + "; every process that could send is blocked";
        return;
      }
      entry.explanation = "waits for data on " + socket.describe() + " from its peer " + peer->describe() +
                          ", which is open in " + socket_holders(*peer, process, entry.waits_for) +
                          across_hosts_note(*peer, process);
      return;
    case BlockReason::socket_write:
      if (!peer) break;
      entry.explanation = "waits for room at its peer " + peer->describe() + " (" + std::to_string(peer->buffered()) +
                          " bytes unread), which is open in " + socket_holders(*peer, process, entry.waits_for) +
                          ", which does not read" + across_hosts_note(*peer, process);
      return;
    default: break;
  }
  entry.explanation = "waits on " + socket.describe();
}

}  // namespace ipcsim::kernel
