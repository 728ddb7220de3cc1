#pragma once
// Reading, writing and closing sockets (sys_socket.cpp, sys_datagram.cpp),
// called by read(2), write(2) and the release of an open file description
// once they know an fd leads to a socket.
#include <cstdint>
#include <string>
#include <string_view>

#include "kernel/errno.h"
#include "kernel/socket.h"

namespace ipcsim::kernel {

class Kernel;
class Process;

// A stream: up to `count` bytes, without message boundaries. A datagram
// socket: recvfrom without the sender.
KResult<std::int64_t> socket_read(Kernel& kernel, Process& process, Socket& socket, std::int64_t count,
                                  bool nonblocking, std::string& data);
// A stream: every byte, sleeping (reason socket.write) while the peer's
// buffer is full. A datagram socket: sendto its connected address.
KResult<std::int64_t> socket_write(Kernel& kernel, Process& process, Socket& socket, std::string_view data,
                                   bool nonblocking);
// The last descriptor has gone: FIN to the peer, or a reset when received
// bytes were never read; a listener refuses what waits in its backlog.
void socket_close(Kernel& kernel, Socket& socket);
// Datagrams (sys_datagram.cpp).
KResult<std::int64_t> datagram_send(Kernel& kernel, Process& process, Socket& socket, const SocketAddress& to,
                                    std::string_view data);
KResult<std::int64_t> datagram_receive(Kernel& kernel, Process& process, Socket& socket, std::int64_t count,
                                       bool nonblocking, std::string& data, std::string& sender);
// Wakes the sleepers of a socket's queue on the socket's own host.
void wake_socket_queue(Socket& socket, WaitQueue& queue);

}  // namespace ipcsim::kernel
