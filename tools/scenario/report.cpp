#include "tools/scenario/report.h"

#include <cstdio>
#include <string_view>

#include "kernel/signal_names.h"

namespace ipcsim::scenario {
namespace {

using kernel::Counter;

std::string pad(std::string text, std::size_t width, bool right = false) {
  if (text.size() >= width) return text;
  const std::string fill(width - text.size(), ' ');
  return right ? fill + text : text + fill;
}

std::string capacity_text(std::int64_t capacity) {
  return capacity < 0 ? "unbounded" : std::to_string(capacity);
}

std::string scheduler_text(const kernel::KernelConfig& config) {
  switch (config.scheduler) {
    case kernel::SchedulerKind::round_robin: return "round-robin, quantum " + sim::format_duration(config.quantum);
    case kernel::SchedulerKind::fifo: return "fifo";
    case kernel::SchedulerKind::priority: return "priority, quantum " + sim::format_duration(config.quantum);
  }
  return "?";
}

std::string end_text(const kernel::Process& process) {
  if (process.alive()) return std::string(kernel::process_state_name(process.state()));
  if (process.exit_signal) return kernel::signal_name(process.exit_signal);
  return "exit " + std::to_string(process.exit_code);
}

struct Column {
  const char* title;
  Counter counter;
};

constexpr Column columns[] = {
    {"syscalls", Counter::syscalls},
    {"u->k", Counter::user_to_kernel},
    {"k->u", Counter::kernel_to_user},
    {"ctxsw", Counter::context_switches},
    {"blocks", Counter::blocking_events},
    {"sent", Counter::messages_sent},
    {"recv", Counter::messages_received},
    {"bytes", Counter::bytes_copied},
    {"intr", Counter::interrupts},
    {"sig_sent", Counter::signals_sent},
    {"sig_dlv", Counter::signals_delivered},
};

void print_row(std::ostream& out, const std::string& pid, const std::string& name, const std::string& end,
               const kernel::Counters& counters) {
  out << pad(pid, 5, true) << "  " << pad(name, 14) << pad(end, 10) << pad(std::to_string(counters.mode_switches()), 9, true);
  for (const Column& column : columns) out << pad(std::to_string(counters[column.counter]), 9, true);
  out << pad(sim::format_time(counters[Counter::time_blocked]), 14, true) << '\n';
}

}  // namespace

std::string outcome_text(const Machine& machine) {
  const std::string at = sim::format_time(machine.kernel().end_time());
  switch (machine.outcome()) {
    case kernel::RunOutcome::completed: return "every process ended at " + at;
    case kernel::RunOutcome::deadlock: return "deadlock at " + at + ": nothing can run and no event is pending";
    case kernel::RunOutcome::time_limit:
      return "time limit passed (limits.time " + sim::format_duration(machine.scenario().limits.time) + ")";
    case kernel::RunOutcome::step_limit:
      return "step limit passed (limits.steps " + std::to_string(machine.scenario().limits.steps) + ")";
  }
  return "?";
}

void print_header(std::ostream& out, const Machine& machine) {
  const Scenario& scenario = machine.scenario();
  const kernel::KernelConfig& config = scenario.kernel;
  out << "== " << scenario.name << " ==\n";
  if (!scenario.about.empty()) {
    std::string_view about = scenario.about;
    while (!about.empty()) {
      const auto end = about.find('\n');
      out << "   " << about.substr(0, end) << '\n';
      if (end == std::string_view::npos) break;
      about.remove_prefix(end + 1);
    }
  }
  const kernel::Costs& costs = config.costs;
  out << "seed " << machine.seed() << " | cpus " << config.cpus << " | " << scheduler_text(config)
      << " | link capacity " << capacity_text(config.link_capacity) << '\n';
  char copy[32];
  std::snprintf(copy, sizeof copy, "%.3f", static_cast<double>(costs.copy_byte_picoseconds) / 1000.0);
  out << "costs: mode switch " << sim::format_duration(costs.mode_switch) << ", syscall "
      << sim::format_duration(costs.syscall) << ", copy " << copy << "ns/byte, context switch "
      << sim::format_duration(costs.context_switch) << ", interrupt " << sim::format_duration(costs.interrupt)
      << ", user step " << sim::format_duration(costs.user_step) << '\n';
}

void print_trace_record(std::ostream& out, const sim::TraceRecord& record) {
  // With several hosts each line names its host: pids are per host.
  const std::string pid = record.pid ? std::to_string(record.pid) : "-";
  out << pad(sim::format_time(record.time), 14, true) << "  ";
  if (!record.host.empty()) out << pad(record.host, 8) << ' ';
  out << "cpu" << record.cpu << "  " << pad(pid, 4, true) << " " << pad(record.process, 12) << " "
      << pad(std::string(sim::trace_kind_name(record.kind)), 9) << " " << record.detail << '\n';
}

void print_summary(std::ostream& out, const Machine& machine) {
  out << "\n-- " << outcome_text(machine) << " --\n\n";
  out << pad("pid", 5, true) << "  " << pad("process", 14) << pad("end", 10) << pad("modesw", 9, true);
  for (const Column& column : columns) out << pad(column.title, 9, true);
  out << pad("time_blocked", 14, true) << '\n';
  kernel::Counters total;
  for (const auto& host : machine.kernels()) {
    if (machine.several_hosts()) out << "host " << host->host_name << " (" << host->host_address << ")\n";
    for (const auto& process : host->process_table()) {
      if (!process || process->pid() == 1) continue;
      print_row(out, std::to_string(process->pid()), process->name(), end_text(*process), process->counters);
    }
    const kernel::Counters subtotal = total_counters(*host);
    if (machine.several_hosts()) print_row(out, "", "host:" + host->host_name, "", subtotal);
    total += subtotal;
  }
  print_row(out, "", "total", "", total);

  if (machine.several_hosts()) {
    const kernel::Network& network = machine.network();
    out << "network: " << network.deliveries_between_hosts() << " deliveries between hosts, "
        << sim::format_time(network.time_on_the_wire()) << " on the wire in all (latency "
        << sim::format_duration(machine.scenario().kernel.costs.network_latency) << " each)\n";
  }
  out << "\nsystem calls:";
  bool any = false;
  for (std::size_t i = 0; i < kernel::syscall_count; ++i) {
    if (!total.by_syscall[i]) continue;
    out << ' ' << kernel::syscall_name(static_cast<kernel::Syscall>(i)) << ' ' << total.by_syscall[i];
    any = true;
  }
  out << (any ? "\n" : " none\n");
  out << "blocking events by reason:";
  any = false;
  for (std::size_t i = 0; i < kernel::block_reason_count; ++i) {
    if (!total.by_reason[i]) continue;
    out << ' ' << kernel::block_reason_name(static_cast<kernel::BlockReason>(i)) << ' ' << total.by_reason[i];
    any = true;
  }
  out << (any ? "\n" : " none\n");
  // Shared memory: page faults have no column of their own; this line shows
  // them, in runs that had any.
  if (total[Counter::page_faults] != 0) {
    out << "page faults: total " << total[Counter::page_faults] << ';';
    const char* separator = " ";
    for (const auto& host : machine.kernels())
      for (const auto& process : host->process_table()) {
        if (!process || process->pid() == 1 || process->counters[Counter::page_faults] == 0) continue;
        out << separator << (machine.several_hosts() ? host->host_name + " " : std::string()) << "pid "
            << process->pid() << ' ' << process->name() << ' ' << process->counters[Counter::page_faults];
        separator = ", ";
      }
    out << '\n';
  }

  for (const auto& host : machine.kernels())
    for (const auto& lost : host->lost_messages)
      out << "lost message: " << '"' << lost.body << "\" from pid " << lost.sender << " in " << lost.where
          << (machine.several_hosts() ? " on " + host->host_name : std::string()) << " at "
          << sim::format_time(lost.time) << ": " << lost.why << '\n';
  for (const auto& queued : machine.queued_at_end())
    out << "still queued at the end: \"" << queued.body << "\" from pid " << queued.sender << " in " << queued.where
        << '\n';

  const auto& blocked = machine.blocked();
  if (!blocked.blocked.empty()) {
    out << (machine.outcome() == kernel::RunOutcome::deadlock ? "\ndeadlock: every remaining process is blocked\n"
                                                              : "\nblocked when the run stopped:\n");
    for (const auto& entry : blocked.blocked) {
      out << "  " << (entry.host.empty() ? std::string() : entry.host + " ") << "pid " << entry.pid << " "
          << entry.name << ": in " << entry.call << " (" << entry.reason;
      if (!entry.object.empty()) out << " on " << entry.object;
      out << ")";
      if (entry.line) out << " at line " << entry.line;
      out << "; " << entry.explanation << '\n';
    }
    if (!blocked.cycle.empty()) {
      out << "  wait-for cycle:";
      for (kernel::Pid pid : blocked.cycle) out << ' ' << pid << " ->";
      out << ' ' << blocked.cycle.front() << '\n';
    }
  }
  for (const auto& failure : machine.assertions().failures)
    out << machine.scenario().file << ':' << failure.line << ':' << failure.column << ": pid " << failure.pid << ' '
        << failure.process << ": " << failure.message << '\n';
}

void print_verdict(std::ostream& out, const Machine& machine, const std::vector<Mismatch>& mismatches, int code) {
  for (const auto& mismatch : mismatches) {
    out << machine.scenario().file;
    if (mismatch.where.line) out << ':' << mismatch.where.line << ':' << mismatch.where.column;
    out << ": " << mismatch.message << '\n';
  }
  switch (code) {
    case 0: out << "result: every expectation held\n"; break;
    case 1: out << "result: FAILED expectations\n"; break;
    case 3: out << "result: unexpected deadlock\n"; break;
    case 4: out << "result: limit passed\n"; break;
    default: break;
  }
}

}  // namespace ipcsim::scenario
