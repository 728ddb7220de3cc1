#include "kernel/syscall.h"

#include <array>

namespace ipcsim::kernel {
namespace {

constexpr std::array<std::string_view, syscall_count> syscall_names = {
#define X(name, may_block) #name,
#include "kernel/syscalls.def"
#undef X
};

constexpr std::array<bool, syscall_count> syscall_blocking = {
#define X(name, may_block) may_block,
#include "kernel/syscalls.def"
#undef X
};

constexpr std::array<std::string_view, block_reason_count> reason_names = {
#define X(identifier, text) text,
#include "kernel/block_reasons.def"
#undef X
};

}  // namespace

std::string_view syscall_name(Syscall call) { return syscall_names[static_cast<std::size_t>(call)]; }
bool syscall_may_block(Syscall call) { return syscall_blocking[static_cast<std::size_t>(call)]; }

std::optional<Syscall> syscall_from_name(std::string_view name) {
  for (std::size_t i = 0; i < syscall_count; ++i)
    if (syscall_names[i] == name) return static_cast<Syscall>(i);
  return std::nullopt;
}

std::string_view block_reason_name(BlockReason reason) {
  return reason_names[static_cast<std::size_t>(reason)];
}

std::optional<BlockReason> block_reason_from_name(std::string_view name) {
  for (std::size_t i = 0; i < block_reason_count; ++i)
    if (reason_names[i] == name) return static_cast<BlockReason>(i);
  return std::nullopt;
}

}  // namespace ipcsim::kernel
