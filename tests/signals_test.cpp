// Signals, part 1: sigaction, kill, handlers, pending signals, interrupted
// calls (part 2 is signals_more_test.cpp).
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

// ---- SIGKILL and SIGSTOP cannot be caught, ignored or blocked ----

TEST_CASE("sigaction on SIGKILL or SIGSTOP fails with EINVAL, as a handler or as ignore") {
  const Run r = run(R"(
name: uncatchable
processes:
  - name: p
    steps:
      - signal: {sig: SIGKILL, handler: ignore, expect: EINVAL}
      - signal: {sig: SIGKILL, handler: [{print: caught}], expect: EINVAL}
      - signal: {sig: SIGSTOP, handler: ignore, expect: EINVAL}
      - signal: {sig: SIGSTOP, handler: [{print: caught}], expect: EINVAL}
      - assert: "$errno == 'EINVAL' && $ret == -1"
      - signal: {sig: SIGUSR1, handler: ignore, expect: ok}
expect:
  exit: {p: 0}
  stdout: {p: ""}
)");
  holds(r);
  const Process& p = named(r, "p");
  CHECK(count(p, "syscalls.signal") == 5);  // a failed call is a call all the same
  CHECK(p.exit_code == 0);
  CHECK(p.exit_signal == 0);
}

TEST_CASE("blocking SIGKILL and SIGSTOP is accepted and has no effect: both still act") {
  // p blocks both, stops itself, is continued by q, then kills itself.
  const Run r = run(R"(
name: unblockable
processes:
  - name: p
    steps:
      - sigprocmask: {block: [SIGKILL, SIGSTOP], expect: ok}
      - getpid: {into: me}
      - kill: {pid: $me, sig: SIGSTOP}
      - print: continued
      - kill: {pid: $me, sig: SIGKILL}
      - print: survived
  - name: q
    steps:
      - sleep: 1ms
      - kill: {pid: p, sig: SIGCONT}
expect:
  exit: {p: SIGKILL, q: 0}
  stdout: {p: "continued\n"}
)");
  holds(r);
  const Process& p = named(r, "p");
  CHECK(p.exit_signal == signal_kill);
  CHECK(count(p, "blocking.stopped") == 1);  // SIGSTOP stopped it despite the mask
  CHECK(p.stdout_text == "continued\n");
}

// ---- kill ----

TEST_CASE("kill: sig 0 probes, ESRCH, EPERM unless root; sent counts successes only, even ignored ones") {
  // gone exits at once (init reaps it); b ignores SIGUSR1 and sleeps; c
  // belongs to another uid; a probes and signals; root kills c.
  const Run r = run(R"(
name: kill rules
processes:
  - name: gone
    steps: [{exit: 0}]
  - name: b
    steps:
      - signal: {sig: SIGUSR1, handler: ignore}
      - sleep: 1ms
      - print: alive
  - name: c
    uid: 1001
    steps:
      - sleep: 1ms
      - print: alive
  - name: a
    steps:
      - kill: {pid: b, sig: 0, expect: ok}
      - assert: "$ret == 0"
      - kill: {pid: 99, sig: 0, expect: ESRCH}
      - kill: {pid: 99, sig: SIGTERM, expect: ESRCH}
      - kill: {pid: gone, sig: SIGTERM, expect: ESRCH}
      - kill: {pid: c, sig: 0, expect: EPERM}
      - kill: {pid: c, sig: SIGUSR1, expect: EPERM}
      - kill: {pid: b, sig: SIGUSR1, expect: ok}
  - name: root
    uid: 0
    steps:
      - kill: {pid: c, sig: 0, expect: ok}
      - kill: {pid: c, sig: SIGUSR1, expect: ok}
expect:
  exit: {gone: 0, a: 0, b: 0, c: SIGUSR1, root: 0}
  stdout: {b: "alive\n", c: ""}
)");
  holds(r);
  const Process& a = named(r, "a");
  const Process& b = named(r, "b");
  const Process& c = named(r, "c");
  const Process& root = named(r, "root");
  CHECK(count(a, "syscalls.kill") == 7);
  CHECK(sent(a) == 1);     // only the kill of b: probes and failures count nothing
  CHECK(sent(root) == 1);  // the probe of c counts nothing
  CHECK(delivered(b) == 0);  // ignored: discarded, not delivered
  CHECK(b.counters[Counter::time_blocked] == 1 * milliseconds);  // the ignored signal did not wake it
  CHECK(delivered(c) == 1);  // the default action that terminated it
  CHECK(c.exit_signal == 10);
}

// ---- delivery and the cost of a handler ----

