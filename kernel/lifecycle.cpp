// Process creation and death: fork, exec, exit, kill, and what an ending
// process releases so that nothing it held is silently lost.
#include "kernel/kernel.h"
#include "kernel/kpanic.h"
#include "kernel/signal_names.h"

namespace ipcsim::kernel {

KResult<Process*> Kernel::create_child(Process& parent, std::string name, std::unique_ptr<ProcessImage> image) {
  // Zombies count toward the limit, init does not (SCENARIO_FORMAT section 9);
  // fork past it fails with EAGAIN, as on Linux.
  if (existing_count_ >= limits_.processes) return Errno::eagain;
  Process& child = make_process(parent.pid(), std::move(name), std::move(image));
  child.uid = parent.uid;
  child.priority = parent.priority;
  // A daemon's children are not waited for either: a server's helpers end with it.
  child.daemon = parent.daemon;
  // fork inherits dispositions and the mask, not pending signals.
  child.signals_blocked = parent.signals_blocked;
  if (parent.signal_actions) child.signal_actions = std::make_unique<SignalActions>(*parent.signal_actions);
  // fork shares every open file description (the child's fds count too),
  // the working directory and the terminal's input.
  for (int fd = 0; fd < parent.files.size(); ++fd)
    if (parent.files.get(fd)) child.files.install(fd, parent.files.shared(fd));
  child.cwd = parent.cwd;
  child.console_input = parent.console_input;
  // Shared memory: the child has the parent's attachments (section 3, fork).
  shared_memory.inherit(parent, child);
  if (!child.daemon) ++live_non_daemons_;
  parent.children.push_back(child.pid());
  // The parent goes on; the child waits its turn at the tail (section 10).
  make_ready(child, now_);
  return &child;
}

KResult<std::unique_ptr<ProcessImage>> Kernel::load_program(std::string_view program,
                                                            const std::vector<std::string>& args) {
  if (!loader_) return Errno::enoent;
  return loader_->load(program, args);
}

void Kernel::replace_image(Process& process, std::unique_ptr<ProcessImage> image, std::string name) {
  // The old image unwinds to process_main, which starts this one; exec
  // renames the process to the program's name, as Linux's comm.
  process.next_image_ = std::move(image);
  process.leaving_ = true;
  // exec resets caught signals to their default (the handlers were the old
  // image's code); ignored ones, the mask and pending signals stay.
  if (process.signal_actions)
    for (SignalAction& action : process.signal_actions->by_signal)
      if (action.disposition == Disposition::handler) action = SignalAction{};
  // Shared memory: the old image's attachments go with its address space.
  shared_memory.detach_all(process);
  rename(process, std::move(name));
}

void Kernel::exit_process(Process& process, int code) {
  process.exit_code = code & 0xff;  // modulo 256, as on Linux
  become_zombie(process);
}

void Kernel::kill_process(Process& process, int signal) {
  if (!process.alive() || process.killed_) return;
  process.killed_ = true;
  process.leaving_ = true;
  process.exit_signal = signal;
  if (process.state_ == ProcessState::blocked) wake(process, WaitResult::killed);
}

void Kernel::release_links(Process& process) {
  const std::string why = "receiver " + process.describe() + " ended";
  for (Link* link : process.links) {
    // Messages to the dead process can never be received; its partner may
    // still drain what the dead one sent, then gets ESRCH (section 4).
    end_receiving(*this, link->toward(process.pid()), Errno::esrch, *link, why);
    end_sending(*this, link->toward(link->peer_of(process.pid())), Errno::esrch);
  }
}

void Kernel::become_zombie(Process& process) {
  KASSERT(process.alive());
  process.state_ = ProcessState::zombie;
  process.leaving_ = true;
  process.exit_time = now_;
  --live_count_;
  if (!process.daemon) --live_non_daemons_;
  if (trace_) trace_exit(process);
  // An owner's mailboxes die with it (section 4), waking their waiters with EIDRM.
  while (!process.owned_mailboxes.empty())
    mailboxes.destroy(*this, *process.owned_mailboxes.back(), "owner " + process.describe() + " exited");
  release_links(process);
  // Its fds close before the parent hears of it (Linux's exit_files comes
  // before exit_notify): a reader sees end of file, a writer EPIPE.
  close_all_descriptors(process);
  // Shared memory: exit detaches every attachment, as Linux's exit_mm.
  shared_memory.detach_all(process);

  // Orphans go to init, which reaps any that are already zombies.
  // init keeps no list of its children: it never waits, and a million boot
  // processes would make every reap a linear search.
  for (Pid pid : process.children) {
    Process& child = *find(pid);
    child.parent_ = 1;
    if (child.state_ == ProcessState::zombie) reap_child(child);
  }
  process.children.clear();

  Process& parent = *find(process.parent_);
  if (parent.pid() == 1) {
    reap_child(process);
    return;
  }
  // With SIGCHLD explicitly ignored, children reap themselves (POSIX, as
  // Linux); a parent in wait then finds no child left and gets ECHILD.
  if (signal_action(parent, signal_child).disposition == Disposition::ignore) reap_child(process);
  wake_all(parent.child_exit_queue);
  notify_parent(process);
}

void Kernel::trace_exit(const Process& process) {
  std::string how = process.exit_signal ? "killed by " + signal_name(process.exit_signal)
                                        : "exits with status " + std::to_string(process.exit_code);
  trace(process, sim::TraceKind::exit, std::move(how));
}

void Kernel::reap_child(Process& zombie) {
  KASSERT(zombie.state_ == ProcessState::zombie);
  zombie.state_ = ProcessState::reaped;
  --existing_count_;
  if (zombie.parent_ == 1) return;
  Process& parent = *find(zombie.parent_);
  auto& siblings = parent.children;
  for (auto it = siblings.begin(); it != siblings.end(); ++it)
    if (*it == zombie.pid()) {
      siblings.erase(it);
      break;
    }
}

}  // namespace ipcsim::kernel
