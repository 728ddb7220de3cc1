// Sockets (socket(7), tcp(7)): making, binding and listening, and the
// three-way handshake of connect and accept. Reading, writing and closing
// a stream are in socket_stream.cpp; datagrams in sys_datagram.cpp.
//
// A connection, as Linux makes it:
//   1. connect sends a SYN to the server's host (Network::deliver);
//   2. there, a listener with room in its backlog makes the server's end of
//      the connection at once and queues it for accept: the connection
//      exists before anyone calls accept. A full backlog makes the client
//      wait in order (Linux drops the SYN and the client retries);
//   3. the answer (SYN-ACK, or a reset when nobody listens) travels back and
//      completes connect: one round trip between hosts, nothing on one;
//   4. accept takes the oldest connection and lets one waiting client in.
#include <algorithm>

#include "kernel/kernel.h"
#include "kernel/socket_io.h"

namespace ipcsim::kernel {
namespace {

// Linux's default somaxconn caps `listen`'s backlog.
constexpr std::int64_t max_backlog = 4096;

KResult<Socket*> socket_of(Process& process, int fd) {
  OpenFile* file = process.files.get(fd);
  if (!file) return Errno::ebadf;
  if (file->kind != FileKind::socket) return Errno::enotsock;
  return file->socket.get();
}

std::shared_ptr<OpenFile> socket_description(std::shared_ptr<Socket> socket) {
  auto file = std::make_shared<OpenFile>();
  file->kind = FileKind::socket;
  file->readable = true;
  file->writable = true;
  file->socket = std::move(socket);
  return file;
}

// Step 3: the answer reaches the client's host. A connect that gave up
// (interrupted, nonblocking) or was retried no longer matches it.
void answer_connect(Kernel& server_host, const std::shared_ptr<Socket>& client, std::uint64_t attempt, Errno result) {
  server_host.network()->deliver(server_host, client->host(), [client, attempt, result] {
    if (client->state != SocketState::connecting || client->connect_attempt != attempt) return;
    client->connect_answered = true;
    client->connect_result = result;
    wake_socket_queue(*client, client->connect_queue);
  });
}

// Step 2 with room in the backlog: the server's end, connected already.
void establish(Socket& listener, const std::shared_ptr<Socket>& client, std::uint64_t attempt) {
  Kernel& server_host = listener.host();
  auto server_end = std::make_shared<Socket>(server_host.next_socket_id(), server_host, SocketType::stream);
  server_end->bound = true;  // shares the listener's port, as accepted sockets do
  server_end->local = listener.local;
  // A wildcard listener answers on the address the client asked for.
  if (server_end->local.ip == "0.0.0.0") server_end->local.ip = client->remote.ip;
  server_end->remote = client->local;
  // A client bound to INADDR_ANY connects from the source address its route
  // picks (ip(7)): the loopback towards 127.0.0.1, else its host's address;
  // the peer never sees 0.0.0.0, as datagram senders do not.
  if (server_end->remote.ip == "0.0.0.0")
    server_end->remote.ip =
        client->remote.ip == loopback_address ? std::string(loopback_address) : client->host().host_address;
  server_end->state = SocketState::connected;
  server_end->peer = client;
  client->peer = server_end;
  listener.accept_backlog.push_back(std::move(server_end));
  wake_socket_queue(listener, listener.accept_queue);
  answer_connect(server_host, client, attempt, Errno::none);
}

bool backlog_full(const Socket& listener) {
  return static_cast<std::int64_t>(listener.accept_backlog.size()) >= listener.backlog;
}

// Step 2: the SYN reaches the server's host.
void syn_arrives(const std::shared_ptr<Socket>& client, std::uint64_t attempt) {
  if (client->state != SocketState::connecting || client->connect_attempt != attempt) return;
  Kernel& client_host = client->host();
  Kernel& server_host = *client_host.network()->host_of(client_host, client->remote.ip);
  Socket* listener = client_host.network()->lookup(client_host, Protocol::tcp, client->remote);
  if (!listener || listener->state != SocketState::listening) {
    answer_connect(server_host, client, attempt, Errno::econnrefused);  // a reset: nobody listens
    return;
  }
  if (backlog_full(*listener)) {
    client->connect_answered = false;
    listener->waiting_connects.push_back(Socket::WaitingConnect{client, attempt});
    return;
  }
  establish(*listener, client, attempt);
}

// Step 4: room was made in the backlog; the oldest waiting client gets it.
void admit_waiting(Socket& listener) {
  while (!listener.waiting_connects.empty() && !backlog_full(listener)) {
    Socket::WaitingConnect waiting = std::move(listener.waiting_connects.front());
    listener.waiting_connects.pop_front();
    // Gave up meanwhile (interrupted, or retried as a new attempt).
    if (waiting.client->state != SocketState::connecting || waiting.client->connect_attempt != waiting.attempt) continue;
    establish(listener, waiting.client, waiting.attempt);
  }
}

// A connect that stops waiting: a later answer is stale.
void abandon_connect(Socket& socket) {
  socket.state = SocketState::unconnected;
  ++socket.connect_attempt;
}

}  // namespace

void wake_socket_queue(Socket& socket, WaitQueue& queue) { socket.host().wake_all(queue); }

KResult<int> sys_socket(Kernel& kernel, Process& process, SocketType type) {
  if (process.files.lowest_free() < 0) return Errno::emfile;
  auto socket = std::make_shared<Socket>(kernel.next_socket_id(), kernel, type);
  return kernel.install_descriptor(process, socket_description(std::move(socket)));
}

KStatus sys_bind(Kernel& kernel, Process& process, int fd, std::string_view address) {
  auto found = socket_of(process, fd);
  if (!found.ok()) return found.error();
  Socket& socket = *found.value();
  if (socket.bound) return Errno::einval;  // bind(2): already bound
  std::optional<SocketAddress> wanted = parse_socket_address(address);
  if (!wanted) return Errno::einval;
  auto taken = kernel.network()->bind(kernel, socket, socket.protocol(), std::move(*wanted));
  if (!taken.ok()) return taken.error();
  socket.bound = true;
  socket.local = std::move(taken.value());
  return Success{};
}

KStatus sys_listen(Kernel& kernel, Process& process, int fd, std::int64_t backlog) {
  auto found = socket_of(process, fd);
  if (!found.ok()) return found.error();
  Socket& socket = *found.value();
  if (socket.type() != SocketType::stream) return Errno::eopnotsupp;
  if (socket.state != SocketState::unconnected && socket.state != SocketState::listening) return Errno::einval;
  if (!socket.bound) {
    // listen(2) on an unbound socket binds an ephemeral port on every address.
    auto taken = kernel.network()->bind_ephemeral(kernel, socket, Protocol::tcp, "0.0.0.0");
    if (!taken.ok()) return taken.error();
    socket.bound = true;
    socket.local = std::move(taken.value());
  }
  // Linux admits one connection even with backlog 0, and caps at somaxconn.
  socket.backlog = std::clamp<std::int64_t>(backlog, 1, max_backlog);
  socket.state = SocketState::listening;
  admit_waiting(socket);  // a larger backlog lets waiting clients in
  return Success{};
}

KResult<int> sys_accept(Kernel& kernel, Process& process, int fd, bool nonblocking, std::string& peer) {
  auto found = socket_of(process, fd);
  if (!found.ok()) return found.error();
  Socket& listener = *found.value();
  if (listener.state != SocketState::listening) return Errno::einval;
  for (;;) {
    if (!listener.accept_backlog.empty()) {
      if (process.files.lowest_free() < 0) return Errno::emfile;  // the connection stays queued
      std::shared_ptr<Socket> connection = std::move(listener.accept_backlog.front());
      listener.accept_backlog.pop_front();
      admit_waiting(listener);
      peer = connection->remote.text();
      return kernel.install_descriptor(process, socket_description(std::move(connection)));
    }
    if (nonblocking || process.files.get(fd)->nonblocking) return Errno::eagain;
    if (kernel.block(process, listener.accept_queue) != WaitResult::woken) return Errno::eintr;
    // Closed by another process sharing it while this one slept.
    if (listener.state != SocketState::listening) return Errno::einval;
  }
}

KStatus sys_connect(Kernel& kernel, Process& process, int fd, std::string_view address, bool nonblocking) {
  auto found = socket_of(process, fd);
  if (!found.ok()) return found.error();
  Socket& socket = *found.value();
  std::optional<SocketAddress> target = parse_socket_address(address);
  if (!target) return Errno::einval;
  if (socket.type() == SocketType::stream) {
    if (socket.state == SocketState::connected) return Errno::eisconn;
    if (socket.state != SocketState::unconnected) return Errno::einval;  // listening, or connecting elsewhere
  }
  Network& network = *kernel.network();
  Kernel* server_host = network.host_of(kernel, target->ip);
  if (!server_host) return Errno::ehostunreach;
  if (!socket.bound) {
    // The source address is the loopback for the loopback, else the host's.
    std::string ip = target->ip == loopback_address ? std::string(loopback_address) : kernel.host_address;
    auto taken = network.bind_ephemeral(kernel, socket, socket.protocol(), std::move(ip));
    if (!taken.ok()) return taken.error();
    socket.bound = true;
    socket.local = std::move(taken.value());
  }
  socket.remote = *target;
  if (socket.type() == SocketType::datagram) {
    // UDP's connect sends nothing: it names the default destination.
    socket.state = SocketState::connected;
    return Success{};
  }
  socket.state = SocketState::connecting;
  socket.connect_answered = false;
  const std::uint64_t attempt = ++socket.connect_attempt;
  std::shared_ptr<Socket> client = socket.shared_from_this();
  network.deliver(kernel, *server_host, [client, attempt] { syn_arrives(client, attempt); });
  for (;;) {
    if (socket.connect_answered) {
      socket.connect_answered = false;
      if (socket.connect_result != Errno::none) {
        socket.state = SocketState::unconnected;
        return socket.connect_result;
      }
      socket.state = SocketState::connected;
      return Success{};
    }
    if (nonblocking || process.files.get(fd)->nonblocking) {
      abandon_connect(socket);
      return Errno::eagain;
    }
    if (kernel.block(process, socket.connect_queue) != WaitResult::woken) {
      abandon_connect(socket);
      return Errno::eintr;
    }
  }
}

KStatus sys_shutdown(Kernel&, Process& process, int fd, ShutdownHow how) {
  auto found = socket_of(process, fd);
  if (!found.ok()) return found.error();
  Socket& socket = *found.value();
  if (socket.state != SocketState::connected) return Errno::enotconn;
  if (how != ShutdownHow::write) {
    socket.read_shut = true;
    wake_socket_queue(socket, socket.read_queue);  // sleeping readers now see end of file
  }
  if (how != ShutdownHow::read && !socket.write_shut) {
    socket.write_shut = true;
    wake_socket_queue(socket, socket.write_queue);  // sleeping writers now get EPIPE
    if (std::shared_ptr<Socket> peer = socket.peer.lock()) {
      // FIN: after what was written, the peer reads end of file.
      socket.host().network()->deliver(socket.host(), peer->host(), [peer] {
        peer->end_of_file = true;
        wake_socket_queue(*peer, peer->read_queue);
      });
    }
  }
  return Success{};
}

}  // namespace ipcsim::kernel
