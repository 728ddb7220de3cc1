#pragma once
// `ipcsim run --json OUT`: the same run as one JSON document, for other tools.
#include "kernel/errno.h"

#include <ostream>
#include <vector>

#include "sim/trace.h"
#include "tools/scenario/boot.h"
#include "tools/scenario/expectations.h"

namespace ipcsim::scenario {

void write_json_report(std::ostream& out, const Machine& machine, const std::vector<sim::TraceRecord>& trace,
                       const std::vector<Mismatch>& mismatches, int code);

}  // namespace ipcsim::scenario
