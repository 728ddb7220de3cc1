#pragma once
// Numbers as scenario files and command lines write them (SCENARIO_FORMAT.md
// section 1): C-style integers, durations and sizes. Pure functions, no YAML,
// so the command line (`--seed`, limits) parses exactly as the file does.
#include <cstdint>
#include <optional>
#include <string_view>

#include "sim/time.h"

namespace ipcsim::scenario {

// An integer as in C: optional sign, decimal, a leading 0 for octal (`0600`),
// or 0x for hexadecimal. Surrounding blanks are allowed; nothing else is.
std::optional<std::int64_t> parse_integer(std::string_view text);

// "250ns", "3us", "1.5ms", "2s" (a decimal number, optional blanks, a unit),
// or a bare integer in nanoseconds (read as parse_integer does). Never negative;
// a fraction of a nanosecond is rounded to the nearest one (half up).
std::optional<sim::Time> parse_duration(std::string_view text);

// Like parse_duration, in picoseconds, for `costs.copy_byte` ("0.1ns").
std::optional<std::int64_t> parse_duration_picoseconds(std::string_view text);

// Bytes: a bare integer (read as parse_integer does), or a decimal integer with
// a unit `B`, `KiB`, `MiB` or `GiB`. Never negative.
std::optional<std::int64_t> parse_size(std::string_view text);

}  // namespace ipcsim::scenario
