// File descriptors (open(2), dup(2), close(2), fork(2), execve(2);
// SCENARIO_FORMAT.md sections 3, 5 and 10): numbering, sharing of open file
// descriptions, closing, errors and the console. Whole scenarios: their
// `expect:` steps and `assert`s check what user code sees.
#include "kernel/errno.h"  // first: <cerrno> macros would break the Errno enum

#include <doctest/doctest.h>

#include <string>

#include "test_support.h"

namespace ipcsim::testing {
namespace {

Run go(const std::string& yaml) { return run(yaml, nullptr, "fd.yaml"); }

TEST_SUITE("file descriptors") {

TEST_CASE("a new fd takes the lowest free number, above 0, 1 and 2 of the console") {
  const Run r = go(R"y(
name: lowest free
files:
  /f: "text"
processes:
  - name: p
    steps:
      - pipe: {into: [r, w]}
      - assert: "$r == 3 && $w == 4"
      - open: {path: /f, flags: [read], into: f}
      - assert: "$f == 5"
      - close: $r
      - dup: {fd: $f, into: d}
      - assert: "$d == 3"
      - close: 0
      - open: {path: /f, flags: [read], into: g}
      - assert: "$g == 0"
      - pipe: {into: [a, b]}
      - assert: "$a == 6 && $b == 7"
expect:
  exit: {p: 0}
)y");
  holds(r);
}

TEST_CASE("fork shares open file descriptions: an offset the child advances is seen by the parent") {
  const Run r = go(R"y(
name: fork shares offset
files:
  /f: "abcdef"
processes:
  - name: parent
    steps:
      - open: {path: /f, flags: [read], into: f}
      - fork:
          name: child
          steps:
            - read: {fd: $f, count: 3, into: d}
            - assert: "$d == 'abc'"
      - wait: any
      - read: {fd: $f, count: 10, into: d}
      - assert: "$d == 'def'"
expect:
  exit: {parent: 0, child: 0}
)y");
  holds(r);
}

TEST_CASE("dup shares the open file description: one offset for both fds") {
  const Run r = go(R"y(
name: dup shares offset
files:
  /f: "abcdef"
processes:
  - name: p
    steps:
      - open: {path: /f, flags: [read], into: f}
      - dup: {fd: $f, into: g}
      - read: {fd: $f, count: 2, into: d}
      - read: {fd: $g, count: 2, into: e}
      - assert: "$d == 'ab' && $e == 'cd'"
      - close: $f
      - read: {fd: $g, count: 10, into: e}
      - assert: "$e == 'ef'"
expect:
  exit: {p: 0}
)y");
  holds(r);
}

TEST_CASE("closing one descriptor never closes another: a dup or a child's copy keeps the pipe end open") {
  // The parent closes its write end but the child's copy still holds it:
  // the parent's read blocks until the child writes and exits.
  const Run r = go(R"y(
name: copies keep ends open
processes:
  - name: parent
    steps:
      - pipe: {into: [r, w]}
      - dup: {fd: $w, into: w2}
      - close: $w
      - write: {fd: $w2, data: "via dup", expect: ok}
      - read: {fd: $r, count: 100, into: d}
      - assert: "$d == 'via dup'"
      - fork:
          name: child
          steps:
            - sleep: 1ms
            - write: {fd: $w2, data: "from child"}
      - close: $w2
      - read: {fd: $r, count: 100, into: d}
      - assert: "$d == 'from child'"
      - read: {fd: $r, count: 100, into: d}
      - assert: "$d == ''"
      - wait: any
expect:
  exit: {parent: 0, child: 0}
  counters:
    parent: {blocking.pipe.read: ">= 1"}
)y");
  holds(r);
}

TEST_CASE("dup2(fd, fd) returns fd and changes nothing") {
  const Run r = go(R"y(
name: dup2 same
processes:
  - name: p
    steps:
      - pipe: {into: [r, w]}
      - dup2: {from: $w, to: $w, expect: ok}
      - assert: "$ret == 4"
      - write: {fd: $w, data: "still open", expect: ok}
      - close: $w
      - read: {fd: $r, count: 100, into: d}
      - assert: "$d == 'still open'"
      - read: {fd: $r, count: 100, into: d, expect: ok}
      - assert: "$d == ''"
      - dup2: {from: 9, to: 9, expect: EBADF}
expect:
  exit: {p: 0}
)y");
  holds(r);
}

TEST_CASE("dup2 onto an open fd closes it first: a write end closed that way gives the reader end of file") {
  const Run r = go(R"y(
name: dup2 closes
processes:
  - name: p
    steps:
      - pipe: {into: [r, w]}
      - dup2: {from: 1, to: $w, expect: ok}
      - assert: "$ret == 4"
      - read: {fd: $r, count: 100, into: d, expect: ok}
      - assert: "$d == ''"
      - write: {fd: 4, data: "fd 4 is the console now\n"}
expect:
  exit: {p: 0}
  stdout: {p: "fd 4 is the console now\n"}
  counters:
    p: {blocking_events: 0}
)y");
  holds(r);
}

TEST_CASE("a bad fd is EBADF for read, write, close, dup and dup2, and so is the wrong end of a pipe") {
  const Run r = go(R"y(
name: ebadf
processes:
  - name: p
    steps:
      - read: {fd: 7, count: 1, into: d, expect: EBADF}
      - write: {fd: 7, data: "x", expect: EBADF}
      - close: {fd: 7, expect: EBADF}
      - dup: {fd: 7, expect: EBADF}
      - dup2: {from: 7, to: 1, expect: EBADF}
      - dup2: {from: 1, to: -1, expect: EBADF}
      - dup2: {from: 1, to: 1024, expect: EBADF}
      - read: {fd: -1, count: 1, into: d, expect: EBADF}
      - pipe: {into: [r, w]}
      - read: {fd: $w, count: 1, into: d, expect: EBADF}
      - write: {fd: $r, data: "x", expect: EBADF}
      - close: $r
      - close: {fd: $r, expect: EBADF}
expect:
  exit: {p: 0}
)y");
  holds(r);
}

TEST_CASE("EMFILE at 1024 fds: dup, pipe (which needs two) and open") {
  const Run r = go(R"y(
name: emfile
files:
  /f: "x"
processes:
  - name: p
    steps:
      - repeat: {times: 1021, do: [{dup: {fd: 1, expect: ok}}]}
      - assert: "$ret == 1023"
      - dup: {fd: 1, expect: EMFILE}
      - open: {path: /f, flags: [read], expect: EMFILE}
      - close: 1000
      - pipe: {into: [r, w], expect: EMFILE}
      - dup: {fd: 1, expect: ok}
      - assert: "$ret == 1000"
      - dup2: {from: 1, to: 1023, expect: ok}
expect:
  exit: {p: 0}
)y");
  holds(r);
}

TEST_CASE("exec keeps fds: the new program writes to the pipe end it inherited") {
  const Run r = go(R"y(
name: exec keeps fds
programs:
  writer:
    - write: {fd: 4, data: "from the new image", expect: ok}
processes:
  - name: parent
    steps:
      - pipe: {into: [r, w]}
      - assert: "$w == 4"
      - fork: {name: child, exec: writer}
      - close: $w
      - read: {fd: $r, count: 100, into: d}
      - assert: "$d == 'from the new image'"
      - read: {fd: $r, count: 100, into: d}
      - assert: "$d == ''"
      - wait: any
expect:
  exit: {parent: 0, writer: 0}
)y");
  holds(r);
}

TEST_CASE("exit closes every fd: a reader sees end of file when the last writer exits without closing") {
  const Run r = go(R"y(
name: exit closes
processes:
  - name: parent
    steps:
      - pipe: {into: [r, w]}
      - fork:
          name: child
          steps:
            - dup: {fd: $w}
            - dup: {fd: $w}
            - sleep: 1ms
      - close: $w
      - read: {fd: $r, count: 100, into: d, expect: ok}
      - assert: "$d == ''"
      - wait: any
expect:
  exit: {parent: 0, child: 0}
  counters:
    parent: {blocking.pipe.read: 1}
)y");
  holds(r);
}

TEST_CASE("stdin: text feeds fd 0 while fd 0 is the console, then read returns end of file") {
  const Run r = go(R"y(
name: stdin
processes:
  - name: p
    stdin: "abcde"
    steps:
      - read: {fd: 0, count: 3, into: d}
      - assert: "$d == 'abc'"
      - read: {fd: 0, count: 100, into: d}
      - assert: "$d == 'de'"
      - read: {fd: 0, count: 100, into: d, expect: ok}
      - assert: "$d == '' && $ret == 0"
  - name: q
    stdin: "line\n"
    steps:
      - pipe: {into: [r, w]}
      - write: {fd: $w, data: "from the pipe"}
      - close: $w
      - dup2: {from: $r, to: 0}
      - read: {fd: 0, count: 100, into: d}
      - assert: "$d == 'from the pipe'"
expect:
  exit: {p: 0, q: 0}
  counters:
    p: {blocking_events: 0}
)y");
  holds(r);
}

TEST_CASE("fd 1 goes to stdout, fd 2 to stderr, and the console holds both in order") {
  const Run r = go(R"y(
name: streams
processes:
  - name: p
    steps:
      - write: {fd: 1, data: "one\n"}
      - write: {fd: 2, data: "two\n"}
      - print: "three"
      - dup2: {from: 2, to: 1}
      - print: "four"
expect:
  exit: {p: 0}
  stdout: {p: "one\nthree\n"}
  stderr: {p: "two\nfour\n"}
  console: "one\ntwo\nthree\nfour\n"
)y");
  holds(r);
}

TEST_CASE("print goes through fd 1: after dup2 of a pipe onto 1 it goes into the pipe") {
  const Run r = go(R"y(
name: print into pipe
processes:
  - name: p
    steps:
      - dup: {fd: 1, into: saved}
      - pipe: {into: [r, w]}
      - dup2: {from: $w, to: 1}
      - print: "into the pipe"
      - dup2: {from: $saved, to: 1}
      - read: {fd: $r, count: 100, into: d}
      - print: "got ${d}"
expect:
  exit: {p: 0}
  console: "got into the pipe\n\n"
  counters:
    p: {syscalls.write: 2}
)y");
  holds(r);
}

}  // TEST_SUITE

}  // namespace
}  // namespace ipcsim::testing
