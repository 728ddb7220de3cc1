// Signals, part 2: default actions, SIGCHLD, fork and exec, killing blocked
// processes, alarm and pause (part 1 is signals_test.cpp).
// Signals (SCENARIO_FORMAT.md section 3 "Signals", sections 6 and 10;
// DESIGN.md "What is counted"). One case per rule; every expected number is
// derived from those rules, not copied from the simulator's output. Most
// cases are whole scenarios run through scenario::Machine: their `expect:`
// steps and `assert`s check what user code sees, the C++ checks the counters.
#include "kernel/errno.h"  // first: <cerrno> macros would break the Errno enum

#include <doctest/doctest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "kernel/counters.h"
#include "kernel/kernel.h"
#include "kernel/process.h"
#include "sim/trace.h"
#include "tools/scenario/boot.h"
#include "tools/scenario/expectations.h"
#include "tools/scenario/loader.h"

#include "test_support.h"

namespace ipcsim::kernel {
namespace {

using sim::milliseconds;
using testing::count;
using testing::delivered;
using testing::holds;
using testing::named;
using testing::run;
using testing::Run;
using testing::sent;

TEST_SUITE("signals") {

// ---- default actions ----

TEST_CASE("SIGTERM, SIGUSR1, SIGALRM, SIGSEGV and SIGQUIT terminate by default; wait reports the signal") {
  const Run r = run(R"(
name: fatal defaults
processes:
  - name: parent
    steps:
      - fork: {name: term, steps: [{sleep: 10ms}, {print: survived}]}
      - set: {term: $ret}
      - fork: {name: usr1, steps: [{sleep: 10ms}, {print: survived}]}
      - set: {usr1: $ret}
      - fork: {name: alrm, steps: [{sleep: 10ms}, {print: survived}]}
      - set: {alrm: $ret}
      - fork: {name: segv, steps: [{sleep: 10ms}, {print: survived}]}
      - set: {segv: $ret}
      - fork: {name: quit, steps: [{sleep: 10ms}, {print: survived}]}
      - set: {quit: $ret}
      - sleep: 1ms
      - kill: {pid: $term, sig: SIGTERM}
      - kill: {pid: $usr1, sig: SIGUSR1}
      - kill: {pid: $alrm, sig: SIGALRM}
      - kill: {pid: $segv, sig: SIGSEGV}
      - kill: {pid: $quit, sig: SIGQUIT}
      - wait: {pid: $term, into: s1}
      - assert: "$s1.signal == 'SIGTERM'"
      - wait: {pid: $usr1, into: s2}
      - assert: "$s2.signal == 'SIGUSR1'"
      - wait: {pid: $alrm, into: s3}
      - assert: "$s3.signal == 'SIGALRM'"
      - wait: {pid: $segv, into: s4}
      - assert: "$s4.signal == 'SIGSEGV'"
      - wait: {pid: $quit, into: s5}
      - assert: "$s5.signal == 'SIGQUIT'"
expect:
  exit: {parent: 0, term: SIGTERM, usr1: SIGUSR1, alrm: SIGALRM, segv: SIGSEGV, quit: SIGQUIT}
  console: ""
)");
  holds(r);
  CHECK(sent(named(r, "parent")) == 5);
  for (const char* name : {"term", "usr1", "alrm", "segv", "quit"}) {
    CAPTURE(name);
    const Process& child = named(r, name);
    CHECK(child.exit_signal != 0);
    CHECK(delivered(child) == 1);      // a default action that terminates is delivered
    CHECK(child.exit_time < 10 * milliseconds);
  }
  CHECK(named(r, "segv").exit_signal == 11);
  CHECK(named(r, "quit").exit_signal == 3);
}

TEST_CASE("SIGCHLD, SIGURG and SIGWINCH are ignored by default: discarded, not delivered") {
  const Run r = run(R"(
name: ignored defaults
processes:
  - name: t
    steps:
      - sleep: {time: 1ms, expect: ok}
      - print: alive
  - name: s
    steps:
      - kill: {pid: t, sig: SIGCHLD}
      - kill: {pid: t, sig: SIGURG}
      - kill: {pid: t, sig: SIGWINCH}
expect:
  exit: {t: 0, s: 0}
  stdout: {t: "alive\n"}
)");
  holds(r);
  const Process& t = named(r, "t");
  CHECK(delivered(t) == 0);
  CHECK(t.counters[Counter::time_blocked] == 1 * milliseconds);
  CHECK(count(t, "blocking.sleep") == 1);
  CHECK(sent(named(r, "s")) == 3);
}

TEST_CASE("SIGSTOP stops (blocking reason stopped) and SIGCONT continues") {
  // t's sleep is not interrupted: it ends at 1ms, the stop is taken on its
  // way back to user mode, and t waits stopped until c sends SIGCONT at 3ms.
  const Run r = run(R"(
name: stop and continue
processes:
  - name: t
    steps:
      - sleep: {time: 1ms, expect: ok}
      - print: t
  - name: c
    steps:
      - kill: {pid: t, sig: SIGSTOP}
      - sleep: 3ms
      - kill: {pid: t, sig: SIGCONT}
      - print: sent
expect:
  exit: {t: 0, c: 0}
  console: "sent\nt\n"
)");
  holds(r);
  const Process& t = named(r, "t");
  CHECK(count(t, "blocking.stopped") == 1);
  CHECK(count(t, "blocking.sleep") == 1);
  CHECK(delivered(t) == 2);  // stopping and continuing are both default actions acted on
  CHECK(t.exit_time >= 3 * milliseconds);
  CHECK(sent(named(r, "c")) == 2);
}

TEST_CASE("a stopped process keeps SIGTERM pending and dies as soon as it continues") {
  const Run r = run(R"(
name: term while stopped
processes:
  - name: t
    steps:
      - sleep: 1ms
      - print: t
  - name: c
    steps:
      - kill: {pid: t, sig: SIGSTOP}
      - sleep: 2ms
      - kill: {pid: t, sig: SIGTERM}
      - sleep: 1ms
      - kill: {pid: t, sig: 0, expect: ok}
      - print: still there
      - kill: {pid: t, sig: SIGCONT}
expect:
  exit: {t: SIGTERM, c: 0}
  console: "still there\n"
)");
  holds(r);
  const Process& t = named(r, "t");
  CHECK(t.exit_signal == 15);
  CHECK(count(t, "blocking.stopped") == 1);
  CHECK(t.exit_time >= 3 * milliseconds);  // not before SIGCONT
  CHECK(delivered(t) == 3);                // stop, continue, terminate
}

TEST_CASE("SIGKILL ends a stopped process") {
  const Run r = run(R"(
name: kill while stopped
processes:
  - name: t
    steps:
      - sleep: 1ms
      - print: t
  - name: c
    steps:
      - kill: {pid: t, sig: SIGSTOP}
      - sleep: 2ms
      - kill: {pid: t, sig: SIGKILL}
expect:
  exit: {t: SIGKILL, c: 0}
  console: ""
)");
  holds(r);
  const Process& t = named(r, "t");
  CHECK(t.exit_signal == signal_kill);
  CHECK(count(t, "blocking.stopped") == 1);
  CHECK(t.exit_time >= 2 * milliseconds);
}

// ---- SIGCHLD ----

TEST_CASE("a child's exit sends SIGCHLD to its parent, counted by the child; none to init") {
  // The parent blocks SIGCHLD while it forks and waits, then unblocks it.
  const Run r = run(R"(
name: sigchld
processes:
  - name: parent
    steps:
      - signal: {sig: SIGCHLD, handler: [{print: chld}]}
      - sigprocmask: {block: [SIGCHLD]}
      - fork: {name: child, steps: [{exit: 3}]}
      - wait: {pid: any, into: st, expect: ok}
      - assert: "$st.code == 3"
      - sigpending: {into: set}
      - assert: "len($set) == 1 && $set[0] == 'SIGCHLD'"
      - sigprocmask: {unblock: [SIGCHLD]}
      - print: after
expect:
  exit: {parent: 0, child: 3}
  stdout: {parent: "chld\nafter\n"}
)");
  holds(r);
  const Process& parent = named(r, "parent");
  const Process& child = named(r, "child");
  CHECK(sent(child) == 1);
  CHECK(delivered(parent) == 1);
  CHECK(sent(parent) == 0);  // its own parent is init
}

TEST_CASE("SIGCHLD ignored: children reap themselves, wait fails with ECHILD once they have ended") {
  const Run r = run(R"(
name: sigchld ignored
processes:
  - name: parent
    steps:
      - signal: {sig: SIGCHLD, handler: ignore}
      - fork: {name: c1, steps: [{sleep: 1ms}]}
      - fork: {name: c2, steps: [{sleep: 2ms}]}
      - wait: {pid: any, into: st, expect: ECHILD}
      - print: done
expect:
  exit: {parent: 0, c1: 0, c2: 0}
  stdout: {parent: "done\n"}
)");
  holds(r);
  const Process& parent = named(r, "parent");
  const Process& c1 = named(r, "c1");
  const Process& c2 = named(r, "c2");
  CHECK(c1.state() == ProcessState::reaped);
  CHECK(c2.state() == ProcessState::reaped);
  CHECK(parent.exit_time >= c2.exit_time);
  CHECK(parent.exit_time >= 2 * milliseconds);
  CHECK(count(parent, "blocking.wait") >= 1);
  CHECK(delivered(parent) == 0);
  CHECK(sent(c1) == 1);  // sent all the same, and discarded
  CHECK(sent(c2) == 1);
}

// ---- fork and exec ----

TEST_CASE("fork: the child inherits dispositions and mask, not pending signals") {
  const Run r = run(R"(
name: fork signals
processes:
  - name: parent
    steps:
      - signal: {sig: SIGUSR1, handler: [{print: caught}]}
      - signal: {sig: SIGUSR2, handler: ignore}
      - sigprocmask: {block: [SIGTERM]}
      - getpid: {into: me}
      - kill: {pid: $me, sig: SIGTERM}
      - fork:
          name: child
          steps:
            - sigpending: {into: p}
            - assert: "len($p) == 0"
            - getpid: {into: me}
            - kill: {pid: $me, sig: SIGUSR1}
            - kill: {pid: $me, sig: SIGUSR2}
            - kill: {pid: $me, sig: SIGTERM}
            - sigpending: {into: q}
            - assert: "len($q) == 1 && $q[0] == 'SIGTERM'"
            - print: child done
      - wait: {pid: any, into: st}
      - assert: "$st.code == 0"
      - sigprocmask: {set: []}
      - print: parent survived
expect:
  exit: {parent: SIGTERM, child: 0}
  stdout: {child: "caught\nchild done\n", parent: ""}
)");
  holds(r);
  const Process& child = named(r, "child");
  CHECK(delivered(child) == 1);  // the handler; SIGUSR2 ignored, SIGTERM blocked
  CHECK(sent(child) == 3 + 1);   // three kills and SIGCHLD
  CHECK(named(r, "parent").exit_signal == 15);
}

TEST_CASE("exec: caught signals go back to default; ignored ones, the mask and pending signals stay") {
  const Run r = run(R"(
name: exec signals
programs:
  worker:
    - sigpending: {into: p}
    - assert: "len($p) == 1 && $p[0] == 'SIGTERM'"
    - getpid: {into: me}
    - kill: {pid: $me, sig: SIGUSR2}
    - print: ignored kept
    - kill: {pid: $me, sig: SIGUSR1}
    - print: survived
processes:
  - name: p
    steps:
      - signal: {sig: SIGUSR1, handler: [{print: caught}]}
      - signal: {sig: SIGUSR2, handler: ignore}
      - sigprocmask: {block: [SIGTERM]}
      - kill: {pid: p, sig: SIGTERM}
      - exec: {program: worker}
expect:
  exit: {worker: SIGUSR1}
  stdout: {worker: "ignored kept\n"}
)");
  holds(r);
  const Process& w = named(r, "worker");
  CHECK(w.exit_signal == 10);
  CHECK(count(w, "syscalls.exec") == 1);
}

// ---- killing a blocked process releases what it held ----

TEST_CASE("SIGKILL to a sender blocked in a rendezvous send: its message is reported lost") {
  const Run r = run(R"(
name: killed rendezvous sender
kernel: {link_capacity: 0}
processes:
  - name: r
    steps: [{sleep: 5ms}]
  - name: s
    steps:
      - send: {to: r, message: handed}
      - print: sent
  - name: k
    steps:
      - sleep: 1ms
      - kill: {pid: s, sig: SIGKILL}
expect:
  exit: {r: 0, s: SIGKILL, k: 0}
  console: ""
)");
  holds(r);
  const Process& s = named(r, "s");
  CHECK(count(s, "blocking.link.send") == 1);
  const auto& lost = r.machine->kernel().lost_messages;
  REQUIRE(lost.size() == 1);
  CHECK(lost.front().body == "handed");
  CHECK(lost.front().sender == s.pid());
  CHECK(r.machine->queued_at_end().empty());  // reported once, as lost
}

TEST_CASE("SIGTERM to a sender blocked on a capacity-0 mailbox: its message is reported lost") {
  const Run r = run(R"(
name: terminated mailbox sender
mailboxes: [{name: box, capacity: 0}]
processes:
  - name: s
    steps:
      - send: {mailbox: box, message: handed}
      - print: sent
  - name: k
    steps:
      - kill: {pid: s, sig: SIGTERM}
expect:
  exit: {s: SIGTERM, k: 0}
  console: ""
)");
  holds(r);
  const Process& s = named(r, "s");
  CHECK(count(s, "blocking.mailbox.send") == 1);
  CHECK(delivered(s) == 1);
  const auto& lost = r.machine->kernel().lost_messages;
  REQUIRE(lost.size() == 1);
  CHECK(lost.front().body == "handed");
  CHECK(lost.front().sender == s.pid());
  CHECK(r.machine->queued_at_end().empty());
}

TEST_CASE("killing the owner of a mailbox wakes its blocked receivers with EIDRM") {
  const Run r = run(R"(
name: owner killed
processes:
  - name: o
    steps:
      - mailbox_create: {name: box}
      - sleep: 5ms
  - name: r
    steps:
      - receive: {mailbox: box, into: m, expect: EIDRM}
      - print: woken
  - name: k
    steps:
      - sleep: 1ms
      - kill: {pid: o, sig: SIGKILL}
expect:
  exit: {o: SIGKILL, r: 0, k: 0}
  stdout: {r: "woken\n"}
)");
  holds(r);
  const Process& rc = named(r, "r");
  CHECK(count(rc, "blocking.mailbox.receive") == 1);
  CHECK(rc.exit_time < 5 * milliseconds);  // woken by the kill at 1ms, not by o's end of sleep
  CHECK(named(r, "o").exit_time < 5 * milliseconds);
}

// ---- alarm ----

TEST_CASE("alarm: a process computing at the instant gets an interrupt and its handler; counted by the setter") {
  // start; signal in/out; alarm in/out; interrupt in; into the handler;
  // its print in/out; sigreturn in; back to the compute; print in/out; exit in.
  const Run r = run(R"(
name: alarm during compute
kernel: {quantum: 100ms}
processes:
  - name: p
    steps:
      - signal: {sig: SIGALRM, handler: [{print: alarm}]}
      - alarm: 5ms
      - compute: 10ms
      - print: done
expect:
  exit: {p: 0}
  stdout: {p: "alarm\ndone\n"}
)");
  holds(r);
  const Process& p = named(r, "p");
  CHECK(p.counters[Counter::interrupts] == 1);
  CHECK(sent(p) == 1);
  CHECK(delivered(p) == 1);
  CHECK(p.counters[Counter::user_to_kernel] == 7);
  CHECK(p.counters[Counter::kernel_to_user] == 7);
  CHECK(p.counters[Counter::syscalls] == 6);
  CHECK(p.exit_time >= 10 * milliseconds);  // the compute was split, not cut short
}

TEST_CASE("alarm: SIGALRM after the delay terminates by default; alarm 0 cancels") {
  const Run r = run(R"(
name: alarm default and cancel
processes:
  - name: a
    steps:
      - alarm: 5ms
      - sleep: 10ms
      - print: survived
  - name: b
    steps:
      - alarm: 5ms
      - alarm: 0
      - sleep: 10ms
      - print: survived
expect:
  exit: {a: SIGALRM, b: 0}
  stdout: {a: "", b: "survived\n"}
)");
  holds(r);
  const Process& a = named(r, "a");
  const Process& b = named(r, "b");
  CHECK(a.exit_time >= 5 * milliseconds);
  CHECK(a.exit_time < 6 * milliseconds);
  CHECK(sent(a) == 1);
  CHECK(delivered(a) == 1);
  CHECK(sent(b) == 0);
  CHECK(delivered(b) == 0);
  CHECK(b.counters[Counter::time_blocked] == 10 * milliseconds);
}

// ---- pause ----

TEST_CASE("pause returns EINTR after a handler ran; an ignored signal does not wake it") {
  const Run r = run(R"(
name: pause
processes:
  - name: p
    steps:
      - signal: {sig: SIGUSR1, handler: [{print: handled}]}
      - signal: {sig: SIGUSR2, handler: ignore}
      - pause: {expect: EINTR}
      - print: after
  - name: k
    steps:
      - kill: {pid: p, sig: SIGUSR2}
      - sleep: 1ms
      - kill: {pid: p, sig: SIGUSR1}
expect:
  exit: {p: 0, k: 0}
  stdout: {p: "handled\nafter\n"}
)");
  holds(r);
  const Process& p = named(r, "p");
  CHECK(count(p, "blocking.pause") == 1);
  CHECK(count(p, "syscalls.pause") == 1);
  CHECK(p.counters[Counter::time_blocked] >= 1 * milliseconds);  // not woken by SIGUSR2 at 0
  CHECK(delivered(p) == 1);
}

}  // TEST_SUITE

}  // namespace
}  // namespace ipcsim::kernel
