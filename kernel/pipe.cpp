#include "kernel/pipe.h"

#include <algorithm>

#include "kernel/kpanic.h"

namespace ipcsim::kernel {

Pipe::Pipe(std::int64_t id, std::int64_t capacity, std::string fifo_path)
    : KernelObject(ObjectKind::pipe, id), capacity_(capacity), fifo_path_(std::move(fifo_path)) {}

std::string Pipe::describe() const {
  return is_fifo() ? "FIFO " + fifo_path_ : "pipe " + std::to_string(id());
}

void Pipe::put(std::string_view bytes) {
  KASSERT(static_cast<std::int64_t>(bytes.size()) <= room());
  const std::size_t needed = size_ + bytes.size();
  if (needed > ring_.size()) {
    // Grow, unwrapping the contents to the front.
    std::size_t grown = std::max(needed, ring_.size() * 2);
    grown = std::min(grown, static_cast<std::size_t>(capacity_));
    std::vector<char> larger(grown);
    for (std::size_t i = 0; i < size_; ++i) larger[i] = ring_[(head_ + i) % ring_.size()];
    ring_.swap(larger);
    head_ = 0;
  }
  std::size_t tail = (head_ + size_) % ring_.size();
  for (char c : bytes) {
    ring_[tail] = c;
    if (++tail == ring_.size()) tail = 0;
  }
  size_ += bytes.size();
}

void Pipe::take(std::int64_t count, std::string& out) {
  const std::size_t n = std::min(size_, static_cast<std::size_t>(std::max<std::int64_t>(count, 0)));
  out.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = ring_[head_];
    if (++head_ == ring_.size()) head_ = 0;
  }
  size_ -= n;
  if (size_ == 0) head_ = 0;
}

}  // namespace ipcsim::kernel
