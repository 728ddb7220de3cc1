#include "tools/scenario/json_report.h"

#include "kernel/signal_names.h"
#include "tools/scenario/json_writer.h"
#include "tools/scenario/report.h"

namespace ipcsim::scenario {
namespace {

void write_counters(JsonWriter& json, const kernel::Counters& counters) {
  json.begin_object();
  json.field("mode_switches", counters.mode_switches());
  for (std::size_t i = 0; i < kernel::counter_count; ++i)
    json.field(kernel::counter_name(static_cast<kernel::Counter>(i)), counters.value[i]);
  json.key("syscalls_by_name").begin_object();
  for (std::size_t i = 0; i < kernel::syscall_count; ++i)
    if (counters.by_syscall[i]) json.field(kernel::syscall_name(static_cast<kernel::Syscall>(i)), counters.by_syscall[i]);
  json.end_object();
  json.key("blocking_by_reason").begin_object();
  for (std::size_t i = 0; i < kernel::block_reason_count; ++i)
    if (counters.by_reason[i])
      json.field(kernel::block_reason_name(static_cast<kernel::BlockReason>(i)), counters.by_reason[i]);
  json.end_object();
  json.end_object();
}

}  // namespace

void write_json_report(std::ostream& out, const Machine& machine, const std::vector<sim::TraceRecord>& trace,
                       const std::vector<Mismatch>& mismatches, int code) {
  const Scenario& scenario = machine.scenario();
  const kernel::Kernel& kernel = machine.kernel();
  JsonWriter json(out);
  json.begin_object();
  json.field("name", scenario.name);
  json.field("about", scenario.about);
  json.field("file", scenario.file);
  json.field("seed", static_cast<std::int64_t>(machine.seed()));
  json.key("kernel").begin_object();
  json.field("cpus", static_cast<std::int64_t>(scenario.kernel.cpus));
  json.field("quantum_ns", scenario.kernel.quantum);
  json.field("link_capacity", scenario.kernel.link_capacity);
  json.end_object();
  json.field("outcome", outcome_text(machine));
  json.field("end_time_ns", kernel.end_time());
  json.field("exit_code", static_cast<std::int64_t>(code));

  json.key("hosts").begin_array();
  kernel::Counters total;
  for (const auto& host : machine.kernels()) {
    const kernel::Counters subtotal = total_counters(*host);
    total += subtotal;
    json.begin_object().field("name", host->host_name).field("address", host->host_address);
    json.key("total");
    write_counters(json, subtotal);
    json.end_object();
  }
  json.end_array();

  json.key("processes").begin_array();
  for (const auto& host : machine.kernels()) {
    for (const auto& process : host->process_table()) {
      if (!process || process->pid() == 1) continue;
      json.begin_object();
      json.field("host", host->host_name);
      json.field("pid", process->pid());
      json.field("name", process->name());
      json.field("parent", process->parent());
      json.field("state", kernel::process_state_name(process->state()));
      if (!process->alive()) {
        json.key("exit").begin_object();
        if (process->exit_signal) json.field("signal", kernel::signal_name(process->exit_signal));
        else json.field("code", static_cast<std::int64_t>(process->exit_code));
        json.end_object();
      }
      json.field("stdout", process->stdout_text);
      json.field("stderr", process->stderr_text);
      json.key("counters");
      write_counters(json, process->counters);
      json.end_object();
    }
  }
  json.end_array();
  json.key("total");
  write_counters(json, total);
  json.field("console", machine.several_hosts() ? machine.cluster().console : kernel.console);

  json.key("lost_messages").begin_array();
  for (const auto& host : machine.kernels())
    for (const auto& lost : host->lost_messages) {
      json.begin_object().field("host", host->host_name).field("time_ns", lost.time).field("where", lost.where);
      json.field("sender", lost.sender).field("body", lost.body).field("why", lost.why).end_object();
    }
  json.end_array();
  json.key("queued_at_end").begin_array();
  for (const auto& queued : machine.queued_at_end())
    json.begin_object().field("where", queued.where).field("sender", queued.sender).field("body", queued.body).end_object();
  json.end_array();

  json.key("blocked").begin_array();
  for (const auto& entry : machine.blocked().blocked) {
    json.begin_object().field("pid", entry.pid).field("name", entry.name).field("call", entry.call);
    json.field("reason", entry.reason).field("object", entry.object).field("line", static_cast<std::int64_t>(entry.line));
    json.field("explanation", entry.explanation).end_object();
  }
  json.end_array();
  json.key("wait_for_cycle").begin_array();
  for (kernel::Pid pid : machine.blocked().cycle) json.value(pid);
  json.end_array();

  json.key("failed_assertions").begin_array();
  for (const auto& failure : machine.assertions().failures) {
    json.begin_object().field("pid", failure.pid).field("process", failure.process);
    json.field("line", static_cast<std::int64_t>(failure.line)).field("message", failure.message).end_object();
  }
  json.end_array();
  json.key("mismatches").begin_array();
  for (const auto& mismatch : mismatches)
    json.begin_object().field("line", static_cast<std::int64_t>(mismatch.where.line)).field("message", mismatch.message).end_object();
  json.end_array();

  json.key("trace").begin_array();
  for (const auto& record : trace) {
    json.begin_object().field("time_ns", record.time).field("cpu", static_cast<std::int64_t>(record.cpu));
    if (!record.host.empty()) json.field("host", record.host);
    json.field("pid", record.pid).field("process", record.process);
    json.field("event", sim::trace_kind_name(record.kind)).field("detail", record.detail).end_object();
  }
  json.end_array();
  json.end_object();
  out << '\n';
}

}  // namespace ipcsim::scenario
