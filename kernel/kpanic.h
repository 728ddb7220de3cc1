#pragma once
// A broken invariant is a bug in ipcsim, never the user's fault: stop with
// the source location (DESIGN.md "Errors"). A macro rather than
// std::source_location, which clang 14 with libstdc++ 12 lacks.
#include <string_view>

namespace ipcsim::kernel {

[[noreturn]] void kpanic(std::string_view what, const char* file, int line);

}  // namespace ipcsim::kernel

#define KPANIC(what) ::ipcsim::kernel::kpanic((what), __FILE__, __LINE__)
#define KASSERT(condition)             \
  do {                                 \
    if (!(condition)) KPANIC(#condition); \
  } while (false)
