// System V shared memory (SCENARIO_FORMAT.md section 3 "Shared memory",
// sections 6 and 10): shmget, shmat, shmdt, shmctl, user-mode loads and
// stores, page faults and SIGSEGV. One case per rule; the numbers expected
// follow from the rules and the default costs, not from the simulator's output.
#include "kernel/errno.h"  // first: <cerrno> macros would break the Errno enum

#include <doctest/doctest.h>

#include <string>

#include "kernel/counters.h"
#include "kernel/process.h"

#include "test_support.h"

namespace ipcsim::kernel {
namespace {

using testing::count;
using testing::holds;
using testing::named;
using testing::run;
using testing::Run;
using testing::sent;

TEST_SUITE("shared_memory") {

TEST_CASE("shmget: a key names one segment, private (and key 0) always makes a new one") {
  const Run r = run(R"(
name: keys
processes:
  - name: p
    steps:
      - shmget: {key: 42, size: 100, create: true, into: a}
      - shmget: {key: 42, size: 100, create: true, into: b}
      - shmget: {key: 42, into: c}
      - assert: "$a == 1 && $b == 1 && $c == 1 && $ret == 0"
      - shmget: {key: private, size: 100, into: d}
      - shmget: {key: private, size: 100, into: e}
      - shmget: {key: 0, size: 100, into: f}
      - assert: "$d == 2 && $e == 3 && $f == 4"
)");
  holds(r);
  CHECK(count(named(r, "p"), "syscalls.shmget") == 6);
}

TEST_CASE("shmget errors: EEXIST, ENOENT, EINVAL for size 0 and for more than the segment has") {
  const Run r = run(R"(
name: shmget errors
processes:
  - name: p
    steps:
      - shmget: {key: 7, expect: ENOENT}
      - shmget: {key: 7, size: 0, create: true, expect: EINVAL}
      - shmget: {key: private, size: 0, expect: EINVAL}
      - shmget: {key: 7, size: 100, create: true, exclusive: true, expect: ok}
      - shmget: {key: 7, size: 100, create: true, exclusive: true, expect: EEXIST}
      - shmget: {key: 7, size: 101, expect: EINVAL}
      - shmget: {key: 7, size: 50, expect: ok}
      - shmget: {key: 7, size: 4096, create: true, expect: EINVAL}
)");
  holds(r);
}

TEST_CASE("shmat checks the mode bits against the uid: owner, others, read-only, root") {
  const Run r = run(R"(
name: shmat permissions
processes:
  - name: owner
    uid: 1000
    steps:
      - shmget: {key: 1, size: 4KiB, create: true, mode: 0604, into: id}
      - shmat: {id: $id, expect: ok}
      - shmget: {key: 2, size: 4KiB, create: true, mode: 0400, into: mine}
      - shmat: {id: $mine, expect: EACCES}
      - shmat: {id: $mine, readonly: true, expect: ok}
      - shmat: {id: 99, expect: EINVAL}
  - name: other
    uid: 2000
    steps:
      - shmat: {id: 1, expect: EACCES}
      - shmat: {id: 1, readonly: true, expect: ok}
      - shmget: {key: 1, mode: 0600, expect: EACCES}
      - shmget: {key: 1, mode: 0400, expect: ok}
      - shmget: {key: 1, expect: ok}
      - shmat: {id: 2, readonly: true, expect: EACCES}
  - name: root
    uid: 0
    steps:
      - shmat: {id: 2, expect: ok}
      - shmget: {key: 2, mode: 0666, expect: ok}
)");
  holds(r);
}

TEST_CASE("shmat returns page-aligned addresses from 0x7f0000000000, a guard page apart, per process") {
  const Run r = run(R"(
name: addresses
kernel: {page_size: 1000}
processes:
  - name: p
    steps:
      - shmget: {key: private, size: 1500, into: id}
      - shmat: {id: $id, into: a}
      - shmat: {id: $id, into: b}
      - assert: "$a % 1000 == 0 && $a >= 139637976727552 && $a < 139637976727552 + 1000"
      - assert: "$b == $a + 3000"
      - assert: "$ret == 0"
  - name: q
    steps:
      - shmat: {id: 1, into: a}
      - assert: "$a == 139637976728000"
)");
  holds(r);
}

TEST_CASE("a page fault on each process's first touch of each page, and its cost") {
  // 0.250 shmget + 0.250 shmat + 0.010 store + 2.200 fault (2 x 100ns + 2us),
  // then 5 more user steps, one spanning pages 1 and 2 (two faults), and the
  // exit trap (150ns).
  const Run r = run(R"(
name: faults
processes:
  - name: p
    steps:
      - shmget: {key: private, size: 12KiB, into: id}
      - shmat: {id: $id, into: a}
      - store: {addr: $a, value: 1}
      - store: {addr: "$a + 8", value: 2}
      - load: {addr: $a, into: x}
      - store: {addr: "$a + 8188", text: "12345678"}
      - load: {addr: "$a + 8188", size: 8, text: true, into: s}
      - assert: "$s == '12345678' && $x == 1"
)");
  holds(r);
  const Process& p = named(r, "p");
  CHECK(count(p, "page_faults") == 3);
  // start 1 + shmget 2 + shmat 2 + three faults 6 + exit 1
  CHECK(count(p, "mode_switches") == 12);
  CHECK(count(p, "syscalls") == 3);
  CHECK(p.exit_time == 250 + 250 + 6 * 10 + 3 * 2200 + 150);
}

TEST_CASE("fork: the child shares the attachments and faults on its own first touch") {
  const Run r = run(R"(
name: fork
processes:
  - name: parent
    steps:
      - shmget: {key: private, size: 4KiB, into: id}
      - shmat: {id: $id, into: a}
      - store: {addr: $a, value: 7}
      - fork:
          name: child
          steps:
            - load: {addr: $a, into: x}
            - assert: "$x == 7"
            - store: {addr: $a, value: 8}
            - shmctl: {id: $id, cmd: stat, into: info}
            - assert: "$info.nattch == 2"
      - wait: any
      - load: {addr: $a, into: y}
      - assert: "$y == 8"
      - shmctl: {id: $id, cmd: stat, into: info}
      - assert: "$info.nattch == 1"
)");
  holds(r);
  CHECK(count(named(r, "parent"), "page_faults") == 1);
  CHECK(count(named(r, "child"), "page_faults") == 1);
}

TEST_CASE("exec and exit detach every attachment") {
  const Run r = run(R"(
name: exec and exit
programs:
  fresh:
    - shmctl: {id: 1, cmd: stat, into: info}
    - assert: "$info.nattch == 1"
    - load: {addr: 139637976727552, into: x}
processes:
  - name: parent
    steps:
      - shmget: {key: private, size: 4KiB, into: id}
      - shmat: {id: $id, into: a}
      - fork: {name: execs, exec: fresh}
      - wait: {pid: any, into: status}
      - assert: "$status.signal == 'SIGSEGV'"
      - fork:
          name: exits
          steps:
            - shmat: {id: $id}
            - shmctl: {id: $id, cmd: stat, into: info}
            - assert: "$info.nattch == 3"
      - wait: any
      - shmctl: {id: $id, cmd: stat, into: info}
      - assert: "$info.nattch == 1"
)");
  holds(r);
  const Process& fresh = named(r, "fresh");
  CHECK(fresh.exit_signal == 11);
  CHECK(count(fresh, "page_faults") == 1);
}

TEST_CASE("rmid frees the key at once; the id lives until the last detach, then EINVAL") {
  const Run r = run(R"(
name: rmid
processes:
  - name: owner
    uid: 1000
    steps:
      - shmget: {key: 5, size: 4KiB, create: true, mode: 0666, into: id}
      - shmat: {id: $id, into: a}
      - sleep: 1ms
      - shmctl: {id: $id, cmd: rmid, expect: ok}
      - shmget: {key: 5, expect: ENOENT}
      - shmat: {id: $id, into: b, expect: ok}
      - shmctl: {id: $id, cmd: stat, into: info}
      - assert: "$info.nattch == 2"
      - shmctl: {id: $id, cmd: rmid, expect: ok}
      - shmdt: $a
      - shmdt: $b
      - shmat: {id: $id, expect: EINVAL}
      - shmctl: {id: $id, cmd: rmid, expect: EINVAL}
      - shmget: {key: 5, size: 8, create: true, into: again}
      - assert: "$again == 2"
      - shmget: {key: private, size: 8, into: unattached}
      - shmctl: {id: $unattached, cmd: rmid, expect: ok}
      - shmctl: {id: $unattached, cmd: stat, expect: EINVAL}
  - name: stranger
    uid: 2000
    steps:
      - shmctl: {id: 1, cmd: rmid, expect: EPERM}
  - name: admin
    uid: 0
    steps:
      - sleep: 2ms
      - shmctl: {id: 2, cmd: rmid, expect: ok}
)");
  holds(r);
}

TEST_CASE("stat: size as asked, nattch, mode bits and owner; EACCES without read permission") {
  const Run r = run(R"(
name: stat
processes:
  - name: p
    uid: 1234
    steps:
      - shmget: {key: private, size: 100, mode: 0640, into: id}
      - shmat: {id: $id}
      - shmctl: {id: $id, cmd: stat, into: info}
      - assert: "$info.size == 100 && $info.nattch == 1 && $info.mode == 416 && $info.owner == 1234"
      - assert: "$ret == 0"
  - name: q
    uid: 99
    steps:
      - shmctl: {id: 1, cmd: stat, expect: EACCES}
)");
  holds(r);
}

TEST_CASE("shmdt takes the start of an attachment only") {
  const Run r = run(R"(
name: shmdt
processes:
  - name: p
    steps:
      - shmget: {key: private, size: 4KiB, into: id}
      - shmat: {id: $id, into: a}
      - shmdt: {addr: "$a + 8", expect: EINVAL}
      - shmdt: {addr: $a, expect: ok}
      - shmdt: {addr: $a, expect: EINVAL}
)");
  holds(r);
}

TEST_CASE("a store through a read-only attachment raises SIGSEGV and kills") {
  const Run r = run(R"(
name: readonly
processes:
  - name: p
    steps:
      - shmget: {key: private, size: 4KiB, into: id}
      - shmat: {id: $id, readonly: true, into: a}
      - load: {addr: $a, into: x}
      - assert: "$x == 0"
      - store: {addr: $a, value: 1}
      - print: never
expect:
  exit: {p: SIGSEGV}
  stdout: {p: ""}
)");
  holds(r);
  const Process& p = named(r, "p");
  CHECK(count(p, "page_faults") == 2);  // the load's first touch, then the store
  CHECK(sent(p) == 1);                   // raised by the kernel, counted as p's
  CHECK(count(p, "signals_delivered") == 1);
  // start 1 + shmget 2 + shmat 2 + the load's fault 2 + the SIGSEGV fault's entry 1
  CHECK(count(p, "mode_switches") == 8);
}

TEST_CASE("an access outside every attachment, or running off the end of one, raises SIGSEGV") {
  const Run r = run(R"(
name: outside
processes:
  - name: nowhere
    steps:
      - load: {addr: 4096, into: x}
  - name: off_the_end
    steps:
      - shmget: {key: private, size: 4KiB, into: id}
      - shmat: {id: $id, into: a}
      - load: {addr: "$a + 4092", into: x}
  - name: cas_on_readonly
    steps:
      - shmget: {key: private, size: 4KiB, into: id}
      - shmat: {id: $id, readonly: true, into: a}
      - cas: {addr: $a, expected: 5, value: 6}
expect:
  exit: {nowhere: SIGSEGV, off_the_end: SIGSEGV, cas_on_readonly: SIGSEGV}
)");
  holds(r);
  CHECK(count(named(r, "nowhere"), "page_faults") == 1);
  CHECK(count(named(r, "off_the_end"), "page_faults") == 1);
  CHECK(count(named(r, "cas_on_readonly"), "page_faults") == 1);
}

TEST_CASE("a SIGSEGV that is ignored or blocked still kills, as Linux forces it") {
  const Run r = run(R"(
name: forced
processes:
  - name: ignores
    steps:
      - signal: {sig: SIGSEGV, handler: ignore}
      - store: {addr: 8, value: 1}
  - name: blocks
    steps:
      - sigprocmask: {block: [SIGSEGV]}
      - store: {addr: 8, value: 1}
expect:
  exit: {ignores: SIGSEGV, blocks: SIGSEGV}
)");
  holds(r);
}

TEST_CASE("after a SIGSEGV handler returns, the faulting step runs again") {
  const Run r = run(R"(
name: retry
processes:
  - name: p
    steps:
      - shmget: {key: private, size: 4KiB, into: id}
      - shmat: {id: $id, into: a}
      - set: {n: 0, where: 0}
      - signal: {sig: SIGSEGV, handler: [{set: {n: "$n + 1", where: $a}}]}
      - store: {addr: $where, value: 5}
      - load: {addr: $a, into: x}
      - assert: "$n == 1 && $x == 5"
)");
  holds(r);
  const Process& p = named(r, "p");
  CHECK(count(p, "page_faults") == 2);  // the stray store, then the first touch on the retry
  CHECK(count(p, "syscalls.sigreturn") == 1);
  CHECK(sent(p) == 1);
}

TEST_CASE("words are 8 bytes little-endian; pages start zero-filled; atomic_add and cas") {
  const Run r = run(R"(
name: words
processes:
  - name: p
    steps:
      - shmget: {key: private, size: 4KiB, into: id}
      - shmat: {id: $id, into: a}
      - load: {addr: "$a + 100", into: zero}
      - assert: "$zero == 0"
      - store: {addr: $a, text: "AB"}
      - load: {addr: $a, into: w}
      - assert: "$w == 16961"
      - store: {addr: $a, value: -1}
      - load: {addr: $a, into: w}
      - assert: "$w == -1"
      - store: {addr: $a, value: 10}
      - atomic_add: {addr: $a, value: 5, into: old}
      - assert: "$old == 10"
      - cas: {addr: $a, expected: 99, value: 1, into: old}
      - load: {addr: $a, into: w}
      - assert: "$old == 15 && $w == 15"
      - cas: {addr: $a, expected: 15, value: 1, into: old}
      - load: {addr: $a, into: w}
      - assert: "$old == 15 && $w == 1"
)");
  holds(r);
  CHECK(count(named(r, "p"), "syscalls") == 3);  // shmget, shmat, exit: the accesses are no calls
}

}  // TEST_SUITE

}  // namespace
}  // namespace ipcsim::kernel
