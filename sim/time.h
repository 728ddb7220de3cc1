#pragma once
// Simulated time: integer nanoseconds, never floating point, so that the same
// file and seed give the same timeline on every machine (DESIGN.md "Determinism").
#include <cstdint>
#include <limits>
#include <string>

namespace ipcsim::sim {

using Time = std::int64_t;

inline constexpr Time nanoseconds = 1;
inline constexpr Time microseconds = 1000;
inline constexpr Time milliseconds = 1000 * microseconds;
inline constexpr Time seconds = 1000 * milliseconds;
inline constexpr Time time_never = std::numeric_limits<Time>::max();

// A point on the timeline, always in microseconds with three decimals
// ("0.012us", "1250.000us"): exact to the nanosecond, columns line up.
std::string format_time(Time t);
// A duration as a scenario file would write it: "10ms", "1.5us", "250ns".
std::string format_duration(Time t);

}  // namespace ipcsim::sim
