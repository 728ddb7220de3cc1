#pragma once
// A broken invariant is a bug in ipcsim, never the user's fault: stop with
// the source location (DESIGN.md "Errors").
#include <source_location>
#include <string_view>

namespace ipcsim::kernel {

[[noreturn]] void kpanic(std::string_view what, std::source_location where = std::source_location::current());

#define KASSERT(condition)                                  \
  do {                                                      \
    if (!(condition)) ::ipcsim::kernel::kpanic(#condition); \
  } while (false)

}  // namespace ipcsim::kernel
