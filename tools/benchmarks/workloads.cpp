#include "tools/benchmarks/workloads.h"

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "kernel/kernel.h"
#include "kernel/kpanic.h"
#include "kernel/user/libc.h"

namespace ipcsim::bench {
namespace {

using kernel::Kernel;
using kernel::MailboxSelector;
using kernel::Process;
namespace libc = user::libc;

// A program written in code against the libc stubs, like a built-in program.
class CodeImage final : public kernel::ProcessImage {
 public:
  using Body = void (*)(Process& self, std::int64_t argument);
  CodeImage(Body body, std::int64_t argument) : body_(body), argument_(argument) {}
  void run(Process& self) override { body_(self, argument_); }

 private:
  Body body_;
  std::int64_t argument_;
};

std::unique_ptr<kernel::ProcessImage> image(CodeImage::Body body, std::int64_t argument) {
  return std::make_unique<CodeImage>(body, argument);
}

constexpr MailboxSelector mailbox(std::int64_t id) { return MailboxSelector{{}, id}; }

void require(bool condition, const char* what) {
  if (!condition) KPANIC(what);
}

// Times making the processes and running them to the end: for spawn, making
// a million processes is half of what is measured.
template <typename Setup>
Figures measure(Kernel& kernel, Setup&& setup) {
  const auto start = std::chrono::steady_clock::now();
  setup();
  const auto outcome = kernel.run();
  const auto stop = std::chrono::steady_clock::now();
  require(outcome == kernel::RunOutcome::completed, "benchmark workload did not complete");
  Figures figures;
  figures.seconds = std::chrono::duration<double>(stop - start).count();
  for (const auto& process : kernel.process_table()) {
    if (!process || process->pid() == 1) continue;
    figures.syscalls += process->counters[kernel::Counter::syscalls];
    figures.messages += process->counters[kernel::Counter::messages_received];
  }
  return figures;
}

// Mailboxes get ids 1, 2, ... in the order they are made.
void add_mailbox(Kernel& kernel, const char* name) {
  require(kernel.mailboxes.create(name, kernel::unbounded, 0666, 0, 0).ok(), "mailbox not created");
}

kernel::Limits generous_limits(std::int64_t processes) {
  kernel::Limits limits;
  limits.time = sim::time_never - 1;
  limits.steps = UINT64_MAX;
  limits.processes = static_cast<std::uint64_t>(processes) + 16;
  return limits;
}

}  // namespace

Figures run_syscalls(std::int64_t calls) {
  Kernel kernel(kernel::KernelConfig{}, generous_limits(1));
  add_mailbox(kernel, "loop");
  return measure(kernel, [&] {
    kernel.create_boot_process("caller", image([](Process& self, std::int64_t n) {
      std::string body;
      kernel::Pid sender = 0;
      for (std::int64_t i = 0; i < n / 2; ++i) {
        require(libc::send(self, mailbox(1), "ping", {}).ok(), "send failed");
        require(libc::receive(self, mailbox(1), true, body, sender).ok(), "receive failed");
      }
    }, calls));
  });
}

Figures run_ping_pong(std::int64_t round_trips) {
  Kernel kernel(kernel::KernelConfig{}, generous_limits(2));
  add_mailbox(kernel, "ping");
  add_mailbox(kernel, "pong");
  return measure(kernel, [&] {
    kernel.create_boot_process("client", image([](Process& self, std::int64_t n) {
      std::string reply;
      kernel::Pid sender = 0;
      for (std::int64_t i = 0; i < n; ++i) {
        require(libc::send(self, mailbox(1), "request", {}).ok(), "send failed");
        require(libc::receive(self, mailbox(2), false, reply, sender).ok(), "receive failed");
      }
    }, round_trips));
    kernel.create_boot_process("server", image([](Process& self, std::int64_t n) {
      std::string request;
      kernel::Pid sender = 0;
      for (std::int64_t i = 0; i < n; ++i) {
        require(libc::receive(self, mailbox(1), false, request, sender).ok(), "receive failed");
        require(libc::send(self, mailbox(2), "reply", {}).ok(), "send failed");
      }
    }, round_trips));
  });
}

Figures run_pipe_ping_pong(std::int64_t round_trips) {
  Kernel kernel(kernel::KernelConfig{}, generous_limits(2));
  Figures figures = measure(kernel, [&] {
    kernel.create_boot_process("parent", image([](Process& self, std::int64_t n) {
      // Requests go down pipe [3, 4], replies come back up pipe [5, 6].
      int down[2];
      int up[2];
      require(libc::pipe(self, down).ok() && libc::pipe(self, up).ok(), "pipe failed");
      require(libc::fork(self, "child", image([](Process& child, std::int64_t count) {
        std::string request;
        for (std::int64_t i = 0; i < count; ++i) {
          require(libc::read(child, 3, 8, request).value == 8, "child read failed");
          require(libc::write(child, 6, "response").value == 8, "child write failed");
        }
      }, n)).ok(), "fork failed");
      std::string reply;
      for (std::int64_t i = 0; i < n; ++i) {
        require(libc::write(self, down[1], "request!").value == 8, "write failed");
        require(libc::read(self, up[0], 8, reply).value == 8, "read failed");
      }
      kernel::ChildStatus status;
      require(libc::wait(self, true, {}, false, status).ok(), "wait failed");
    }, round_trips));
  });
  figures.messages = round_trips;
  return figures;
}

Figures run_fan_in(std::int64_t senders, std::int64_t each) {
  kernel::KernelConfig config;
  config.scheduler = kernel::SchedulerKind::fifo;
  Kernel kernel(config, generous_limits(senders + 1), 2 * 1024);
  add_mailbox(kernel, "sink");
  return measure(kernel, [&] {
    kernel.create_boot_process("receiver", image([](Process& self, std::int64_t total) {
      std::string body;
      kernel::Pid sender = 0;
      for (std::int64_t i = 0; i < total; ++i)
        require(libc::receive(self, mailbox(1), false, body, sender).ok(), "receive failed");
    }, senders * each));
    for (std::int64_t s = 0; s < senders; ++s) {
      kernel.create_boot_process("sender", image([](Process& self, std::int64_t n) {
        for (std::int64_t i = 0; i < n; ++i) require(libc::send(self, mailbox(1), "item", {}).ok(), "send failed");
      }, each));
    }
  });
}

Figures run_spawn(std::int64_t count) {
  kernel::KernelConfig config;
  config.scheduler = kernel::SchedulerKind::fifo;
  // Small stacks: a process blocked in receive uses about 1.1KiB of its 2KiB;
  // the canary catches an overflow at the next switch.
  Kernel kernel(config, generous_limits(count + 1), 2 * 1024);
  add_mailbox(kernel, "gate");
  Figures figures = measure(kernel, [&] {
    for (std::int64_t i = 0; i < count; ++i) {
      kernel.create_boot_process("waiter", image([](Process& self, std::int64_t) {
        std::string body;
        kernel::Pid sender = 0;
        require(libc::receive(self, mailbox(1), false, body, sender).ok(), "receive failed");
      }, 0));
    }
    // Last in the ready queue: by the time it runs, every waiter is blocked.
    kernel.create_boot_process("releaser", image([](Process& self, std::int64_t n) {
      require(self.kernel().mailboxes.find(1).value()->queue.receivers.size() == static_cast<std::size_t>(n),
              "not every waiter was blocked in receive at once");
      for (std::int64_t i = 0; i < n; ++i) require(libc::send(self, mailbox(1), "go", {}).ok(), "send failed");
    }, count));
  });
  figures.processes = count;
  return figures;
}

}  // namespace ipcsim::bench
