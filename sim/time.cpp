#include "sim/time.h"

#include <cstdio>

namespace ipcsim::sim {

std::string format_time(Time t) {
  // Always microseconds with three decimals: exact to the nanosecond, and the
  // columns of a timeline line up.
  const bool negative = t < 0;
  const std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(t) : static_cast<std::uint64_t>(t);
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%s%llu.%03lluus", negative ? "-" : "",
                static_cast<unsigned long long>(magnitude / 1000),
                static_cast<unsigned long long>(magnitude % 1000));
  return buffer;
}

std::string format_duration(Time t) {
  struct Unit {
    Time size;
    const char* name;
  };
  constexpr Unit units[] = {{seconds, "s"}, {milliseconds, "ms"}, {microseconds, "us"}};
  for (const Unit& unit : units) {
    if (t < unit.size || t % (unit.size / 1000) != 0) continue;
    // Exact in this unit with at most three decimals.
    std::string text = std::to_string(t / unit.size);
    Time fraction = t % unit.size / (unit.size / 1000);
    if (fraction != 0) {
      char digits[24];
      std::snprintf(digits, sizeof digits, "%03lld", static_cast<long long>(fraction));
      std::string decimals = digits;
      while (decimals.back() == '0') decimals.pop_back();
      text += "." + decimals;
    }
    return text + unit.name;
  }
  return std::to_string(t) + "ns";
}

}  // namespace ipcsim::sim
