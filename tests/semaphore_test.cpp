// Kernel semaphores (SCENARIO_FORMAT.md section 3 "Shared memory", section
// 10 "Wake-ups"): sem_create, sem_wait, sem_post; FIFO hand-off, EAGAIN,
// EEXIST, ENOENT, EINTR and restart, and the deadlock report.
#include "kernel/errno.h"  // first: <cerrno> macros would break the Errno enum

#include <doctest/doctest.h>

#include <string>

#include "kernel/counters.h"
#include "kernel/deadlock.h"
#include "kernel/process.h"

#include "test_support.h"

namespace ipcsim::kernel {
namespace {

using testing::count;
using testing::holds;
using testing::named;
using testing::run;
using testing::Run;

TEST_SUITE("semaphore") {

TEST_CASE("sem_create: EEXIST for a name in use, EINVAL below 0; unknown names are ENOENT") {
  const Run r = run(R"(
name: names
processes:
  - name: p
    steps:
      - sem_create: {name: s, value: 1, expect: ok}
      - sem_create: {name: s, value: 5, expect: EEXIST}
      - sem_create: {name: t, value: -1, expect: EINVAL}
      - sem_wait: {name: nope, expect: ENOENT}
      - sem_post: {name: nope, expect: ENOENT}
      - sem_wait: s
      - assert: "$ret == 0 && $errno == ''"
  - name: q
    steps:
      - sem_create: {name: s, value: 0, expect: EEXIST}
)");
  holds(r);
}

TEST_CASE("a nonblocking sem_wait with no unit fails with EAGAIN and does not block") {
  const Run r = run(R"(
name: eagain
processes:
  - name: p
    steps:
      - sem_create: {name: s, value: 1}
      - sem_wait: {name: s, nonblocking: true, expect: ok}
      - sem_wait: {name: s, nonblocking: true, expect: EAGAIN}
      - sem_post: s
      - sem_wait: {name: s, nonblocking: true, expect: ok}
)");
  holds(r);
  CHECK(count(named(r, "p"), "blocking_events") == 0);
}

TEST_CASE("waiters wake in FIFO order, and sem_post hands the unit over: the value stays 0") {
  const Run r = run(R"(
name: fifo
processes:
  - name: poster
    steps:
      - sem_create: {name: s, value: 0}
      - sleep: 1ms
      - sem_post: s
      # The unit went to the first waiter, not back into the semaphore.
      - sem_wait: {name: s, nonblocking: true, expect: EAGAIN}
      - sem_post: s
      - sem_post: s
  - name: first
    steps:
      - sem_wait: s
      - print: first
  - name: second
    steps:
      - sem_wait: s
      - print: second
  - name: third
    steps:
      - sem_wait: s
      - print: third
expect:
  console: "first\nsecond\nthird\n"
  counters:
    blocking: {sem.wait: 3}
)");
  holds(r);
  CHECK(count(named(r, "first"), "blocking.sem.wait") == 1);
  CHECK(count(named(r, "first"), "syscalls.sem_wait") == 1);
}

TEST_CASE("a handled signal interrupts sem_wait with EINTR, or restarts it with restart: true") {
  const Run r = run(R"(
name: eintr
processes:
  - name: plain
    steps:
      - signal: {sig: SIGUSR1, handler: []}
      - sem_create: {name: s, value: 0}
      - sem_wait: {name: s, expect: EINTR}
  - name: restarting
    steps:
      - signal: {sig: SIGUSR1, handler: [], restart: true}
      - sem_wait: {name: s, expect: ok}
  - name: sender
    steps:
      - sleep: 1ms
      - kill: {pid: plain, sig: SIGUSR1}
      - kill: {pid: restarting, sig: SIGUSR1}
      - sleep: 1ms
      - sem_post: s
)");
  holds(r);
  CHECK(count(named(r, "plain"), "syscalls.sem_wait") == 1);
  CHECK(count(named(r, "restarting"), "syscalls.sem_wait") == 2);  // made again after the handler
  CHECK(count(named(r, "restarting"), "blocking.sem.wait") == 2);
}

TEST_CASE("a process killed in sem_wait leaves the queue; the next waiter gets the unit") {
  const Run r = run(R"(
name: killed waiter
processes:
  - name: victim
    steps:
      - sem_create: {name: s, value: 0}
      - sem_wait: s
      - print: never
  - name: next
    steps:
      - sem_wait: s
      - print: next got it
  - name: killer
    steps:
      - sleep: 1ms
      - kill: {pid: victim, sig: SIGTERM}
      - sem_post: s
expect:
  exit: {victim: SIGTERM, next: 0}
  console: "next got it\n"
)");
  holds(r);
}

TEST_CASE("processes blocked in sem_wait with nobody to post are a deadlock, explained") {
  const Run r = run(R"(
name: stuck
processes:
  - name: a
    steps:
      - sem_create: {name: s, value: 0}
      - sem_wait: s
  - name: b
    steps:
      - sem_wait: s
expect:
  deadlock: true
)");
  CHECK(r.outcome == RunOutcome::deadlock);
  const DeadlockReport report = analyze_blocked(r.machine->kernel());
  REQUIRE(report.blocked.size() == 2);
  for (const BlockedProcess& entry : report.blocked) {
    CHECK(entry.reason == "sem.wait");
    CHECK(entry.call == "sem_wait");
    CHECK(entry.object == "semaphore s");
    CHECK(entry.explanation.find("sem_post") != std::string::npos);
  }
}

}  // TEST_SUITE

}  // namespace
}  // namespace ipcsim::kernel
