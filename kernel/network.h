#pragma once
// The network that joins hosts (SCENARIO_FORMAT.md section 7): which kernel
// answers which IP address, the port bindings of every host, and time on the
// wire. Each Kernel is one host; a kernel that was never put on a network
// makes one of its own, so a scenario without `hosts:` is one host at
// 127.0.0.1. Everything that crosses from one socket to another goes
// through deliver(), so the same socket code runs on one host (at once)
// and between hosts (an event `latency()` later on the destination).
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "kernel/errno.h"
#include "sim/event_queue.h"
#include "sim/time.h"

namespace ipcsim::kernel {

class Kernel;
class Socket;

inline constexpr std::string_view loopback_address = "127.0.0.1";
// Linux's default net.ipv4.ip_local_port_range.
inline constexpr int ephemeral_port_low = 32768;
inline constexpr int ephemeral_port_high = 60999;

// TCP and UDP have separate port spaces (a stream and a datagram socket may
// both bind 127.0.0.1:53).
enum class Protocol : unsigned char { tcp, udp };

// "IP:PORT" as steps write it, `peer` and `sender` return it.
struct SocketAddress {
  std::string ip;
  int port = 0;
  std::string text() const { return ip + ":" + std::to_string(port); }
  bool operator==(const SocketAddress&) const = default;
};
// A dotted quad and a port 0..65535; nullopt for anything else (EINVAL).
std::optional<SocketAddress> parse_socket_address(std::string_view text);

class Network final : private sim::EventHandler {
 public:
  Network() = default;
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  // Puts a host on this network under its host_address.
  void attach(Kernel& host);
  // The host that answers `ip` for a sender on `from`: 127.0.0.1 is the
  // sender's own host; nullptr when no host has that address.
  Kernel* host_of(const Kernel& from, std::string_view ip) const;
  // Whether `ip` names `host` itself (its address or its loopback).
  static bool is_own_address(const Kernel& host, std::string_view ip);

  // ---- bindings, per (host, IP, port, protocol) ----
  // EADDRNOTAVAIL when the IP is not the host's; EADDRINUSE when taken.
  // Port 0 picks an ephemeral port.
  KResult<SocketAddress> bind(Kernel& host, Socket& socket, Protocol protocol, SocketAddress address);
  // An unbound socket that connects or sends gets the lowest free
  // ephemeral port of its host and protocol (deterministic).
  KResult<SocketAddress> bind_ephemeral(Kernel& host, Socket& socket, Protocol protocol, std::string ip);
  void unbind(Kernel& host, Protocol protocol, const SocketAddress& address, const Socket& socket);
  // The socket bound at `address` as seen from `from` (nullptr: none).
  Socket* lookup(const Kernel& from, Protocol protocol, const SocketAddress& address) const;

  // ---- time on the wire ----
  // 0 on one host; costs.network_latency between hosts.
  sim::Time latency(const Kernel& from, const Kernel& to) const;
  // Runs `arrival` on `to`: at once on the same host, otherwise as an event
  // at the sender's now + latency, in the order sent.
  void deliver(Kernel& from, Kernel& to, std::function<void()> arrival);
  // A round trip that starts on `from` and ends back there, through `to`.
  sim::Time round_trip(const Kernel& from, const Kernel& to) const { return latency(from, to) + latency(to, from); }
  // What crossed between hosts: deliveries (segments, datagrams, connection
  // set-up and tear-down) and their time on the wire, summed.
  std::uint64_t deliveries_between_hosts() const { return deliveries_; }
  sim::Time time_on_the_wire() const { return wire_time_; }

 private:
  void on_event(std::uint64_t argument) override;

  using BindingKey = std::tuple<std::string, std::string, int, Protocol>;  // host, IP, port, protocol
  bool port_taken(const Kernel& host, Protocol protocol, int port, std::string_view ip) const;

  std::map<std::string, Kernel*, std::less<>> hosts_;  // by address
  std::map<BindingKey, Socket*> bindings_;
  std::map<std::uint64_t, std::function<void()>> in_flight_;  // by delivery number
  std::uint64_t deliveries_ = 0;
  sim::Time wire_time_ = 0;
};

}  // namespace ipcsim::kernel
