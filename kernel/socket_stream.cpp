// A stream connection's bytes (tcp(7)): read and write without message
// boundaries through finite buffers, and what closing one end does to the
// other, with Linux's rules:
// - a closed peer: end of file after the buffered bytes; the first write
//   after that still succeeds (the bytes are lost and draw a reset), the
//   next fails with EPIPE and SIGPIPE;
// - closing with received bytes unread sends a reset instead of end of
//   file: the peer's next read fails with ECONNRESET (once, as sk_err);
// - a write to a socket that is not connected fails with EPIPE (and
//   SIGPIPE), a read with ENOTCONN.
#include "kernel/kernel.h"
#include "kernel/socket_io.h"

namespace ipcsim::kernel {
namespace {

Errno broken_pipe(Kernel& kernel, Process& process) {
  kernel.raise_signal(process, signal_pipe);
  return Errno::epipe;
}

// Bytes that reach nobody are reported, never silently dropped.
void report_discarded(Kernel& kernel, const Socket& socket, std::string bytes, std::string why) {
  if (bytes.empty() || kernel.shutting_down()) return;
  if (kernel.tracing())
    kernel.trace_kernel(sim::TraceKind::note,
                        socket.describe() + ": " + std::to_string(bytes.size()) + " bytes discarded: " + why);
  kernel.lost_messages.push_back(LostMessage{kernel.now(), socket.describe(), 0, std::move(bytes), std::move(why)});
}

// A reset reaches `socket`: its next read or write fails once with
// `error`, then reads see end of file and writes EPIPE.
void reset_arrives(Socket& socket, Errno error) {
  if (socket.state != SocketState::connected) return;
  socket.pending_error = error;
  socket.end_of_file = true;
  socket.write_shut = true;
  wake_socket_queue(socket, socket.read_queue);
  wake_socket_queue(socket, socket.write_queue);
}

// The bytes of one write travel to the peer: they take room at once (the
// sender's window) and become readable when they arrive.
void send_bytes(Socket& from, const std::shared_ptr<Socket>& to, std::string bytes) {
  to->reserved += static_cast<std::int64_t>(bytes.size());
  from.host().network()->deliver(from.host(), to->host(), [to, bytes = std::move(bytes)]() mutable {
    to->reserved -= static_cast<std::int64_t>(bytes.size());
    if (to->state == SocketState::closed) {
      report_discarded(to->host(), *to, std::move(bytes), "arrived after the socket was closed");
      return;
    }
    to->put(bytes);
    wake_socket_queue(*to, to->read_queue);
  });
}

// The peer is gone: the bytes of this write are lost and draw a reset,
// which makes the next write fail (Linux: sk_err EPIPE in CLOSE_WAIT).
void write_to_closed_peer(Kernel& kernel, Socket& socket, std::string_view data) {
  report_discarded(kernel, socket, std::string(data), "the peer had closed the connection");
  if (socket.reset_requested) return;
  socket.reset_requested = true;
  Network& network = *kernel.network();
  Kernel* peer_host = network.host_of(kernel, socket.remote.ip);
  if (!peer_host) peer_host = &kernel;
  std::shared_ptr<Socket> self = socket.shared_from_this();
  network.deliver(kernel, *peer_host, [self, peer_host] {
    peer_host->network()->deliver(*peer_host, self->host(), [self] { reset_arrives(*self, Errno::epipe); });
  });
}

}  // namespace

KResult<std::int64_t> socket_read(Kernel& kernel, Process& process, Socket& socket, std::int64_t count,
                                  bool nonblocking, std::string& data) {
  data.clear();
  if (socket.type() == SocketType::datagram) {
    std::string sender;
    return datagram_receive(kernel, process, socket, count, nonblocking, data, sender);
  }
  if (socket.state != SocketState::connected) return Errno::enotconn;
  if (count == 0) return std::int64_t{0};
  for (;;) {
    if (socket.buffered() > 0) {
      socket.take(count, data);
      const auto taken = static_cast<std::int64_t>(data.size());
      kernel.charge_copy(process, taken);
      // Room was made: the peer's writers learn it as a window update.
      if (std::shared_ptr<Socket> peer = socket.peer.lock())
        kernel.network()->deliver(kernel, peer->host(), [peer] { wake_socket_queue(*peer, peer->write_queue); });
      return taken;
    }
    if (socket.pending_error != Errno::none) {
      const Errno error = socket.pending_error;
      socket.pending_error = Errno::none;
      return error;
    }
    if (socket.end_of_file || socket.read_shut) return std::int64_t{0};
    if (nonblocking) return Errno::eagain;
    if (kernel.block(process, socket.read_queue) != WaitResult::woken) return Errno::eintr;
  }
}

KResult<std::int64_t> socket_write(Kernel& kernel, Process& process, Socket& socket, std::string_view data,
                                   bool nonblocking) {
  if (socket.type() == SocketType::datagram) {
    if (socket.state != SocketState::connected) return Errno::edestaddrreq;
    return datagram_send(kernel, process, socket, socket.remote, data);
  }
  const auto total = static_cast<std::int64_t>(data.size());
  const std::int64_t capacity = kernel.config().socket_buffer;
  std::int64_t written = 0;
  for (;;) {
    if (socket.pending_error != Errno::none) {
      const Errno error = socket.pending_error;
      socket.pending_error = Errno::none;
      if (written > 0) return written;
      return error == Errno::epipe ? broken_pipe(kernel, process) : error;
    }
    if (socket.state != SocketState::connected || socket.write_shut) {
      if (written > 0) return written;
      return broken_pipe(kernel, process);
    }
    if (total == 0) return std::int64_t{0};
    std::shared_ptr<Socket> peer = socket.peer.lock();
    if (!peer) {
      kernel.charge_copy(process, total - written);
      write_to_closed_peer(kernel, socket, data.substr(static_cast<std::size_t>(written)));
      return total;
    }
    // A stream has no atomic writes: what fits goes now, the rest later.
    const std::int64_t piece = std::min(peer->room(capacity), total - written);
    if (piece > 0) {
      kernel.charge_copy(process, piece);
      send_bytes(socket, peer, std::string(data.substr(static_cast<std::size_t>(written), static_cast<std::size_t>(piece))));
      written += piece;
      if (written == total) return written;
    }
    if (nonblocking) {
      if (written > 0) return written;
      return Errno::eagain;
    }
    if (kernel.block(process, socket.write_queue) != WaitResult::woken) {
      if (written > 0) return written;
      return Errno::eintr;
    }
  }
}

void socket_close(Kernel& kernel, Socket& socket) {
  Network& network = *kernel.network();
  const SocketState was = socket.state;
  socket.state = SocketState::closed;
  if (socket.bound) network.unbind(kernel, socket.protocol(), socket.local, socket);
  if (was == SocketState::listening) {
    // Connections never accepted are reset; waiting clients are refused.
    while (!socket.accept_backlog.empty()) {
      std::shared_ptr<Socket> connection = std::move(socket.accept_backlog.front());
      socket.accept_backlog.pop_front();
      std::string unread;
      connection->take(connection->buffered(), unread);
      connection->state = SocketState::closed;
      if (std::shared_ptr<Socket> client = connection->peer.lock()) {
        client->peer.reset();
        network.deliver(kernel, client->host(), [client] { reset_arrives(*client, Errno::econnreset); });
      }
      report_discarded(kernel, *connection, std::move(unread), "the listener closed before accept");
    }
    for (const Socket::WaitingConnect& waiting : socket.waiting_connects) {
      const std::shared_ptr<Socket>& client = waiting.client;
      const std::uint64_t attempt = waiting.attempt;
      network.deliver(kernel, client->host(), [client, attempt] {
        if (client->state != SocketState::connecting || client->connect_attempt != attempt) return;
        client->connect_answered = true;
        client->connect_result = Errno::econnrefused;
        wake_socket_queue(*client, client->connect_queue);
      });
    }
    socket.waiting_connects.clear();
    return;
  }
  socket.datagrams.clear();
  std::shared_ptr<Socket> peer = socket.peer.lock();
  socket.peer.reset();
  if (was != SocketState::connected || socket.type() != SocketType::stream) return;
  std::string unread;
  socket.take(socket.buffered(), unread);
  const bool reset = !unread.empty();
  report_discarded(kernel, socket, std::move(unread), "closed with unread data: the connection is reset");
  if (!peer) return;
  peer->peer.reset();  // the peer's writes now reach nobody
  network.deliver(kernel, peer->host(), [peer, reset] {
    if (reset) {
      reset_arrives(*peer, Errno::econnreset);
      return;
    }
    peer->end_of_file = true;  // FIN
    wake_socket_queue(*peer, peer->read_queue);
    wake_socket_queue(*peer, peer->write_queue);  // their bytes now reach nobody
  });
}

}  // namespace ipcsim::kernel
