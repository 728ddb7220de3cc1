// The kernel, processes: fork, wait and exit, init adopting orphans, the
// process limit and the name lookup rules (SCENARIO_FORMAT.md sections 1, 9, 10).
#include "kernel/errno.h"  // first: <cerrno> macros would break the Errno enum

#include <doctest/doctest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kernel/counters.h"
#include "kernel/kernel.h"
#include "kernel/process.h"
#include "kernel/system_calls.h"
#include "kernel/user/libc.h"
#include "tools/scenario/boot.h"
#include "tools/scenario/expectations.h"
#include "tools/scenario/loader.h"

#include "test_support.h"

namespace ipcsim::kernel {
namespace {

namespace libc = user::libc;
using sim::microseconds;
using sim::milliseconds;
using testing::Body;
using testing::count;
using testing::program;
using testing::ShutdownAtEnd;

// User-space helpers: a step boundary before each call or compute, as the
// step interpreter makes one per step (preemption and the engine's horizon
// are taken there).
namespace u {

using testing::u::boundary;
using testing::u::exit;
using testing::u::fork;
using testing::u::getppid;
using testing::u::gone;
using testing::u::sleep;
using testing::u::wait_any;

libc::CallResult wait_pid(Process& p, Pid pid, ChildStatus& status, bool nonblocking = false) {
  return boundary(p) ? libc::wait(p, false, ProcessSelector{{}, pid}, nonblocking, status) : gone();
}

}  // namespace u

TEST_SUITE("kernel") {

// ---- fork, wait, exit ----

TEST_CASE("fork and wait: the parent gets the child's pid and status") {
  Kernel kernel(KernelConfig{}, Limits{});
  std::int64_t forked = -1;
  std::int64_t waited = -1;
  ChildStatus status;
  libc::CallResult again;
  std::int64_t child_sees = -1;
  Process& parent = kernel.create_boot_process("parent", program([&](Process& self) {
    forked = u::fork(self, "child", [&](Process& child) {
      child_sees = u::getppid(child).value;
      u::exit(child, 7);
    }).value;
    waited = u::wait_any(self, status).value;
    again = u::wait_any(self, status);
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(forked == 3);
  CHECK(waited == 3);
  CHECK(status.code == 7);
  CHECK(status.signal == 0);
  CHECK(child_sees == 2);
  CHECK(again.value == -1);
  CHECK(again.error == Errno::echild);
  CHECK(count(parent, "syscalls.fork") == 1);
  CHECK(count(parent, "syscalls.wait") == 2);
  // The parent goes on after fork and reaches wait before the child runs.
  CHECK(count(parent, "blocking.wait") == 1);
  const Process* child = kernel.find(3);
  REQUIRE(child != nullptr);
  CHECK(child->name() == "child");
  CHECK(child->parent() == 2);
  CHECK(child->state() == ProcessState::reaped);
  // The child's first entry into user mode counts; then getppid and exit.
  CHECK(child->counters[Counter::kernel_to_user] == 2);
  CHECK(child->counters[Counter::user_to_kernel] == 2);
  CHECK(child->counters[Counter::syscalls] == 2);
  // SIGCHLD to a parent that is not init counts as sent by the child.
  CHECK(child->counters[Counter::signals_sent] == 1);
}

TEST_CASE("wait with no children fails with ECHILD") {
  Kernel kernel(KernelConfig{}, Limits{});
  libc::CallResult blocking;
  libc::CallResult nonblocking;
  libc::CallResult not_mine;
  Process& p = kernel.create_boot_process("lonely", program([&](Process& self) {
    ChildStatus status;
    blocking = u::wait_any(self, status);
    nonblocking = u::wait_any(self, status, true);
    not_mine = u::wait_pid(self, 3, status);  // a sibling, not a child
  }));
  kernel.create_boot_process("sibling", program([](Process& self) { u::sleep(self, 1 * milliseconds); }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(blocking.error == Errno::echild);
  CHECK(blocking.value == -1);
  CHECK(nonblocking.error == Errno::echild);
  CHECK(not_mine.error == Errno::echild);
  CHECK(p.counters[Counter::blocking_events] == 0);
}

TEST_CASE("nonblocking wait returns 0 while the child runs, then the child's status") {
  Kernel kernel(KernelConfig{}, Limits{});
  libc::CallResult early;
  libc::CallResult later;
  ChildStatus status;
  Pid child = 0;
  Process& p = kernel.create_boot_process("parent", program([&](Process& self) {
    child = u::fork(self, "child", [](Process& c) {
      u::sleep(c, 1 * milliseconds);
      u::exit(c, 3);
    }).value;
    early = u::wait_any(self, status, true);
    later = u::wait_pid(self, child, status);
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(early.ok());
  CHECK(early.value == 0);
  CHECK(later.ok());
  CHECK(later.value == child);
  CHECK(status.code == 3);
  CHECK(count(p, "blocking.wait") == 1);
}

TEST_CASE("wait for a given child skips the others") {
  Kernel kernel(KernelConfig{}, Limits{});
  Pid first = 0;
  Pid second = 0;
  std::vector<std::pair<std::int64_t, int>> results;
  kernel.create_boot_process("parent", program([&](Process& self) {
    first = u::fork(self, "first", [](Process& c) { u::exit(c, 1); }).value;
    second = u::fork(self, "second", [](Process& c) {
      u::sleep(c, 1 * milliseconds);
      u::exit(c, 2);
    }).value;
    ChildStatus status;
    results.emplace_back(u::wait_pid(self, second, status).value, status.code);
    results.emplace_back(u::wait_any(self, status).value, status.code);
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  REQUIRE(results.size() == 2);
  CHECK(results[0] == std::pair<std::int64_t, int>{second, 2});
  CHECK(results[1] == std::pair<std::int64_t, int>{first, 1});
}

TEST_CASE("orphans are adopted by init, which reaps them") {
  Kernel kernel(KernelConfig{}, Limits{});
  std::int64_t parent_seen = -1;
  Pid running_orphan = 0;
  Pid zombie_orphan = 0;
  kernel.create_boot_process("parent", program([&](Process& self) {
    zombie_orphan = u::fork(self, "quick", [](Process& c) { u::exit(c, 0); }).value;
    running_orphan = u::fork(self, "slow", [&](Process& c) {
      u::sleep(c, 1 * milliseconds);
      parent_seen = u::getppid(c).value;
    }).value;
    u::sleep(self, 100 * microseconds);  // "quick" has exited; nobody waits for it
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(parent_seen == 1);
  const Process* slow = kernel.find(running_orphan);
  const Process* quick = kernel.find(zombie_orphan);
  REQUIRE(slow != nullptr);
  REQUIRE(quick != nullptr);
  CHECK(slow->parent() == 1);
  CHECK(slow->state() == ProcessState::reaped);
  CHECK(quick->state() == ProcessState::reaped);
  // SIGCHLD to init is not counted; quick's parent was still alive.
  CHECK(slow->counters[Counter::signals_sent] == 0);
  CHECK(quick->counters[Counter::signals_sent] == 1);
}

TEST_CASE("the process limit makes fork fail with EAGAIN; zombies count, reaped ones do not") {
  Limits limits;
  limits.processes = 2;
  Kernel kernel(KernelConfig{}, limits);
  std::vector<libc::CallResult> forks;
  kernel.create_boot_process("parent", program([&](Process& self) {
    ChildStatus status;
    forks.push_back(u::fork(self, "c", [](Process&) {}));  // 2 exist
    forks.push_back(u::fork(self, "c", [](Process&) {}));  // would be 3
    u::sleep(self, 1 * milliseconds);                      // the child is a zombie now
    forks.push_back(u::fork(self, "c", [](Process&) {}));  // the zombie still counts
    u::wait_any(self, status);                             // reaped
    forks.push_back(u::fork(self, "c", [](Process&) {}));  // room again
    u::wait_any(self, status);
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  REQUIRE(forks.size() == 4);
  CHECK(forks[0].ok());
  CHECK(forks[1].error == Errno::eagain);
  CHECK(forks[1].value == -1);
  CHECK(forks[2].error == Errno::eagain);
  CHECK(forks[3].ok());
  CHECK(forks[3].value == forks[0].value + 1);  // pids are not reused
}

TEST_CASE("exit codes are taken modulo 256") {
  Kernel kernel(KernelConfig{}, Limits{});
  std::vector<int> codes;
  kernel.create_boot_process("parent", program([&](Process& self) {
    for (int code : {257, 256, -1, 255, 300}) {
      u::fork(self, "c", [code](Process& c) { u::exit(c, code); });
      ChildStatus status;
      u::wait_any(self, status);
      codes.push_back(status.code);
    }
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(codes == std::vector<int>{1, 0, 255, 255, 300 % 256});
}

// ---- name lookup ----

TEST_CASE("find_by_name: bearer now, zombies count, last bearer, ESRCH, EINVAL for two bearers") {
  Kernel kernel(KernelConfig{}, Limits{});
  struct Lookup {
    Errno error;
    Pid pid;
  };
  std::vector<Lookup> seen;
  auto look = [&](Process& self, std::string_view name) {
    auto found = self.kernel().find_by_name(name);
    seen.push_back(Lookup{found.error(), found.ok() ? found.value()->pid() : 0});
  };
  Pid w1 = 0, w2 = 0, w3 = 0, g1 = 0, g2 = 0;
  kernel.create_boot_process("looker", program([&](Process& self) {
    ChildStatus status;
    look(self, "solo");    // 0: alive, bears it now
    look(self, "twin");    // 1: two bear it at once
    look(self, "nobody");  // 2: never borne
    w1 = u::fork(self, "worker", [](Process&) {}).value;
    u::wait_any(self, status);
    look(self, "worker");  // 3: w1 has ended and is reaped: the last bearer
    w2 = u::fork(self, "worker", [](Process& c) { u::sleep(c, 1 * milliseconds); }).value;
    look(self, "worker");  // 4: w2 bears it now
    w3 = u::fork(self, "worker", [](Process& c) { u::sleep(c, 2 * milliseconds); }).value;
    look(self, "worker");  // 5: w2 and w3 both bear it
    u::wait_any(self, status);
    u::wait_any(self, status);
    look(self, "worker");  // 6: all ended: the last that bore it
    g1 = u::fork(self, "ghost", [](Process&) {}).value;
    u::sleep(self, 100 * microseconds);
    look(self, "ghost");  // 7: a zombie bears its name
    g2 = u::fork(self, "ghost", [](Process& c) { u::sleep(c, 1 * milliseconds); }).value;
    look(self, "ghost");  // 8: a zombie and a live process: two bearers
    u::wait_any(self, status);
    u::wait_any(self, status);
  }));
  Process& twin_a = kernel.create_boot_process("twin", program([](Process& self) { u::sleep(self, 10 * milliseconds); }));
  kernel.create_boot_process("twin", program([](Process& self) { u::sleep(self, 10 * milliseconds); }));
  Process& solo = kernel.create_boot_process("solo", program([](Process& self) { u::sleep(self, 10 * milliseconds); }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  REQUIRE(seen.size() == 9);
  CHECK(seen[0].error == Errno::none);
  CHECK(seen[0].pid == solo.pid());
  CHECK(seen[1].error == Errno::einval);
  CHECK(seen[2].error == Errno::esrch);
  CHECK(seen[3].error == Errno::none);
  CHECK(seen[3].pid == w1);
  CHECK(seen[4].error == Errno::none);
  CHECK(seen[4].pid == w2);
  CHECK(seen[5].error == Errno::einval);
  CHECK(seen[6].error == Errno::none);
  CHECK(seen[6].pid == w3);
  CHECK(seen[7].error == Errno::none);
  CHECK(seen[7].pid == g1);
  CHECK(seen[8].error == Errno::einval);
  (void)g2;
  (void)twin_a;
  // After the run everyone has ended: a name resolves to its last bearer.
  auto solo_after = kernel.find_by_name("solo");
  REQUIRE(solo_after.ok());
  CHECK(solo_after.value() == &solo);
  CHECK(kernel.find_by_name("nobody").error() == Errno::esrch);
}

TEST_CASE("resolve: a pid names a process, init and unknown pids do not") {
  Kernel kernel(KernelConfig{}, Limits{});
  Process& p = kernel.create_boot_process("p", program([](Process&) {}));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  auto by_pid = kernel.resolve(ProcessSelector{{}, p.pid()});
  REQUIRE(by_pid.ok());
  CHECK(by_pid.value() == &p);
  auto by_name = kernel.resolve(ProcessSelector{"p", 0});
  REQUIRE(by_name.ok());
  CHECK(by_name.value() == &p);
  CHECK(kernel.resolve(ProcessSelector{{}, 1}).error() == Errno::esrch);
  CHECK(kernel.resolve(ProcessSelector{{}, 999}).error() == Errno::esrch);
}

}  // TEST_SUITE

}  // namespace
}  // namespace ipcsim::kernel
