#include "kernel/kpanic.h"

#include <cstdio>
#include <cstdlib>

namespace ipcsim::kernel {

void kpanic(std::string_view what, const char* file, int line) {
  std::fprintf(stderr, "ipcsim: internal error at %s:%d: %.*s\n", file, line, static_cast<int>(what.size()),
               what.data());
  std::abort();
}

}  // namespace ipcsim::kernel
