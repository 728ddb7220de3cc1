// Scaffolding shared by the unit tests: programs written as C++ lambdas,
// shutting a kernel down at the end of a test, user-space helpers with a step
// boundary before each call, what a receive returned, scenarios run through
// scenario::Machine, and reading processes and counters.
#pragma once

#include "kernel/errno.h"  // first: <cerrno> macros would break the Errno enum

#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kernel/counters.h"
#include "kernel/kernel.h"
#include "kernel/mailbox.h"
#include "kernel/process.h"
#include "kernel/system_calls.h"
#include "kernel/user/libc.h"
#include "sim/time.h"
#include "sim/trace.h"
#include "tools/scenario/boot.h"
#include "tools/scenario/expectations.h"
#include "tools/scenario/loader.h"

namespace ipcsim::testing {

namespace libc = user::libc;
using kernel::Errno;
using kernel::Kernel;
using kernel::Pid;
using kernel::Process;
using Body = std::function<void(Process&)>;

// A program written in C++ against the libc stubs.
class FnImage final : public kernel::ProcessImage {
 public:
  explicit FnImage(Body body) : body_(std::move(body)) {}
  void run(Process& self) override { body_(self); }

 private:
  Body body_;
};

inline std::unique_ptr<kernel::ProcessImage> program(Body body) { return std::make_unique<FnImage>(std::move(body)); }

inline std::string describe(const std::vector<scenario::Mismatch>& mismatches) {
  std::string text;
  for (const auto& m : mismatches) text += "line " + std::to_string(m.where.line) + ": " + m.message + "\n";
  return text;
}

// Ends the processes still alive (a deadlock, a failed check) while the
// test's variables they write to still exist: declared after them.
class ShutdownAtEnd {
 public:
  explicit ShutdownAtEnd(Kernel& kernel) : kernel_(&kernel) {}
  ~ShutdownAtEnd() { kernel_->shutdown(); }
  ShutdownAtEnd(const ShutdownAtEnd&) = delete;
  ShutdownAtEnd& operator=(const ShutdownAtEnd&) = delete;

