#include "kernel/socket.h"

#include <algorithm>

namespace ipcsim::kernel {

Socket::Socket(std::int64_t id, Kernel& host, SocketType type)
    : KernelObject(ObjectKind::socket, id), host_(&host), type_(type) {}

std::string Socket::describe() const {
  std::string text = "socket " + std::to_string(id()) + " (";
  text += type_ == SocketType::stream ? "stream" : "dgram";
  if (bound) text += " " + local.text();
  if (state == SocketState::listening) text += ", listening";
  else if (state == SocketState::connected && type_ == SocketType::stream) text += " -> " + remote.text();
  else if (state == SocketState::connecting) text += ", connecting to " + remote.text();
  else if (state == SocketState::closed) text += ", closed";
  return text + ")";
}

void Socket::take(std::int64_t count, std::string& out) {
  const std::size_t n = std::min(static_cast<std::size_t>(buffered()), static_cast<std::size_t>(std::max<std::int64_t>(count, 0)));
  out.assign(received_, consumed_, n);
  consumed_ += n;
  // Drop what was read once it is most of the string: amortised O(1) a byte.
  if (consumed_ == received_.size()) {
    received_.clear();
    consumed_ = 0;
  } else if (consumed_ > 4096 && consumed_ * 2 > received_.size()) {
    received_.erase(0, consumed_);
    consumed_ = 0;
  }
}

}  // namespace ipcsim::kernel
