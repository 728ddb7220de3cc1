// Datagram sockets (udp(7)): sendto and recvfrom keep message boundaries.
// A datagram is one message (messages_sent / messages_received) and its
// bytes are copied in at sendto and out at recvfrom. UDP is unreliable: a
// datagram that finds no socket bound at its address, or no room in the
// receiver's buffer, is dropped without an error to the sender, and the
// kernel reports it in lost_messages so nothing vanishes unreported.
#include "kernel/kernel.h"
#include "kernel/socket_io.h"

namespace ipcsim::kernel {
namespace {

// The most a UDP datagram over IPv4 carries: 65535 - 8 (UDP) - 20 (IP).
constexpr std::int64_t max_datagram = 65507;

void report_dropped(Kernel& kernel, const std::string& where, const Datagram& datagram, std::string why) {
  if (kernel.shutting_down()) return;
  if (kernel.tracing())
    kernel.trace_kernel(sim::TraceKind::note, "datagram from " + datagram.sender + " to " + where + " dropped: " + why);
  kernel.lost_messages.push_back(LostMessage{kernel.now(), where, 0, datagram.data, std::move(why)});
}

// The datagram reaches the destination host.
void datagram_arrives(Kernel& source_host, const SocketAddress& to, Datagram datagram) {
  Socket* target = source_host.network()->lookup(source_host, Protocol::udp, to);
  Kernel& here = *source_host.network()->host_of(source_host, to.ip);
  if (!target || target->state == SocketState::closed) {
    report_dropped(here, to.text(), datagram, "no socket is bound there");
    return;
  }
  // A connected UDP socket takes datagrams from its peer only (udp(7)).
  if (target->state == SocketState::connected && datagram.sender != target->remote.text()) {
    report_dropped(here, to.text(), datagram, "the socket there is connected to another address");
    return;
  }
  const auto size = static_cast<std::int64_t>(datagram.data.size());
  if (target->datagram_bytes + size > here.config().socket_buffer) {
    report_dropped(here, to.text(), datagram, "the receive buffer is full");
    return;
  }
  target->datagram_bytes += size;
  target->datagrams.push_back(std::move(datagram));
  wake_socket_queue(*target, target->read_queue);
}

}  // namespace

KResult<std::int64_t> datagram_send(Kernel& kernel, Process& process, Socket& socket, const SocketAddress& to,
                                    std::string_view data) {
  if (socket.write_shut) {
    kernel.raise_signal(process, signal_pipe);
    return Errno::epipe;
  }
  if (static_cast<std::int64_t>(data.size()) > max_datagram) return Errno::emsgsize;
  Network& network = *kernel.network();
  const bool loopback = to.ip == loopback_address;
  if (!socket.bound) {
    auto taken = network.bind_ephemeral(kernel, socket, Protocol::udp,
                                        loopback ? std::string(loopback_address) : kernel.host_address);
    if (!taken.ok()) return taken.error();
    socket.bound = true;
    socket.local = std::move(taken.value());
  }
  // The source address a wildcard-bound socket shows is the one it sends from.
  SocketAddress source = socket.local;
  if (source.ip == "0.0.0.0") source.ip = loopback ? std::string(loopback_address) : kernel.host_address;
  const auto size = static_cast<std::int64_t>(data.size());
  kernel.charge_copy(process, size);
  process.counters[Counter::messages_sent] += 1;
  Datagram datagram{source.text(), std::string(data)};
  Kernel* destination = network.host_of(kernel, to.ip);
  if (!destination) {
    report_dropped(kernel, to.text(), datagram, "no host has that address");
    return size;
  }
  network.deliver(kernel, *destination, [&kernel, to, datagram = std::move(datagram)]() mutable {
    datagram_arrives(kernel, to, std::move(datagram));
  });
  return size;
}

KResult<std::int64_t> datagram_receive(Kernel& kernel, Process& process, Socket& socket, std::int64_t count,
                                       bool nonblocking, std::string& data, std::string& sender) {
  data.clear();
  for (;;) {
    if (!socket.datagrams.empty()) {
      Datagram datagram = std::move(socket.datagrams.front());
      socket.datagrams.pop_front();
      socket.datagram_bytes -= static_cast<std::int64_t>(datagram.data.size());
      // A longer datagram is cut to `count`; the rest is discarded (udp(7)).
      if (static_cast<std::int64_t>(datagram.data.size()) > count)
        datagram.data.resize(static_cast<std::size_t>(count));
      data = std::move(datagram.data);
      sender = std::move(datagram.sender);
      const auto size = static_cast<std::int64_t>(data.size());
      kernel.charge_copy(process, size);
      process.counters[Counter::messages_received] += 1;
      return size;
    }
    if (socket.read_shut) return std::int64_t{0};
    if (nonblocking) return Errno::eagain;
    if (kernel.block(process, socket.read_queue) != WaitResult::woken) return Errno::eintr;
  }
}

KResult<std::int64_t> sys_sendto(Kernel& kernel, Process& process, int fd, std::string_view address,
                                 std::string_view data) {
  OpenFile* file = process.files.get(fd);
  if (!file) return Errno::ebadf;
  if (file->kind != FileKind::socket) return Errno::enotsock;
  Socket& socket = *file->socket;
  if (socket.type() == SocketType::stream)
    return socket.state == SocketState::connected ? Errno::eisconn : Errno::enotconn;
  std::optional<SocketAddress> to = parse_socket_address(address);
  if (!to) return Errno::einval;
  return datagram_send(kernel, process, socket, *to, data);
}

KResult<std::int64_t> sys_recvfrom(Kernel& kernel, Process& process, int fd, std::int64_t count, bool nonblocking,
                                   std::string& data, std::string& sender) {
  OpenFile* file = process.files.get(fd);
  if (!file) return Errno::ebadf;
  if (file->kind != FileKind::socket) return Errno::enotsock;
  if (count < 0) return Errno::einval;
  Socket& socket = *file->socket;
  nonblocking = nonblocking || file->nonblocking;
  sender.clear();
  if (socket.type() == SocketType::stream) {
    // On a connected stream, recvfrom is read and names the peer.
    auto result = socket_read(kernel, process, socket, count, nonblocking, data);
    if (result.ok()) sender = socket.remote.text();
    return result;
  }
  return datagram_receive(kernel, process, socket, count, nonblocking, data, sender);
}

}  // namespace ipcsim::kernel