 private:
  Kernel* kernel_;
};

// What a receive returned.
struct Got {
  Errno error = Errno::none;
  std::string body;
  Pid sender = 0;
  bool operator==(const Got&) const = default;
};

inline Got ok(std::string body, Pid sender) { return Got{Errno::none, std::move(body), sender}; }
inline Got failed(Errno error) { return Got{error, {}, 0}; }

inline std::ostream& operator<<(std::ostream& out, const Got& got) {
  if (got.error == Errno::none) return out << "ok \"" << got.body << "\" from " << got.sender;
  return out << kernel::errno_name(got.error);
}

inline std::ostream& operator<<(std::ostream& out, const std::vector<Got>& all) {
  out << "[";
  for (std::size_t i = 0; i < all.size(); ++i) out << (i ? ", " : "") << all[i];
  return out << "]";
}

// User-space helpers: a step boundary before each call or compute, as the
// step interpreter makes one per step (preemption and the engine's horizon
// are taken there). A test file takes the ones it uses with using-declarations
// into its own namespace u, beside helpers of its own.
namespace u {

inline bool boundary(Process& p) {
  p.kernel().begin_step(p, false);
  return !p.must_leave();
}
inline libc::CallResult gone() { return libc::CallResult{-1, Errno::eintr}; }

inline libc::CallResult write(Process& p, std::string_view text) {
  return boundary(p) ? libc::write(p, 1, text) : gone();
}
inline void exit(Process& p, int code) {
  if (boundary(p)) libc::exit(p, code);
}
inline libc::CallResult sleep(Process& p, sim::Time d) { return boundary(p) ? libc::sleep(p, d) : gone(); }
inline libc::CallResult getppid(Process& p) { return boundary(p) ? libc::getppid(p) : gone(); }
inline libc::CallResult fork(Process& p, std::string name, Body body) {
  return boundary(p) ? libc::fork(p, std::move(name), program(std::move(body))) : gone();
}
inline libc::CallResult wait_any(Process& p, kernel::ChildStatus& status, bool nonblocking = false) {
  return boundary(p) ? libc::wait(p, true, kernel::ProcessSelector{}, nonblocking, status) : gone();
}

inline kernel::SendOptions options(bool nonblocking, bool wait_received = false) {
  return kernel::SendOptions{nonblocking, wait_received};
}
inline Errno send_box(Process& p, std::string_view box, std::string_view body, kernel::SendOptions o = {}) {
  return boundary(p) ? libc::send(p, kernel::MailboxSelector{box, 0}, body, o).error : Errno::eintr;
}
inline Errno send_to(Process& p, std::string_view to, std::string_view body, kernel::SendOptions o = {}) {
  return boundary(p) ? libc::send(p, kernel::ProcessSelector{to, 0}, body, o).error : Errno::eintr;
}
inline Got receive_box(Process& p, std::string_view box, bool nonblocking = false) {
  if (!boundary(p)) return failed(Errno::eintr);
  Got got;
  got.error = libc::receive(p, kernel::MailboxSelector{box, 0}, nonblocking, got.body, got.sender).error;
  if (got.error != Errno::none) return failed(got.error);
  return got;
}
inline Got receive_from(Process& p, std::string_view from, bool nonblocking = false) {
  if (!boundary(p)) return failed(Errno::eintr);
  Got got;
  got.error = libc::receive(p, kernel::ProcessSelector{from, 0}, false, nonblocking, got.body, got.sender).error;
  if (got.error != Errno::none) return failed(got.error);
  return got;
}

}  // namespace u

// A kernel-owned mailbox, as `mailboxes:` declares them (root, 0666).
inline kernel::Mailbox& declare(Kernel& kernel, std::string name, std::int64_t capacity) {
  auto made = kernel.mailboxes.create(std::move(name), capacity, 0666, 0, 0);
  REQUIRE(made.ok());
  return *made.value();
}

// A process's counter by name; the counter must exist.
inline std::int64_t count(const Process& p, std::string_view name) {
  auto value = p.counters.find(name);
  REQUIRE_MESSAGE(value.has_value(), "no counter " << name);
  return *value;
}

// The process of a scenario named `name`; it must exist.
inline const Process& named(const scenario::Machine& machine, const std::string& name) {
  const Process* p = machine.find(scenario::ProcessKey{{}, name, 0, {}});
  REQUIRE_MESSAGE(p != nullptr, "no process named " << name);
  return *p;
}

// A scenario loaded and run to its end.
struct Run {
  std::unique_ptr<scenario::Scenario> scenario;
  std::unique_ptr<scenario::Machine> machine;
  kernel::RunOutcome outcome = kernel::RunOutcome::completed;
};

inline Run run(std::string_view yaml, sim::TraceSink* trace = nullptr, const std::string& file = "signals.yaml") {
  Run r;
  scenario::LoadResult loaded = scenario::load_scenario_text(yaml, file);
  if (loaded.error) FAIL(loaded.error->to_string());
  REQUIRE(loaded.scenario.has_value());
  r.scenario = std::make_unique<scenario::Scenario>(std::move(*loaded.scenario));
  r.machine = std::make_unique<scenario::Machine>(*r.scenario, 1);
  r.outcome = r.machine->run(trace);
  return r;
}

// Every `assert`/`expect` step held and the file's own expect: block holds.
inline void holds(const Run& r) {
  std::string text;
  for (const auto& f : r.machine->assertions().failures)
    text += f.process + " line " + std::to_string(f.line) + ": " + f.message + "\n";
  const auto mismatches = scenario::check_expectations(*r.machine);
  for (const auto& m : mismatches) text += "expect line " + std::to_string(m.where.line) + ": " + m.message + "\n";
  INFO(text);
  CHECK(r.outcome == kernel::RunOutcome::completed);
  CHECK(r.machine->assertions().failures.empty());
  CHECK(mismatches.empty());
  CHECK(scenario::exit_code(*r.machine, mismatches) == 0);
}

inline const Process& named(const Run& r, const std::string& name) { return named(*r.machine, name); }

inline std::int64_t sent(const Process& p) { return p.counters[kernel::Counter::signals_sent]; }
inline std::int64_t delivered(const Process& p) { return p.counters[kernel::Counter::signals_delivered]; }

}  // namespace ipcsim::testing