TEST_CASE("a handler costs one kernel_to_user into it and a sigreturn (user_to_kernel + syscall)") {
  // h catches SIGUSR1 and sends it to itself; i ignores it and does the same.
  // i: start; signal in/out; kill in/out; exit in.
  // h: the same, plus the entry into the handler and sigreturn in; the
  // handler's `set` is a user step. Then the return to the interrupted code.
  const Run r = run(R"(
name: handler cost
processes:
  - name: h
    steps:
      - signal: {sig: SIGUSR1, handler: [{set: {x: 1}}]}
      - kill: {pid: h, sig: SIGUSR1}
  - name: i
    steps:
      - signal: {sig: SIGUSR1, handler: ignore}
      - kill: {pid: i, sig: SIGUSR1}
expect:
  exit: {h: 0, i: 0}
)");
  holds(r);
  const Process& h = named(r, "h");
  const Process& i = named(r, "i");
  CHECK(i.counters[Counter::user_to_kernel] == 3);
  CHECK(i.counters[Counter::kernel_to_user] == 3);
  CHECK(i.counters[Counter::syscalls] == 3);
  CHECK(delivered(i) == 0);
  CHECK(h.counters[Counter::user_to_kernel] == 4);
  CHECK(h.counters[Counter::kernel_to_user] == 4);
  CHECK(h.counters[Counter::syscalls] == 4);
  CHECK(h.counters.mode_switches() == 8);
  CHECK(count(h, "syscalls.sigreturn") == 1);
  CHECK(delivered(h) == 1);
  CHECK(sent(h) == 1);
  CHECK(sent(i) == 1);
}

TEST_CASE("while a handler runs its own signal is blocked: sent from inside, it runs after the first returns") {
  const Run r = run(R"(
name: no nesting
processes:
  - name: p
    steps:
      - set: {n: 0}
      - signal:
          sig: SIGUSR1
          handler:
            - print: "in ${n}"
            - set: {n: "$n + 1"}
            - if: {cond: "$n == 1", then: [{kill: {pid: p, sig: SIGUSR1}}]}
            - print: "out ${n}"
      - kill: {pid: p, sig: SIGUSR1}
      - print: "main ${n}"
expect:
  exit: {p: 0}
  stdout: {p: "in 0\nout 1\nin 1\nout 2\nmain 2\n"}
)");
  holds(r);
  const Process& p = named(r, "p");
  CHECK(delivered(p) == 2);
  CHECK(sent(p) == 2);
  CHECK(count(p, "syscalls.sigreturn") == 2);
}

// ---- pending signals ----

TEST_CASE("pending standard signals are delivered lowest number first, two of one kind once") {
  const Run r = run(R"(
name: pending order
processes:
  - name: p
    steps:
      - signal: {sig: SIGUSR1, handler: [{print: USR1}]}
      - signal: {sig: SIGUSR2, handler: [{print: USR2}]}
      - signal: {sig: SIGTERM, handler: [{print: TERM}]}
      - signal: {sig: SIGHUP, handler: [{print: HUP}]}
      - sigprocmask: {block: [SIGHUP, SIGUSR1, SIGUSR2, SIGTERM]}
      - kill: {pid: p, sig: SIGTERM}
      - kill: {pid: p, sig: SIGUSR2}
      - kill: {pid: p, sig: SIGUSR1}
      - kill: {pid: p, sig: SIGUSR2}
      - kill: {pid: p, sig: SIGHUP}
      - sigpending: {into: set}
      - assert: "len($set) == 4"
      - assert: "$set[0] == 'SIGHUP' && $set[1] == 'SIGUSR1' && $set[2] == 'SIGUSR2' && $set[3] == 'SIGTERM'"
      - print: unblocking
      - sigprocmask: {set: []}
      - sigpending: {into: after}
      - assert: "len($after) == 0"
expect:
  exit: {p: 0}
  stdout: {p: "unblocking\nHUP\nUSR1\nUSR2\nTERM\n"}
)");
  holds(r);
  const Process& p = named(r, "p");
  CHECK(sent(p) == 5);
  CHECK(delivered(p) == 4);  // the second SIGUSR2 found one pending: standard signals do not queue
  CHECK(count(p, "syscalls.sigreturn") == 4);
}

TEST_CASE("real-time signals queue: two SIGRTMIN+2 sent while blocked arrive twice, in order") {
  const Run r = run(R"(
name: realtime queue
processes:
  - name: p
    steps:
      - set: {n: 0}
      - signal: {sig: SIGRTMIN+2, handler: [{set: {n: "$n + 1"}}, {print: "rt ${n}"}]}
      - sigprocmask: {block: [SIGRTMIN+2]}
      - kill: {pid: p, sig: SIGRTMIN+2}
      - kill: {pid: p, sig: SIGRTMIN+2}
      - sigpending: {into: set}
      - assert: "len($set) == 1 && $set[0] == 'SIGRTMIN+2'"
      - sigprocmask: {unblock: [SIGRTMIN+2]}
      - print: "done ${n}"
expect:
  exit: {p: 0}
  stdout: {p: "rt 1\nrt 2\ndone 2\n"}
)");
  holds(r);
  const Process& p = named(r, "p");
  CHECK(sent(p) == 2);
  CHECK(delivered(p) == 2);
}

// ---- interrupted system calls ----

