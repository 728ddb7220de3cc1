#include "tools/scenario/boot.h"

#include "kernel/user/variables.h"

namespace ipcsim::scenario {

namespace {

kernel::FileType file_type(FileSpec::Kind kind) {
  switch (kind) {
    case FileSpec::Kind::directory: return kernel::FileType::directory;
    case FileSpec::Kind::fifo: return kernel::FileType::fifo;
    case FileSpec::Kind::regular: break;
  }
  return kernel::FileType::regular;
}

}  // namespace

Machine::Machine(const Scenario& scenario, std::uint64_t seed) : scenario_(&scenario), seed_(seed) {
  catalog_ = std::make_unique<user::ProgramCatalog>(log_);
  for (const auto& program : scenario.programs) catalog_->add(program);
  cluster_ = std::make_unique<kernel::Cluster>(scenario.limits);
  network_ = std::make_unique<kernel::Network>();
  // One kernel per host, in file order; without `hosts:`, localhost.
  std::vector<HostSpec> hosts = scenario.hosts;
  if (hosts.empty()) hosts.push_back(HostSpec{{}, "localhost", "127.0.0.1"});
  for (const HostSpec& host : hosts) {
    auto kernel = std::make_unique<kernel::Kernel>(scenario.kernel, scenario.limits,
                                                   sim::StackPool::default_stack_size, cluster_.get());
    kernel->host_name = host.name;
    kernel->host_address = host.address;
    kernel->join_network(*network_);
    kernel->set_program_loader(catalog_.get());
    // Mailboxes and files exist on every host, separately (section 4).
    // Declared mailboxes belong to the kernel (root), mode 0666 unless given.
    for (const auto& mailbox : scenario.mailboxes) {
      auto created = kernel->mailboxes.create(mailbox.name, mailbox.capacity, mailbox.mode, 0, 0);
      (void)created;  // names are unique: the loader checked
    }
    for (const auto& file : scenario.files) {
      const int mode = file.mode >= 0 ? file.mode : file.kind == FileSpec::Kind::directory ? -1 : 0644;
      auto added = kernel->files.add_boot_entry(file.path, file_type(file.kind), mode, file.owner, file.text);
      (void)added;  // the loader checked that the entries fit together
    }
    kernels_.push_back(std::move(kernel));
  }
  // Every boot process exists before any runs; they become ready in file
  // order (section 10), on their own host, with pids 2, 3, ... per host. A
  // boot `exec:` is not an exec call: the process simply starts in that
  // program, keeping its name.
  for (const auto& spec : scenario.processes) {
    std::unique_ptr<kernel::ProcessImage> image;
    if (spec.steps) {
      image = catalog_->image_for(spec.steps, {});
    } else {
      std::vector<std::string> args;
      user::Variables none;
      for (const auto& arg : spec.exec_args) {
        auto text = arg.evaluate(none);
        args.push_back(text.ok() ? text.value() : std::string(arg.source()));
      }
      auto loaded = catalog_->load(spec.exec_program, args);
      if (loaded.ok()) image = std::move(loaded.value());
    }
    kernel::Kernel& host = spec.host.empty() ? *kernels_.front() : *kernel_of(spec.host);
    kernel::Process& process = host.create_boot_process(spec.name, std::move(image), spec.daemon, spec.priority);
    process.uid = spec.uid;
    if (spec.stdin_text)
      process.console_input = std::make_shared<kernel::ConsoleInput>(kernel::ConsoleInput{*spec.stdin_text, 0});
  }
}

kernel::Kernel* Machine::kernel_of(std::string_view host) const {
  for (const auto& kernel : kernels_)
    if (kernel->host_name == host) return kernel.get();
  return nullptr;
}

Machine::~Machine() {
  // Every host unwinds its processes while all hosts still exist (a socket
  // may name its peer on another host), then the kernels go.
  for (auto& kernel : kernels_) kernel->shutdown();
}

kernel::RunOutcome Machine::run(sim::TraceSink* trace) {
  for (auto& kernel : kernels_) kernel->set_trace(trace);
  outcome_ = cluster_->run();
  for (auto& kernel : kernels_) kernel->set_trace(nullptr);
  for (const auto& kernel : kernels_) {
    kernel::DeadlockReport report = kernel::analyze_blocked(*kernel);
    for (auto& entry : report.blocked) blocked_.blocked.push_back(std::move(entry));
    if (blocked_.cycle.empty()) blocked_.cycle = std::move(report.cycle);
    record_queued(*kernel);
  }
  return outcome_;
}

void Machine::record_queued(const kernel::Kernel& kernel) {
  const std::string on_host = several_hosts() ? " on " + kernel.host_name : std::string();
  // Nothing vanishes silently: what is still queued is reported too.
  for (const auto& mailbox : kernel.mailboxes.all()) {
    if (mailbox->destroyed()) continue;
    for (std::size_t i = 0; i < mailbox->queue.ring.size(); ++i) {
      const auto& message = mailbox->queue.ring.at(i);
      queued_.push_back(QueuedMessage{mailbox->describe() + on_host, message.sender, message.body});
    }
  }
  for (const auto& link : kernel.links.all()) {
    for (kernel::Pid end : {link->low(), link->high()}) {
      auto& queue = link->toward(end);
      if (queue.send_error != kernel::Errno::none) continue;  // already reported lost
      for (std::size_t i = 0; i < queue.ring.size(); ++i) {
        const auto& message = queue.ring.at(i);
        queued_.push_back(QueuedMessage{link->describe() + " toward pid " + std::to_string(end) + on_host,
                                        message.sender, message.body});
      }
    }
  }
}

const kernel::Process* Machine::find(const ProcessKey& key) const {
  if (key.name.empty()) {
    // A bare pid is on the first host; another host's is HOST/PID (section 7).
    const kernel::Kernel* host = key.host.empty() ? kernels_.front().get() : kernel_of(key.host);
    if (!host) return nullptr;
    const auto& table = host->process_table();
    if (key.pid < 2 || key.pid >= static_cast<kernel::Pid>(table.size())) return nullptr;
    return table[static_cast<std::size_t>(key.pid)].get();
  }
  // Names are unique over every host.
  const kernel::Process* found = nullptr;
  for (const auto& kernel : kernels_)
    for (const auto& process : kernel->process_table()) {
      if (!process || process->pid() == 1 || process->name() != key.name) continue;
      if (found) return nullptr;  // ambiguous: the pid must be used
      found = process.get();
    }
  return found;
}

}  // namespace ipcsim::scenario
