#pragma once
// The one source of randomness: seeded from the scenario file or --seed.
// SplitMix64, chosen because its output is defined bit for bit on every
// platform (std:: distributions are not).
#include <cstdint>

namespace ipcsim::sim {

class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  // A choice point: an integer in [0, count), count > 0, without modulo bias.
  std::uint64_t choose(std::uint64_t count);

 private:
  std::uint64_t state_;
};

}  // namespace ipcsim::sim
