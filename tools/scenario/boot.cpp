#include "tools/scenario/boot.h"

#include "kernel/user/variables.h"

namespace ipcsim::scenario {

Machine::Machine(const Scenario& scenario, std::uint64_t seed) : scenario_(&scenario), seed_(seed) {
  kernel_ = std::make_unique<kernel::Kernel>(scenario.kernel, scenario.limits);
  catalog_ = std::make_unique<user::ProgramCatalog>(log_);
  kernel_->set_program_loader(catalog_.get());
  for (const auto& program : scenario.programs) catalog_->add(program);
  // Declared mailboxes belong to the kernel (root), mode 0666 unless given.
  for (const auto& mailbox : scenario.mailboxes) {
    auto created = kernel_->mailboxes.create(mailbox.name, mailbox.capacity, mailbox.mode, 0, 0);
    (void)created;  // names are unique: the loader checked
  }
  for (const auto& file : scenario.files) {
    using Kind = FileSpec::Kind;
    const auto type = file.kind == Kind::directory ? kernel::FileType::directory
                      : file.kind == Kind::fifo    ? kernel::FileType::fifo
                                                   : kernel::FileType::regular;
    const int mode = file.mode >= 0 ? file.mode : file.kind == Kind::directory ? -1 : 0644;
    auto added = kernel_->files.add_boot_entry(file.path, type, mode, file.owner, file.text);
    (void)added;  // the loader checked that the entries fit together
  }
  // Every boot process exists before any runs; they become ready in file
  // order (section 10). A boot `exec:` is not an exec call: the process
  // simply starts in that program, keeping its name.
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
    kernel::Process& process = kernel_->create_boot_process(spec.name, std::move(image), spec.daemon, spec.priority);
    process.uid = spec.uid;
    if (spec.stdin_text) process.console_input = std::make_shared<kernel::ConsoleInput>(kernel::ConsoleInput{*spec.stdin_text, 0});
  }
}

Machine::~Machine() = default;

kernel::RunOutcome Machine::run(sim::TraceSink* trace) {
  kernel_->set_trace(trace);
  outcome_ = kernel_->run();
  kernel_->set_trace(nullptr);
  blocked_ = kernel::analyze_blocked(*kernel_);
  // Nothing vanishes silently: what is still queued is reported too.
  for (const auto& mailbox : kernel_->mailboxes.all()) {
    if (mailbox->destroyed()) continue;
    for (std::size_t i = 0; i < mailbox->queue.ring.size(); ++i) {
      const auto& message = mailbox->queue.ring.at(i);
      queued_.push_back(QueuedMessage{mailbox->describe(), message.sender, message.body});
    }
  }
  for (const auto& link : kernel_->links.all()) {
    for (kernel::Pid end : {link->low(), link->high()}) {
      auto& queue = link->toward(end);
      if (queue.send_error != kernel::Errno::none) continue;  // already reported lost
      for (std::size_t i = 0; i < queue.ring.size(); ++i) {
        const auto& message = queue.ring.at(i);
        queued_.push_back(QueuedMessage{link->describe() + " toward pid " + std::to_string(end), message.sender,
                                        message.body});
      }
    }
  }
  return outcome_;
}

const kernel::Process* Machine::find(const ProcessKey& key) const {
  const auto& table = kernel_->process_table();
  if (key.name.empty()) {
    if (key.pid < 2 || key.pid >= static_cast<kernel::Pid>(table.size())) return nullptr;
    return table[static_cast<std::size_t>(key.pid)].get();
  }
  const kernel::Process* found = nullptr;
  for (const auto& process : table) {
    if (!process || process->pid() == 1 || process->name() != key.name) continue;
    if (found) return nullptr;  // ambiguous: the pid must be used
    found = process.get();
  }
  return found;
}

}  // namespace ipcsim::scenario
