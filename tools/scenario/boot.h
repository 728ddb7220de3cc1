#pragma once
// Boots a scenario: one kernel per host (one, `localhost`, without `hosts:`)
// with the file's settings, its declared mailboxes, files and programs, and
// the boot processes in file order; then runs it and keeps everything
// reports and expectations read.
#include "kernel/errno.h"

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "kernel/deadlock.h"
#include "kernel/kernel.h"
#include "kernel/network.h"
#include "kernel/user/assertion_log.h"
#include "kernel/user/program_catalog.h"
#include "sim/trace.h"
#include "tools/scenario/scenario.h"

namespace ipcsim::scenario {

// A message still in a mailbox or link when the run ended.
struct QueuedMessage {
  std::string where;
  kernel::Pid sender = 0;
  std::string body;
};

class Machine {
 public:
  Machine(const Scenario& scenario, std::uint64_t seed);
  ~Machine();
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

  // Runs to the end, a deadlock or a limit; `trace` may be null.
  kernel::RunOutcome run(sim::TraceSink* trace);

  const Scenario& scenario() const { return *scenario_; }
  std::uint64_t seed() const { return seed_; }
  // The first host's kernel (the only one without `hosts:`).
  kernel::Kernel& kernel() { return *kernels_.front(); }
  const kernel::Kernel& kernel() const { return *kernels_.front(); }
  const std::vector<std::unique_ptr<kernel::Kernel>>& kernels() const { return kernels_; }
  kernel::Kernel* kernel_of(std::string_view host) const;
  bool several_hosts() const { return kernels_.size() > 1; }
  const kernel::Cluster& cluster() const { return *cluster_; }
  const kernel::Network& network() const { return *network_; }
  kernel::RunOutcome outcome() const { return outcome_; }
  const user::AssertionLog& assertions() const { return log_; }
  // Taken when the run ended, before anything is unwound.
  const kernel::DeadlockReport& blocked() const { return blocked_; }
  const std::vector<QueuedMessage>& queued_at_end() const { return queued_; }

  // A process as expectations name it: by its last name where exactly one
  // process has it, or by pid. Null if none.
  const kernel::Process* find(const ProcessKey& key) const;

 private:
  const Scenario* scenario_;
  std::uint64_t seed_;
  void record_queued(const kernel::Kernel& kernel);

  user::AssertionLog log_;
  std::unique_ptr<user::ProgramCatalog> catalog_;
  // The cluster and the network outlive the kernels: they are destroyed first.
  std::unique_ptr<kernel::Cluster> cluster_;
  std::unique_ptr<kernel::Network> network_;
  std::vector<std::unique_ptr<kernel::Kernel>> kernels_;
  kernel::RunOutcome outcome_ = kernel::RunOutcome::completed;
  kernel::DeadlockReport blocked_;
  std::vector<QueuedMessage> queued_;
};

}  // namespace ipcsim::scenario
