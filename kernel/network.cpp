#include "kernel/network.h"

#include "kernel/kernel.h"
#include "kernel/kpanic.h"

namespace ipcsim::kernel {
namespace {

// INADDR_ANY: bound, it takes the port on every address of the host.
constexpr std::string_view any_address = "0.0.0.0";

bool parse_number(std::string_view text, int high, int& value) {
  if (text.empty() || text.size() > 5) return false;
  value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return value <= high;
}

}  // namespace

std::optional<SocketAddress> parse_socket_address(std::string_view text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  SocketAddress address;
  address.ip = std::string(text.substr(0, colon));
  if (!parse_number(text.substr(colon + 1), 65535, address.port)) return std::nullopt;
  // A dotted quad: four numbers 0..255.
  std::string_view rest = address.ip;
  for (int part = 0; part < 4; ++part) {
    const std::size_t dot = rest.find('.');
    if ((part < 3) != (dot != std::string_view::npos)) return std::nullopt;
    int octet = 0;
    if (!parse_number(rest.substr(0, dot), 255, octet)) return std::nullopt;
    rest = part < 3 ? rest.substr(dot + 1) : std::string_view();
  }
  return address;
}

void Network::attach(Kernel& host) { hosts_[host.host_address] = &host; }

bool Network::is_own_address(const Kernel& host, std::string_view ip) {
  return ip == loopback_address || ip == host.host_address;
}

Kernel* Network::host_of(const Kernel& from, std::string_view ip) const {
  if (ip == loopback_address || ip == from.host_address) return const_cast<Kernel*>(&from);
  auto found = hosts_.find(ip);
  return found == hosts_.end() ? nullptr : found->second;
}

bool Network::port_taken(const Kernel& host, Protocol protocol, int port, std::string_view ip) const {
  // A wildcard binding conflicts with every address of the host, and every
  // address with it (Linux without SO_REUSEADDR/SO_REUSEPORT).
  for (std::string_view held : {std::string_view(loopback_address), std::string_view(host.host_address), any_address}) {
    if (ip != any_address && held != any_address && held != ip) continue;
    if (bindings_.count(BindingKey{host.host_name, std::string(held), port, protocol})) return true;
  }
  return false;
}

KResult<SocketAddress> Network::bind(Kernel& host, Socket& socket, Protocol protocol, SocketAddress address) {
  if (address.ip != any_address && !is_own_address(host, address.ip)) return Errno::eaddrnotavail;
  if (address.port == 0) return bind_ephemeral(host, socket, protocol, std::move(address.ip));
  if (port_taken(host, protocol, address.port, address.ip)) return Errno::eaddrinuse;
  bindings_[BindingKey{host.host_name, address.ip, address.port, protocol}] = &socket;
  return address;
}

KResult<SocketAddress> Network::bind_ephemeral(Kernel& host, Socket& socket, Protocol protocol, std::string ip) {
  for (int port = ephemeral_port_low; port <= ephemeral_port_high; ++port) {
    if (port_taken(host, protocol, port, ip)) continue;
    bindings_[BindingKey{host.host_name, ip, port, protocol}] = &socket;
    return SocketAddress{std::move(ip), port};
  }
  return Errno::eaddrinuse;  // every ephemeral port is taken
}

void Network::unbind(Kernel& host, Protocol protocol, const SocketAddress& address, const Socket& socket) {
  auto found = bindings_.find(BindingKey{host.host_name, address.ip, address.port, protocol});
  if (found != bindings_.end() && found->second == &socket) bindings_.erase(found);
}

Socket* Network::lookup(const Kernel& from, Protocol protocol, const SocketAddress& address) const {
  const Kernel* host = host_of(from, address.ip);
  if (!host) return nullptr;
  // 127.0.0.1 reaches only what is bound to the loopback or the wildcard of
  // the sender's own host; the host's address likewise.
  for (std::string_view held : {std::string_view(address.ip), any_address}) {
    auto found = bindings_.find(BindingKey{host->host_name, std::string(held), address.port, protocol});
    if (found != bindings_.end()) return found->second;
  }
  return nullptr;
}

sim::Time Network::latency(const Kernel& from, const Kernel& to) const {
  return &from == &to ? 0 : from.config().costs.network_latency;
}

void Network::deliver(Kernel& from, Kernel& to, std::function<void()> arrival) {
  if (&from == &to) {
    arrival();
    return;
  }
  const std::uint64_t number = ++deliveries_;
  in_flight_.emplace(number, std::move(arrival));
  const sim::Time on_the_wire = latency(from, to);
  wire_time_ += on_the_wire;
  to.schedule_at(from.now() + on_the_wire, *this, number);
}

// ---- the kernel's side: each Kernel is one host ----

Network* Kernel::network() {
  if (!network_) {
    own_network_ = std::make_unique<Network>();
    network_ = own_network_.get();
    network_->attach(*this);
  }
  return network_;
}

void Kernel::join_network(Network& network) {
  network_ = &network;
  network.attach(*this);
}

void Kernel::schedule_at(Time at, sim::EventHandler& handler, std::uint64_t argument) {
  cluster_->events().schedule(at, handler, argument);
  if (running_cpu_) running_cpu_->horizon = horizon_for(*running_cpu_);
}

void Network::on_event(std::uint64_t argument) {
  auto found = in_flight_.find(argument);
  KASSERT(found != in_flight_.end());
  std::function<void()> arrival = std::move(found->second);
  in_flight_.erase(found);
  arrival();
}

}  // namespace ipcsim::kernel
