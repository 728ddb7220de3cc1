#pragma once
// The trace record: one line of a run's timeline. The kernel builds records
// only when a sink is attached, so a run with the trace off pays one branch.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/time.h"

namespace ipcsim::sim {

enum class TraceKind : unsigned char {
  start,        // first entry into user mode
  syscall,      // user -> kernel for a system call
  result,       // kernel -> user with the call's result
  block,        // asleep on a wait queue
  wake,         // made ready again
  dispatch,     // a CPU switches to a process
  preempt,      // switched out involuntarily
  interrupt,    // timer interrupt
  fault,        // page fault: a first touch of a shared page, or SIGSEGV
  signal,       // a signal delivered: handler, default action, stop, continue
  exit,         // process ended
  note,         // anything else the kernel reports (dropped messages, limits)
};

std::string_view trace_kind_name(TraceKind kind);

struct TraceRecord {
  Time time = 0;
  int cpu = 0;
  std::int64_t pid = 0;
  std::string process;  // the process's name at that moment
  std::string host;     // its host, in runs with several hosts (else empty)
  TraceKind kind = TraceKind::note;
  std::string detail;
};

class TraceSink {
 public:
  virtual void record(const TraceRecord& record) = 0;

 protected:
  ~TraceSink() = default;
};

// Keeps every record, for reports that print or serialise the timeline after the run.
class TraceLog final : public TraceSink {
 public:
  void record(const TraceRecord& record) override { records_.push_back(record); }
  const std::vector<TraceRecord>& records() const { return records_; }

 private:
  std::vector<TraceRecord> records_;
};

}  // namespace ipcsim::sim
