#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

namespace ipcsim::kernel {

enum class Syscall : unsigned char {
#define X(name, may_block) name,
#include "kernel/syscalls.def"
#undef X
};

inline constexpr std::size_t syscall_count = 0
#define X(name, may_block) +1
#include "kernel/syscalls.def"
#undef X
    ;

std::string_view syscall_name(Syscall call);
bool syscall_may_block(Syscall call);
std::optional<Syscall> syscall_from_name(std::string_view name);

enum class BlockReason : unsigned char {
#define X(identifier, text) identifier,
#include "kernel/block_reasons.def"
#undef X
};

inline constexpr std::size_t block_reason_count = 0
#define X(identifier, text) +1
#include "kernel/block_reasons.def"
#undef X
    ;

std::string_view block_reason_name(BlockReason reason);
std::optional<BlockReason> block_reason_from_name(std::string_view name);

}  // namespace ipcsim::kernel
