#include "sim/random.h"

namespace ipcsim::sim {

std::uint64_t Random::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t Random::choose(std::uint64_t count) {
  // Reject the top sliver of the range that would favour small values.
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % count;
  std::uint64_t value = next();
  while (value >= limit) value = next();
  return value % count;
}

}  // namespace ipcsim::sim
