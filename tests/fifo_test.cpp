// FIFOs (fifo(7), mkfifo(3), open(2); SCENARIO_FORMAT.md sections 3, 5 and
// 10): named pipes that unrelated processes open by path. Whole scenarios:
// `expect:` steps and `assert`s check what user code sees, the C++ checks
// counters, the file system and what the kernel reports.
#include "kernel/errno.h"  // first: <cerrno> macros would break the Errno enum

#include <doctest/doctest.h>

#include <string>

#include "kernel/file_system.h"
#include "kernel/pipe.h"
#include "test_support.h"

namespace ipcsim::testing {
namespace {

Run go(const std::string& yaml) { return run(yaml, nullptr, "fifo.yaml"); }

// The entry at `path` after the run, or null.
std::shared_ptr<kernel::Inode> entry(const Run& r, const std::string& path) {
  auto found = r.machine->kernel().files.resolve("/", path, 0);
  return found.ok() ? found.value().inode : nullptr;
}

TEST_SUITE("fifos") {

TEST_CASE("mkfifo: EEXIST, ENOENT without the directory, EACCES without write permission on it, mode & ~022") {
  const Run r = go(R"y(
name: mkfifo
files:
  /home/: {}
  /tmp/file: "x"
processes:
  - name: p
    steps:
      - mkfifo: {path: /tmp/f, mode: 0666, expect: ok}
      - mkfifo: {path: /tmp/f, mode: 0600, expect: EEXIST}
      - mkfifo: {path: /tmp/file, expect: EEXIST}
      - mkfifo: {path: /nowhere/f, expect: ENOENT}
      - mkfifo: {path: /home/f, expect: EACCES}
      - mkfifo: {path: /tmp/file/f, expect: ENOTDIR}
      - mkfifo: {path: /tmp/dir/, expect: ENOENT}
      - mkfifo: {path: /tmp/g, mode: 0777}
  - name: root
    uid: 0
    steps:
      - mkfifo: {path: /home/f, mode: 0660, expect: ok}
expect:
  exit: {p: 0, root: 0}
)y");
  holds(r);
  auto f = entry(r, "/tmp/f");
  REQUIRE(f);
  CHECK(f->type == kernel::FileType::fifo);
  CHECK(f->mode == 0644);
  CHECK(f->owner == 1000);
  REQUIRE(entry(r, "/tmp/g"));
  CHECK(entry(r, "/tmp/g")->mode == 0755);
  REQUIRE(entry(r, "/home/f"));
  CHECK(entry(r, "/home/f")->mode == 0640);
  CHECK(entry(r, "/home/f")->owner == 0);
  CHECK_FALSE(entry(r, "/tmp/dir"));
}

TEST_CASE("open for reading blocks with reason fifo.open until a writer opens, and the other way round") {
  const Run r = go(R"y(
name: open blocks
files:
  /tmp/a: {fifo: true, mode: 0666}
  /tmp/b: {fifo: true, mode: 0666}
processes:
  - name: reader
    steps:
      - open: {path: /tmp/a, flags: [read], into: fd, expect: ok}
      - print: "reader opened"
      - read: {fd: $fd, count: 100, into: d}
      - assert: "$d == 'hi'"
  - name: writer
    steps:
      - sleep: 1ms
      - print: "writer opens"
      - open: {path: /tmp/a, flags: [write], into: fd, expect: ok}
      - write: {fd: $fd, data: "hi"}
  - name: writer2
    steps:
      - open: {path: /tmp/b, flags: [write], into: fd, expect: ok}
      - print: "writer2 opened"
  - name: reader2
    steps:
      - sleep: 2ms
      - print: "reader2 opens"
      - open: {path: /tmp/b, flags: [read], into: fd, expect: ok}
expect:
  exit: {reader: 0, writer: 0, writer2: 0, reader2: 0}
  console: "writer opens\nreader opened\nreader2 opens\nwriter2 opened\n"
  counters:
    reader: {blocking.fifo.open: 1}
    writer2: {blocking.fifo.open: 1}
    writer: {blocking.fifo.open: 0}
    reader2: {blocking.fifo.open: 0}
    blocking: {fifo.open: 2}
)y");
  holds(r);
}

TEST_CASE("open with nonblock: for reading at once, for writing with no reader ENXIO") {
  const Run r = go(R"y(
name: nonblock open
files:
  /tmp/f: {fifo: true, mode: 0666}
processes:
  - name: p
    steps:
      - open: {path: /tmp/f, flags: [write, nonblock], expect: ENXIO}
      - open: {path: /tmp/f, flags: [read, nonblock], into: r, expect: ok}
      - read: {fd: $r, count: 10, into: d, expect: ok}
      - assert: "$d == ''"
      - open: {path: /tmp/f, flags: [write, nonblock], into: w, expect: ok}
      - write: {fd: $w, data: "x"}
      - read: {fd: $r, count: 10, into: d}
      - assert: "$d == 'x'"
expect:
  exit: {p: 0}
  counters:
    p: {blocking_events: 0}
)y");
  holds(r);
}

TEST_CASE("nonblocking: true on open is O_NONBLOCK; ENXIO makes no pipe") {
  const Run r = go(R"y(
name: nonblocking open
files:
  /tmp/f: {fifo: true, mode: 0666}
processes:
  - name: p
    steps:
      - open: {path: /tmp/f, flags: [write], nonblocking: true, expect: ENXIO}
      - open: {path: /tmp/f, flags: [read], nonblocking: true, into: r, expect: ok}
      - pipe: {into: [a, b]}
expect:
  exit: {p: 0}
  counters:
    p: {blocking_events: 0}
)y");
  holds(r);
  // The failed open made no pipe: the FIFO's is pipe 1 and the ordinary
  // one pipe 2, so the next would be 3.
  CHECK(r.machine->kernel().next_pipe_id() == 3);
}

TEST_CASE("nonblock stays on the descriptor: a later read of an empty FIFO with a writer is EAGAIN, a write that does not fit too") {
  const Run r = go(R"y(
name: nonblock stays
kernel: {pipe_capacity: 4, pipe_buf: 4}
files:
  /tmp/f: {fifo: true, mode: 0666}
processes:
  - name: p
    steps:
      - open: {path: /tmp/f, flags: [read, nonblock], into: r}
      - open: {path: /tmp/f, flags: [write, nonblock], into: w}
      - read: {fd: $r, count: 10, into: d, expect: EAGAIN}
      - write: {fd: $w, data: "abcd", expect: ok}
      - write: {fd: $w, data: "e", expect: EAGAIN}
      - dup: {fd: $r, into: r2}
      - read: {fd: $r2, count: 10, into: d}
      - read: {fd: $r2, count: 10, into: d, expect: EAGAIN}
expect:
  exit: {p: 0}
  counters:
    p: {blocking_events: 0}
)y");
  holds(r);
}

TEST_CASE("two unrelated processes exchange data through a FIFO; reads and writes block with pipe reasons") {
  const Run r = go(R"y(
name: exchange
kernel: {pipe_capacity: 4, pipe_buf: 4}
processes:
  - name: server
    steps:
      - mkfifo: {path: /tmp/req, mode: 0666}
      - open: {path: /tmp/req, flags: [read], into: fd}
      - set: {all: "''"}
      - while:
          cond: "1"
          do:
            - read: {fd: $fd, count: 100, into: d}
            - if: {cond: "$d == ''", then: [break]}
            - set: {all: "$all + $d"}
      - print: "server got ${all}"
  - name: client
    steps:
      - sleep: 1ms
      - open: {path: /tmp/req, flags: [write], into: fd}
      - write: {fd: $fd, data: "hello fifo"}
expect:
  exit: {server: 0, client: 0}
  console: "server got hello fifo\n"
  counters:
    server: {blocking.fifo.open: 1, blocking.pipe.read: ">= 1"}
    client: {blocking.pipe.write: ">= 1"}
)y");
  holds(r);
}

TEST_CASE("a FIFO's data does not outlive its last open end, and the discarded bytes are reported") {
  const Run r = go(R"y(
name: data dies
files:
  /tmp/f: {fifo: true, mode: 0666}
processes:
  - name: p
    steps:
      - open: {path: /tmp/f, flags: [read, nonblock], into: r}
      - open: {path: /tmp/f, flags: [write], into: w}
      - write: {fd: $w, data: "gone"}
      - close: $r
      - close: $w
      - open: {path: /tmp/f, flags: [read, nonblock], into: r}
      - open: {path: /tmp/f, flags: [write], into: w}
      - read: {fd: $r, count: 10, into: d, expect: EAGAIN}
expect:
  exit: {p: 0}
)y");
  holds(r);
  const auto& lost = r.machine->kernel().lost_messages;
  REQUIRE(lost.size() == 1);
  CHECK(lost[0].body == "gone");
  CHECK(lost[0].where == "FIFO /tmp/f");
}

TEST_CASE("a FIFO keeps its data while a writer holds it open after the last reader closes") {
  // Linux frees a pipe's buffer only when no end of either kind is open: a
  // new reader of the FIFO still gets the bytes.
  const Run r = go(R"y(
name: data kept
files:
  /tmp/f: {fifo: true, mode: 0666}
processes:
  - name: p
    steps:
      - open: {path: /tmp/f, flags: [read, nonblock], into: r}
      - open: {path: /tmp/f, flags: [write], into: w}
      - write: {fd: $w, data: "kept"}
      - close: $r
      - open: {path: /tmp/f, flags: [read], into: r}
      - read: {fd: $r, count: 10, into: d}
      - assert: "$d == 'kept'"
expect:
  exit: {p: 0}
)y");
  holds(r);
  CHECK(r.machine->kernel().lost_messages.empty());
}

TEST_CASE("unlink removes the name while open descriptors keep working") {
  const Run r = go(R"y(
name: unlink open fifo
processes:
  - name: p
    steps:
      - mkfifo: {path: /tmp/f, mode: 0600}
      - open: {path: /tmp/f, flags: [read, write], into: fd}
      - unlink: {path: /tmp/f, expect: ok}
      - open: {path: /tmp/f, flags: [read, nonblock], expect: ENOENT}
      - write: {fd: $fd, data: "still here", expect: ok}
      - read: {fd: $fd, count: 100, into: d}
      - assert: "$d == 'still here'"
      - mkfifo: {path: /tmp/f, mode: 0600, expect: ok}
      - open: {path: /tmp/f, flags: [read, nonblock], into: other}
      - write: {fd: $fd, data: "old"}
      - read: {fd: $other, count: 100, into: d, expect: ok}
      - assert: "$d == ''"
expect:
  exit: {p: 0}
)y");
  holds(r);
}

TEST_CASE("open for reading and writing does not block") {
  const Run r = go(R"y(
name: rdwr
files:
  /tmp/f: {fifo: true, mode: 0666}
processes:
  - name: p
    steps:
      - open: {path: /tmp/f, flags: [read, write], into: fd, expect: ok}
      - write: {fd: $fd, data: "self"}
      - read: {fd: $fd, count: 10, into: d}
      - assert: "$d == 'self'"
expect:
  exit: {p: 0}
  counters:
    p: {blocking_events: 0}
)y");
  holds(r);
}

TEST_CASE("a process blocked in open of a FIFO already counts as that end") {
  // The reader sleeps in open; a nonblocking open for writing finds it and
  // succeeds instead of failing with ENXIO, and wakes it.
  const Run r = go(R"y(
name: opener counts
files:
  /tmp/f: {fifo: true, mode: 0666}
processes:
  - name: reader
    steps:
      - open: {path: /tmp/f, flags: [read], into: fd}
      - read: {fd: $fd, count: 10, into: d}
      - assert: "$d == 'x'"
  - name: writer
    steps:
      - open: {path: /tmp/f, flags: [write, nonblock], into: fd, expect: ok}
      - write: {fd: $fd, data: "x", expect: ok}
expect:
  exit: {reader: 0, writer: 0}
  counters:
    reader: {blocking.fifo.open: 1}
)y");
  holds(r);
}

TEST_CASE("a blocked FIFO open interrupted by a handled signal fails with EINTR and no longer counts as an end") {
  const Run r = go(R"y(
name: open eintr
files:
  /tmp/f: {fifo: true, mode: 0666}
processes:
  - name: reader
    steps:
      - signal: {sig: SIGUSR1, handler: [{set: {h: 1}}]}
      - open: {path: /tmp/f, flags: [read], expect: EINTR}
  - name: other
    steps:
      - sleep: 1ms
      - kill: {pid: reader, sig: SIGUSR1}
      - sleep: 1ms
      - open: {path: /tmp/f, flags: [write, nonblock], expect: ENXIO}
expect:
  exit: {reader: 0, other: 0}
)y");
  holds(r);
}

TEST_CASE("open of a FIFO checks its mode bits: EACCES for another uid without the permission") {
  const Run r = go(R"y(
name: fifo permissions
files:
  /tmp/f: {fifo: true}
processes:
  - name: p
    steps:
      - open: {path: /tmp/f, flags: [write, nonblock], expect: EACCES}
      - open: {path: /tmp/f, flags: [read, nonblock], expect: ok}
expect:
  exit: {p: 0}
)y");
  holds(r);
}

}  // TEST_SUITE

}  // namespace
}  // namespace ipcsim::testing
