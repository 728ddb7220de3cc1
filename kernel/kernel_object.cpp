#include "kernel/kernel_object.h"

namespace ipcsim::kernel {

std::string_view object_kind_name(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::process: return "process";
    case ObjectKind::mailbox: return "mailbox";
    case ObjectKind::link: return "link";
  }
  return "?";
}

}  // namespace ipcsim::kernel
