#pragma once
// Fixed-size fiber stacks carved from large slabs and reused. A million live
// processes need a million stacks: one mmap each would pass the kernel's
// vm.max_map_count, and guard pages would double the mappings, so overflow is
// caught instead by a canary at the low end of each stack, checked at every
// switch (Fiber::resume).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ipcsim::sim {

class StackPool {
 public:
  // Room for deeply nested steps and handlers inside handlers; untouched
  // pages of a stack cost no memory (MAP_NORESERVE).
  static constexpr std::size_t default_stack_size = 256 * 1024;
  static constexpr std::size_t minimum_stack_size = 2 * 1024;

  explicit StackPool(std::size_t stack_size = default_stack_size);
  ~StackPool();
  StackPool(const StackPool&) = delete;
  StackPool& operator=(const StackPool&) = delete;

  std::size_t stack_size() const { return stack_size_; }
  // The lowest address of a stack of stack_size() bytes, canary written.
  void* allocate();
  void release(void* stack_bottom);
  static bool canary_intact(const void* stack_bottom);

  std::size_t stacks_in_use() const { return in_use_; }

 private:
  void grow();

  std::size_t stack_size_;
  std::vector<void*> free_;
  struct Slab {
    void* base;
    std::size_t bytes;
  };
  std::vector<Slab> slabs_;
  std::size_t in_use_ = 0;
};

}  // namespace ipcsim::sim
