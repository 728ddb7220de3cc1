#pragma once
// What `ipcsim run` prints: a header, the timeline, a summary of every
// counter per process and in total, and what the run ended with.
#include "kernel/errno.h"

#include <ostream>
#include <string>
#include <vector>

#include "sim/trace.h"
#include "tools/scenario/boot.h"
#include "tools/scenario/expectations.h"

namespace ipcsim::scenario {

std::string outcome_text(const Machine& machine);
void print_header(std::ostream& out, const Machine& machine);
void print_trace_record(std::ostream& out, const sim::TraceRecord& record);
void print_summary(std::ostream& out, const Machine& machine);
void print_verdict(std::ostream& out, const Machine& machine, const std::vector<Mismatch>& mismatches, int code);

// Streams each record as it happens (the timeline of `ipcsim run`).
class TracePrinter final : public sim::TraceSink {
 public:
  explicit TracePrinter(std::ostream& out) : out_(&out) {}
  void record(const sim::TraceRecord& record) override { print_trace_record(*out_, record); }

 private:
  std::ostream* out_;
};

}  // namespace ipcsim::scenario
