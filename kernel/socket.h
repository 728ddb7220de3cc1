#pragma once
// A socket (socket(7), tcp(7), udp(7)): one endpoint. A stream socket is
// unconnected, listening (with its backlog of connections made but not yet
// accepted) or one end of a connection, whose peer is the socket at the
// other end; each end buffers the bytes sent to it and not yet read, up to
// kernel.socket_buffer. A datagram socket keeps a queue of whole datagrams.
// The socket is closed when its last descriptor goes (Kernel::
// release_description), which drives end of file, ECONNRESET and EPIPE at
// the peer explicitly, never through destructor timing.
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>

#include "kernel/errno.h"
#include "kernel/kernel_object.h"
#include "kernel/network.h"
#include "kernel/wait_queue.h"

namespace ipcsim::kernel {

class Kernel;

enum class SocketType : unsigned char { stream, datagram };
enum class SocketState : unsigned char { unconnected, connecting, listening, connected, closed };

struct Datagram {
  std::string sender;  // "IP:PORT"
  std::string data;
};

class Socket final : public KernelObject, public std::enable_shared_from_this<Socket> {
 public:
  Socket(std::int64_t id, Kernel& host, SocketType type);
  // "socket 3 (127.0.0.1:80, listening)", "socket 4 (127.0.0.1:32768 -> 127.0.0.1:80)"
  std::string describe() const override;

  Kernel& host() const { return *host_; }
  SocketType type() const { return type_; }
  Protocol protocol() const { return type_ == SocketType::stream ? Protocol::tcp : Protocol::udp; }

  SocketState state = SocketState::unconnected;
  bool bound = false;
  SocketAddress local;
  SocketAddress remote;  // a connection's other end; a datagram socket's default destination
  std::weak_ptr<Socket> peer;  // a connection's other end while it is open

  // ---- listening ----
  std::int64_t backlog = 0;
  std::deque<std::shared_ptr<Socket>> accept_backlog;  // connected, not yet accepted
  // Connects that found the backlog full: Linux drops their SYN and the
  // client retries; here they wait in order for accept to make room.
  // Each with the attempt it belongs to: one given up and retried is stale.
  struct WaitingConnect {
    std::shared_ptr<Socket> client;
    std::uint64_t attempt = 0;
  };
  std::deque<WaitingConnect> waiting_connects;
  WaitQueue accept_queue{BlockReason::socket_accept, this};

  // ---- a connection's receiving side ----
  // Bytes sent to this end, not yet read; `reserved` counts those still on
  // the wire, which already take room (the sender's window).
  std::int64_t buffered() const { return static_cast<std::int64_t>(received_.size() - consumed_); }
  std::int64_t reserved = 0;
  std::int64_t room(std::int64_t capacity) const { return capacity - buffered() - reserved; }
  void put(std::string_view bytes) { received_.append(bytes); }
  void take(std::int64_t count, std::string& out);
  bool end_of_file = false;    // FIN arrived (peer closed or shut down writing) or reset
  bool read_shut = false;      // shutdown(SHUT_RD)
  bool write_shut = false;     // shutdown(SHUT_WR), or reset: writes fail with EPIPE
  bool reset_requested = false;  // a write reached a closed peer: its reset is on the way
  Errno pending_error = Errno::none;  // sk_err: reported once, by the next read or write
  WaitQueue read_queue{BlockReason::socket_read, this};
  WaitQueue write_queue{BlockReason::socket_write, this};  // writers waiting for room at the peer

  // ---- connecting ----
  std::uint64_t connect_attempt = 0;  // a newer attempt makes an older answer stale
  Errno connect_result = Errno::none;
  bool connect_answered = false;
  WaitQueue connect_queue{BlockReason::socket_connect, this};

  // ---- datagrams ----
  std::deque<Datagram> datagrams;
  std::int64_t datagram_bytes = 0;

 private:
  Kernel* host_;
  SocketType type_;
  std::string received_;
  std::size_t consumed_ = 0;
};

}  // namespace ipcsim::kernel
