#include "sim/trace.h"

namespace ipcsim::sim {

std::string_view trace_kind_name(TraceKind kind) {
  switch (kind) {
    case TraceKind::start: return "start";
    case TraceKind::syscall: return "syscall";
    case TraceKind::result: return "return";
    case TraceKind::block: return "block";
    case TraceKind::wake: return "wake";
    case TraceKind::dispatch: return "dispatch";
    case TraceKind::preempt: return "preempt";
    case TraceKind::interrupt: return "interrupt";
    case TraceKind::fault: return "fault";
    case TraceKind::signal: return "signal";
    case TraceKind::exit: return "exit";
    case TraceKind::note: return "note";
  }
  return "?";
}

}  // namespace ipcsim::sim
