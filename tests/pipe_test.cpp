// Pipes (pipe(7); SCENARIO_FORMAT.md sections 3 and 5, counters of sections
// 8 and 10). One case per rule; each is a whole scenario whose `expect:`
// steps and `assert`s check what user code sees, and the C++ checks the
// counters and what the kernel reports. Capacities are small (16 bytes,
// pipe_buf 8) so that filling a pipe takes a line of YAML.
#include "kernel/errno.h"  // first: <cerrno> macros would break the Errno enum

#include <doctest/doctest.h>

#include <string>

#include "test_support.h"

namespace ipcsim::testing {
namespace {

Run go(const std::string& yaml) { return run(yaml, nullptr, "pipe.yaml"); }

const std::string small = "kernel: {pipe_capacity: 16, pipe_buf: 8}\n";

TEST_SUITE("pipes") {

TEST_CASE("end of file comes only once every write end in every process is closed") {
  // The child reads; the parent holds two write ends (the pipe's and a dup)
  // and closes them one at a time, 1ms apart. The child must still be
  // blocked after the first close, and see "" only after the second.
  const Run r = go(R"y(
name: eof
processes:
  - name: parent
    steps:
      - pipe: {into: [r, w]}
      - dup: {fd: $w, into: w2}
      - fork:
          name: child
          steps:
            - close: $w
            - close: $w2
            - read: {fd: $r, count: 10, into: d, expect: ok}
            - assert: "$d == '' && $ret == 0"
            - print: "eof"
      - close: $r
      - sleep: 1ms
      - close: $w
      - sleep: 1ms
      - print: "closing the last"
      - close: $w2
      - wait: any
expect:
  exit: {parent: 0, child: 0}
  console: "closing the last\neof\n"
)y");
  holds(r);
  // One sleep in read: the first close did not wake it (nothing to wake for).
  CHECK(count(named(r, "child"), "blocking.pipe.read") == 1);
}

TEST_CASE("a reader that keeps its own write end open never sees end of file: the deadlock names its own fd") {
  const Run r = go(R"y(
name: own write end
processes:
  - name: p
    steps:
      - pipe: {into: [r, w]}
      - write: {fd: $w, data: "x"}
      - read: {fd: $r, count: 10, into: d}
      - read: {fd: $r, count: 10, into: d}
expect:
  deadlock: true
)y");
  CHECK(r.outcome == kernel::RunOutcome::deadlock);
  CHECK(scenario::check_expectations(*r.machine).empty());
  const auto& blocked = r.machine->blocked().blocked;
  REQUIRE(blocked.size() == 1);
  CHECK(blocked[0].reason == "pipe.read");
  CHECK(blocked[0].line == 9);
  CHECK_MESSAGE(blocked[0].explanation.find("its own fd 4") != std::string::npos, blocked[0].explanation);
}

TEST_CASE("write with no read end: SIGPIPE kills by default, EPIPE when it is ignored or handled") {
  // The kernel raises SIGPIPE for the writer: it counts in the writer's own
  // signals_sent; an ignored one is discarded, not delivered.
  const Run r = go(R"y(
name: sigpipe
processes:
  - name: killed
    steps:
      - pipe: {into: [r, w]}
      - close: $r
      - write: {fd: $w, data: "hello"}
      - print: "not reached"
  - name: ignoring
    steps:
      - signal: {sig: SIGPIPE, handler: ignore}
      - pipe: {into: [r, w]}
      - close: $r
      - write: {fd: $w, data: "hello", expect: EPIPE}
      - assert: "$ret == -1"
  - name: handling
    steps:
      - set: {caught: 0}
      - signal: {sig: SIGPIPE, handler: [{set: {caught: "$caught + 1"}}]}
      - pipe: {into: [r, w]}
      - close: $r
      - write: {fd: $w, data: "hello", expect: EPIPE}
      - assert: "$caught == 1"
expect:
  exit: {killed: SIGPIPE, ignoring: 0, handling: 0}
  stdout: {killed: ""}
)y");
  holds(r);
  const Process& killed = named(r, "killed");
  CHECK(killed.exit_signal == 13);
  CHECK(count(killed, "bytes_copied") == 0);  // the failed write copied nothing
  for (const char* name : {"killed", "ignoring", "handling"}) {
    CAPTURE(name);
    CHECK(sent(named(r, name)) == 1);
  }
  CHECK(delivered(killed) == 1);
  CHECK(delivered(named(r, "ignoring")) == 0);
  CHECK(delivered(named(r, "handling")) == 1);
}

TEST_CASE("a writer blocked on a full pipe gets EPIPE when the last reader closes") {
  const Run r = go(small + R"y(
name: reader goes away
processes:
  - name: parent
    steps:
      - signal: {sig: SIGPIPE, handler: ignore}
      - pipe: {into: [r, w]}
      - fork:
          name: closer
          steps:
            - close: $w
            - sleep: 1ms
            - close: $r
      - close: $r
      - write: {fd: $w, data: "0123456789abcdef"}
      - write: {fd: $w, data: "x", expect: EPIPE}
      - wait: any
expect:
  exit: {parent: 0, closer: 0}
  counters:
    parent: {blocking.pipe.write: 1, signals_sent: 1}
)y");
  holds(r);
  // The 16 bytes nobody read are reported with the last read end.
  const auto& lost = r.machine->kernel().lost_messages;
  REQUIRE(lost.size() == 1);
  CHECK(lost[0].body == "0123456789abcdef");
}

TEST_CASE("a full pipe of pipe_capacity bytes blocks the writer with reason pipe.write") {
  const Run r = go(small + R"y(
name: capacity
processes:
  - name: writer
    steps:
      - pipe: {into: [r, w]}
      - fork:
          name: reader
          steps:
            - close: $w
            - sleep: 1ms
            - read: {fd: $r, count: 100, into: d}
            - assert: "$d == '0123456789abcdef'"
            - read: {fd: $r, count: 100, into: d}
            - assert: "$d == 'g'"
      - close: $r
      - write: {fd: $w, data: "0123456789abcdef", expect: ok}
      - assert: "$ret == 16"
      - write: {fd: $w, data: "g", expect: ok}
      - close: $w
      - wait: any
expect:
  exit: {writer: 0, reader: 0}
  counters:
    writer: {blocking.pipe.write: 1}
    blocking: {pipe.write: 1}
)y");
  holds(r);
}

TEST_CASE("a blocking write of at most pipe_buf bytes waits for room for all of it") {
  // 10 bytes in, 6 free: an 8-byte write must not put 6 in and wait for 2.
  // The reader's first read, while the writer sleeps, finds only the first 10.
  const Run r = go(small + R"y(
name: atomic
processes:
  - name: writer
    steps:
      - pipe: {into: [r, w]}
      - fork:
          name: reader
          steps:
            - close: $w
            - sleep: 1ms
            - read: {fd: $r, count: 100, into: d}
            - assert: "$d == '0123456789'"
            - sleep: 1ms
            - read: {fd: $r, count: 100, into: d}
            - assert: "$d == 'ABCDEFGH'"
      - close: $r
      - write: {fd: $w, data: "0123456789"}
      - write: {fd: $w, data: "ABCDEFGH", expect: ok}
      - assert: "$ret == 8"
      - close: $w
      - wait: any
expect:
  exit: {writer: 0, reader: 0}
  counters:
    writer: {blocking.pipe.write: 1}
)y");
  holds(r);
}

TEST_CASE("a blocking write larger than pipe_buf goes in piece by piece and returns the whole count") {
  // 40 bytes through a 16-byte pipe: the first read finds it full (16 went
  // in before the writer slept), the rest follow as room appears.
  const Run r = go(small + R"y(
name: large blocking
processes:
  - name: writer
    steps:
      - pipe: {into: [r, w]}
      - fork:
          name: reader
          steps:
            - close: $w
            - sleep: 1ms
            - read: {fd: $r, count: 100, into: first}
            - assert: "len($first) == 16"
            - set: {all: "$first"}
            - while:
                cond: "1"
                do:
                  - read: {fd: $r, count: 100, into: d}
                  - if: {cond: "$d == ''", then: [break]}
                  - set: {all: "$all + $d"}
            - assert: "$all == '0123456789abcdefghijklmnopqrstuvwxyzABCD'"
      - close: $r
      - write: {fd: $w, data: "0123456789abcdefghijklmnopqrstuvwxyzABCD", expect: ok}
      - assert: "$ret == 40"
      - close: $w
      - wait: any
expect:
  exit: {writer: 0, reader: 0}
  counters:
    writer: {syscalls.write: 1, blocking.pipe.write: ">= 2", bytes_copied: 40}
)y");
  holds(r);
}

TEST_CASE("nonblocking writes: at most pipe_buf bytes all or nothing (EAGAIN), more what fits or EAGAIN") {
  const Run r = go(small + R"y(
name: nonblocking writes
processes:
  - name: p
    steps:
      - pipe: {into: [r, w]}
      - write: {fd: $w, data: "0123456789"}
      - write: {fd: $w, data: "ABCDEFGH", nonblocking: true, expect: EAGAIN}
      - write: {fd: $w, data: "ABCDEFGHIJKL", nonblocking: true, expect: ok}
      - assert: "$ret == 6"
      - write: {fd: $w, data: "ABCDEFGHIJKL", nonblocking: true, expect: EAGAIN}
      - read: {fd: $r, count: 100, into: d}
      - assert: "$d == '0123456789ABCDEF'"
expect:
  exit: {p: 0}
  counters:
    p: {blocking_events: 0, bytes_copied: 32}
)y");
  holds(r);
}

TEST_CASE("a read returns what is there without waiting for the count; bytes_copied counts both sides") {
  const Run r = go(R"y(
name: short read
processes:
  - name: p
    steps:
      - pipe: {into: [r, w]}
      - write: {fd: $w, data: "abc"}
      - read: {fd: $r, count: 100, into: d, expect: ok}
      - assert: "$d == 'abc' && $ret == 3"
      - write: {fd: $w, data: "defgh"}
      - read: {fd: $r, count: 2, into: d}
      - assert: "$d == 'de' && $ret == 2"
      - read: {fd: $r, count: 100, into: d}
      - assert: "$d == 'fgh'"
expect:
  exit: {p: 0}
  counters:
    p: {blocking_events: 0, bytes_copied: 16}
    total: {bytes_copied: 16}
)y");
  holds(r);
}

TEST_CASE("nonblocking read: EAGAIN when empty with a writer, end of file without; count 0 and empty writes return 0") {
  // Linux returns 0 for a zero count before looking at the pipe: no
  // blocking on an empty pipe, and no SIGPIPE for an empty write without a reader.
  const Run r = go(R"y(
name: nonblocking read
processes:
  - name: p
    steps:
      - pipe: {into: [r, w]}
      - read: {fd: $r, count: 10, into: d, nonblocking: true, expect: EAGAIN}
      - read: {fd: $r, count: 0, into: d, expect: ok}
      - assert: "$ret == 0 && $d == ''"
      - write: {fd: $w, data: "", expect: ok}
      - assert: "$ret == 0"
      - close: $w
      - read: {fd: $r, count: 10, into: d, nonblocking: true, expect: ok}
      - assert: "$d == '' && $ret == 0"
      - pipe: {into: [r2, w2]}
      - close: $r2
      - write: {fd: $w2, data: "", expect: ok}
expect:
  exit: {p: 0}
  counters:
    p: {blocking_events: 0, signals_sent: 0}
)y");
  holds(r);
}

TEST_CASE("a blocked read interrupted by a handled signal fails with EINTR, or restarts with restart: true") {
  const Run r = go(R"y(
name: eintr
processes:
  - name: parent
    steps:
      - pipe: {into: [r, w]}
      - fork:
          name: plain
          steps:
            - signal: {sig: SIGUSR1, handler: [{set: {h: 1}}]}
            - close: $w
            - read: {fd: $r, count: 10, into: d, expect: EINTR}
      - fork:
          name: restarting
          steps:
            - signal: {sig: SIGUSR1, handler: [{set: {h: 1}}], restart: true}
            - close: $w
            - read: {fd: $r, count: 10, into: d, expect: ok}
            - assert: "$d == 'data'"
      - sleep: 1ms
      - kill: {pid: plain, sig: SIGUSR1}
      - kill: {pid: restarting, sig: SIGUSR1}
      - sleep: 1ms
      - wait: any
      - write: {fd: $w, data: "data"}
      - wait: any
expect:
  exit: {parent: 0, plain: 0, restarting: 0}
  counters:
    plain: {syscalls.read: 1, blocking.pipe.read: 1}
    restarting: {syscalls.read: 2, blocking.pipe.read: 2}
)y");
  holds(r);
}

TEST_CASE("a large write interrupted by a handled signal after some bytes went in returns the partial count") {
  const Run r = go(small + R"y(
name: partial
processes:
  - name: writer
    steps:
      - signal: {sig: SIGUSR1, handler: [{set: {h: 1}}]}
      - pipe: {into: [r, w]}
      - fork:
          name: poker
          steps:
            - sleep: 1ms
            - kill: {pid: writer, sig: SIGUSR1}
      - write: {fd: $w, data: "0123456789abcdefghijklmnopqrstuvwxyzABCD", expect: ok}
      - assert: "$ret == 16 && $h == 1"
      - wait: any
expect:
  exit: {writer: 0}
  counters:
    writer: {blocking.pipe.write: 1}
)y");
  holds(r);
}

TEST_CASE("unread bytes left when the last read end closes are reported, not silently dropped") {
  const Run r = go(R"y(
name: lost
processes:
  - name: p
    steps:
      - pipe: {into: [r, w]}
      - write: {fd: $w, data: "unread"}
      - dup: {fd: $r, into: r2}
      - close: $r
      - close: $r2
expect:
  exit: {p: 0}
)y");
  holds(r);
  const auto& lost = r.machine->kernel().lost_messages;
  REQUIRE(lost.size() == 1);
  CHECK(lost[0].body == "unread");
  CHECK(lost[0].where == "pipe 1");
}

}  // TEST_SUITE

}  // namespace
}  // namespace ipcsim::testing
