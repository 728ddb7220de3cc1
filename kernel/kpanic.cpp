#include "kernel/kpanic.h"

#include <cstdio>
#include <cstdlib>

namespace ipcsim::kernel {

void kpanic(std::string_view what, std::source_location where) {
  std::fprintf(stderr, "ipcsim: internal error at %s:%u: %.*s\n", where.file_name(),
               static_cast<unsigned>(where.line()), static_cast<int>(what.size()), what.data());
  std::abort();
}

}  // namespace ipcsim::kernel
