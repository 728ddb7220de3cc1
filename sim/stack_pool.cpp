#include "sim/stack_pool.h"

#include <sys/mman.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace ipcsim::sim {
namespace {

constexpr std::uint64_t canary_value = 0x5afe57ac6b0770aaULL;
constexpr std::size_t slab_bytes_target = 4 * 1024 * 1024;
constexpr std::size_t small_stack_size = 8 * 1024;

[[noreturn]] void fatal(const char* what) {
  std::fprintf(stderr, "ipcsim: internal error: %s\n", what);
  std::abort();
}

}  // namespace

StackPool::StackPool(std::size_t stack_size) {
  // 16-byte alignment is what the x86-64 ABI needs at a call; round up to 64
  // so stacks do not share cache lines.
  if (stack_size < minimum_stack_size) stack_size = minimum_stack_size;
  stack_size_ = (stack_size + 63) & ~static_cast<std::size_t>(63);
}

StackPool::~StackPool() {
  for (const Slab& slab : slabs_) munmap(slab.base, slab.bytes);
}

void StackPool::grow() {
  std::size_t count = slab_bytes_target / stack_size_;
  if (count == 0) count = 1;
  const std::size_t bytes = count * stack_size_;
  // MAP_NORESERVE: untouched pages of a large stack cost nothing, so a
  // shallow fiber occupies only the pages it has used. Small stacks are used
  // whole anyway: populating the slab in one call is far cheaper than one
  // page fault per stack (a million processes, a million faults).
  int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
  if (stack_size_ <= small_stack_size) flags |= MAP_POPULATE;
  void* base = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, flags, -1, 0);
  if (base == MAP_FAILED) fatal("out of memory for fiber stacks");
  slabs_.push_back(Slab{base, bytes});
  free_.reserve(free_.size() + count);
  // Hand out low addresses first: the order is irrelevant to output, this
  // only keeps consecutive processes' stacks near each other.
  for (std::size_t i = count; i-- > 0;) free_.push_back(static_cast<char*>(base) + i * stack_size_);
}

void* StackPool::allocate() {
  if (free_.empty()) grow();
  void* bottom = free_.back();
  free_.pop_back();
  std::memcpy(bottom, &canary_value, sizeof canary_value);
  ++in_use_;
  return bottom;
}

void StackPool::release(void* stack_bottom) {
  if (!canary_intact(stack_bottom)) fatal("fiber stack overflow (canary overwritten); raise the stack size");
  free_.push_back(stack_bottom);
  --in_use_;
}

bool StackPool::canary_intact(const void* stack_bottom) {
  std::uint64_t value;
  std::memcpy(&value, stack_bottom, sizeof value);
  return value == canary_value;
}

}  // namespace ipcsim::sim
