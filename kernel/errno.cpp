#include "kernel/errno.h"

namespace ipcsim::kernel {

std::string_view errno_name(Errno error) {
  switch (error) {
    case Errno::none: return "";
#define X(identifier, name, number, text) \
  case Errno::identifier: return name;
#include "kernel/errno.def"
#undef X
  }
  return "E?";
}

std::optional<Errno> errno_from_name(std::string_view name) {
#define X(identifier, n, number, text) \
  if (name == n) return Errno::identifier;
#include "kernel/errno.def"
#undef X
  return std::nullopt;
}

}  // namespace ipcsim::kernel