TEST_CASE("a blocked receive interrupted by a handled signal fails with EINTR") {
  const Run r = run(R"(
name: receive EINTR
mailboxes: [{name: box}]
processes:
  - name: r
    steps:
      - signal: {sig: SIGUSR1, handler: [{print: handled}]}
      - receive: {mailbox: box, into: m, expect: EINTR}
      - assert: "$errno == 'EINTR' && $ret == -1"
      - print: after
  - name: s
    steps:
      - kill: {pid: r, sig: SIGUSR1}
expect:
  exit: {r: 0, s: 0}
  stdout: {r: "handled\nafter\n"}
)");
  holds(r);
  const Process& p = named(r, "r");
  CHECK(count(p, "syscalls.receive") == 1);
  CHECK(count(p, "blocking.mailbox.receive") == 1);
  CHECK(delivered(p) == 1);
  CHECK(p.counters[Counter::messages_received] == 0);
}

TEST_CASE("a blocked wait interrupted by a handled signal fails with EINTR") {
  // The child signals its parent, blocked in wait, then sleeps and exits.
  const Run r = run(R"(
name: wait EINTR
processes:
  - name: parent
    steps:
      - signal: {sig: SIGUSR1, handler: [{print: handled}]}
      - fork:
          name: child
          steps:
            - getppid: {into: pp}
            - kill: {pid: $pp, sig: SIGUSR1}
            - sleep: 1ms
            - exit: 4
      - wait: {pid: any, into: st, expect: EINTR}
      - wait: {pid: any, into: st, expect: ok}
      - assert: "$st.code == 4"
expect:
  exit: {parent: 0, child: 4}
  stdout: {parent: "handled\n"}
)");
  holds(r);
  const Process& parent = named(r, "parent");
  CHECK(count(parent, "syscalls.wait") == 2);
  CHECK(count(parent, "blocking.wait") == 2);
  CHECK(delivered(parent) == 1);  // SIGCHLD's default is to ignore it: not delivered
}

TEST_CASE("with restart: true an interrupted receive is made again (syscalls.receive 2) and completes") {
  // s interrupts r's receive, then sends 1ms later: the restarted call
  // sleeps again and takes the message.
  const Run r = run(R"(
name: receive restart
mailboxes: [{name: box}]
processes:
  - name: r
    steps:
      - signal: {sig: SIGUSR1, handler: [{print: handled}], restart: true}
      - receive: {mailbox: box, into: m, expect: ok}
      - print: "got ${m}"
  - name: s
    steps:
      - kill: {pid: r, sig: SIGUSR1}
      - sleep: 1ms
      - send: {mailbox: box, message: hello}
expect:
  exit: {r: 0, s: 0}
  stdout: {r: "handled\ngot hello\n"}
)");
  holds(r);
  const Process& p = named(r, "r");
  CHECK(count(p, "syscalls.receive") == 2);
  CHECK(count(p, "blocking.mailbox.receive") == 2);
  CHECK(p.counters[Counter::messages_received] == 1);
  CHECK(delivered(p) == 1);
}

TEST_CASE("with restart: true an interrupted wait is made again (syscalls.wait 2) and completes") {
  const Run r = run(R"(
name: wait restart
processes:
  - name: parent
    steps:
      - signal: {sig: SIGUSR1, handler: [{print: handled}], restart: true}
      - fork:
          name: child
          steps:
            - getppid: {into: pp}
            - kill: {pid: $pp, sig: SIGUSR1}
            - sleep: 1ms
            - exit: 4
      - wait: {pid: any, into: st, expect: ok}
      - assert: "$st.code == 4"
expect:
  exit: {parent: 0, child: 4}
  stdout: {parent: "handled\n"}
)");
  holds(r);
  const Process& parent = named(r, "parent");
  CHECK(count(parent, "syscalls.wait") == 2);
  CHECK(delivered(parent) == 1);
}

TEST_CASE("sleep and pause are never restarted: EINTR even with restart: true") {
  // r sleeps 5ms, is interrupted at once; then pauses and is interrupted at 1ms.
  const Run r = run(R"(
name: sleep and pause EINTR
processes:
  - name: r
    steps:
      - signal: {sig: SIGUSR1, handler: [{print: handled}], restart: true}
      - sleep: {time: 5ms, expect: EINTR}
      - print: slept
      - pause: {expect: EINTR}
      - print: paused
  - name: s
    steps:
      - kill: {pid: r, sig: SIGUSR1}
      - sleep: 1ms
      - kill: {pid: r, sig: SIGUSR1}
expect:
  exit: {r: 0, s: 0}
  stdout: {r: "handled\nslept\nhandled\npaused\n"}
)");
  holds(r);
  const Process& p = named(r, "r");
  CHECK(count(p, "syscalls.sleep") == 1);
  CHECK(count(p, "syscalls.pause") == 1);
  CHECK(delivered(p) == 2);
  CHECK(p.exit_time < 5 * milliseconds);  // the 5ms sleep did not run to its end
}

}  // TEST_SUITE

}  // namespace
}  // namespace ipcsim::kernel
