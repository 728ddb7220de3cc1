#include "kernel/kernel.h"

#include "kernel/kpanic.h"
#include "kernel/network.h"  // Network: the own network's destructor

namespace ipcsim::kernel {

Kernel::Kernel(KernelConfig config, Limits limits, std::size_t stack_size, Cluster* cluster)
    : config_(config), limits_(limits), stacks_(stack_size), ready_(config.scheduler == SchedulerKind::priority) {
  cpus_.resize(static_cast<std::size_t>(config_.cpus < 1 ? 1 : config_.cpus));
  for (std::size_t i = 0; i < cpus_.size(); ++i) cpus_[i].index = static_cast<int>(i);
  // A kernel on its own is a host of its own.
  if (!cluster) {
    own_cluster_ = std::make_unique<Cluster>(limits);
    cluster = own_cluster_.get();
  }
  cluster_ = cluster;
  cluster_->add(*this);
  processes_.emplace_back();  // pid 0 is nobody
  // pid 1, init, belongs to the kernel: it never runs a program, adopts
  // orphans and reaps zombies without system calls (SCENARIO_FORMAT section 7).
  processes_.push_back(std::make_unique<Process>(*this, 1, 0, "init"));
  processes_.back()->uid = 0;
}

Kernel::~Kernel() {
  shutdown();
  // The other hosts may still unwind their processes: nothing of this one
  // may be looked at any more.
  cluster_->remove(*this);
}

Process* Kernel::find(Pid pid) const {
  if (pid < 1 || pid >= static_cast<Pid>(processes_.size())) return nullptr;
  return processes_[static_cast<std::size_t>(pid)].get();
}

KResult<Process*> Kernel::find_by_name(std::string_view name) const {
  auto history = name_history_.find(name);
  if (history == name_history_.end()) return Errno::esrch;
  Process* bearer = nullptr;
  for (Pid pid : history->second) {
    Process* candidate = find(pid);
    if (candidate->name() != name || candidate->state() == ProcessState::reaped) continue;
    if (bearer && bearer != candidate) return Errno::einval;  // several bear it at once
    bearer = candidate;
  }
  if (bearer) return bearer;
  // None bears it now: the last that bore it, which has ended.
  return find(history->second.back());
}

KResult<Process*> Kernel::resolve(ProcessSelector who) const {
  if (!who.name.empty()) return find_by_name(who.name);
  Process* process = find(who.pid);
  if (!process || process->pid() == 1) return Errno::esrch;
  return process;
}

void Kernel::rename(Process& process, std::string name) {
  if (process.name_ == name) return;
  process.name_ = std::move(name);
  auto& history = name_history_[process.name_];
  if (history.empty() || history.back() != process.pid()) history.push_back(process.pid());
}

Process& Kernel::make_process(Pid parent, std::string name, std::unique_ptr<ProcessImage> image) {
  const auto pid = static_cast<Pid>(processes_.size());
  processes_.push_back(std::make_unique<Process>(*this, pid, parent, name));
  Process& process = *processes_.back();
  process.image_ = std::move(image);
  name_history_[name].push_back(pid);
  ++live_count_;
  ++existing_count_;
  return process;
}

Process& Kernel::create_boot_process(std::string name, std::unique_ptr<ProcessImage> image, bool daemon,
                                     int priority) {
  Process& process = make_process(1, std::move(name), std::move(image));
  process.daemon = daemon;
  process.priority = priority;  // before it is queued: the ready queue orders by it
  if (!daemon) ++live_non_daemons_;
  open_console(process, nullptr);
  make_ready(process, 0);
  return process;
}

void Kernel::trace(const Process& process, sim::TraceKind kind, std::string detail) {
  if (!trace_) return;
  const int cpu = process.cpu_ ? process.cpu_->index : (running_cpu_ ? running_cpu_->index : 0);
  trace_->record(sim::TraceRecord{now_, cpu, process.pid(), process.name(),
                                  cluster_->several_hosts() ? host_name : std::string(), kind, std::move(detail)});
}

void Kernel::trace_kernel(sim::TraceKind kind, std::string detail) {
  if (!trace_) return;
  trace_->record(sim::TraceRecord{now_, running_cpu_ ? running_cpu_->index : 0, 0, "kernel",
                                  cluster_->several_hosts() ? host_name : std::string(), kind, std::move(detail)});
}

void Kernel::report_lost(std::string where, const Message& message, std::string why) {
  if (shutting_down_) return;  // the run is over and reported; unwinding loses nothing new
  if (trace_) {
    std::string detail = "message \"" + message.body + "\" from pid " + std::to_string(message.sender) + " in " +
                         where + " lost: " + why;
    trace_kernel(sim::TraceKind::note, std::move(detail));
  }
  lost_messages.push_back(LostMessage{now_, std::move(where), message.sender, message.body, std::move(why)});
}

void Kernel::schedule_event(Time at, Process& process, EventKind kind) {
  cluster_->events().schedule(at, *this, static_cast<std::uint64_t>(process.pid()) << 1 | static_cast<std::uint64_t>(kind));
  if (running_cpu_) running_cpu_->horizon = horizon_for(*running_cpu_);
}

void Kernel::on_event(std::uint64_t argument) {
  // Events are never cancelled: a stale one (the sleeper was woken
  // otherwise or killed, the alarm was reset) no longer matches its process.
  Process* process = find(static_cast<Pid>(argument >> 1));
  if (!process || !process->alive()) return;
  if (static_cast<EventKind>(argument & 1) == EventKind::sleep_end) {
    if (process->waiting_on_ == &process->sleep_queue && process->sleep_deadline_ == now_) wake(*process);
    return;
  }
  if (process->alarm_deadline != now_) return;
  // SIGALRM counts as sent by the process that set the alarm (section 10).
  process->alarm_deadline = 0;
  process->alarm_rang = true;
  process->counters[Counter::signals_sent] += 1;
  send_signal(*process, signal_alarm);
}

}  // namespace ipcsim::kernel
