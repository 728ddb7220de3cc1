#pragma once
// Signal numbers and names as on Linux x86-64 (signal(7)); SIGRTMIN+N are 34+N.
#include <optional>
#include <string>
#include <string_view>

namespace ipcsim::kernel {

inline constexpr int signal_kill = 9;
inline constexpr int signal_pipe = 13;
inline constexpr int signal_child = 17;
inline constexpr int signal_realtime_min = 34;
inline constexpr int signal_max = 64;

std::string signal_name(int number);  // "SIGKILL", "SIGRTMIN+3"
std::optional<int> signal_from_name(std::string_view name);

}  // namespace ipcsim::kernel
