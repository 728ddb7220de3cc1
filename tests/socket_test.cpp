// Stream sockets (SCENARIO_FORMAT.md sections 3 and 7): binding, the
// handshake and backlog, a byte stream through finite buffers, and what
// closing one end does to the other, each rule as Linux has it.
#include "kernel/errno.h"  // first: <cerrno> macros would break the Errno enum

#include <doctest/doctest.h>

#include <string>

#include "kernel/deadlock.h"
#include "test_support.h"

namespace ipcsim::testing {
namespace {

const std::string file = "sockets.yaml";

// A server on 127.0.0.1:80 that accepts one connection into $c, then `then`.
std::string server(const std::string& then, const std::string& before_accept = "") {
  return "  - name: server\n    steps:\n"
         "      - socket: {type: stream, into: l}\n"
         "      - bind: {fd: $l, address: \"127.0.0.1:80\"}\n"
         "      - listen: {fd: $l, backlog: 1}\n" +
         before_accept + "      - accept: {fd: $l, into: c, peer: who}\n" + then;
}

// A client connected to 127.0.0.1:80 in $s, then `then`.
std::string client(const std::string& then, const std::string& name = "client") {
  return "  - name: " + name + "\n    steps:\n"
         "      - socket: {type: stream, into: s}\n"
         "      - connect: {fd: $s, address: \"127.0.0.1:80\", expect: ok}\n" + then;
}

Run run_processes(const std::string& processes, const std::string& extra = "") {
  return run("name: t\n" + extra + "processes:\n" + processes, nullptr, file);
}

TEST_SUITE("socket") {

TEST_CASE("bind: EADDRINUSE per protocol, EADDRNOTAVAIL off the host, EINVAL when bound twice") {
  Run r = run_processes(
      "  - name: p\n    steps:\n"
      "      - socket: {type: stream, into: a}\n"
      "      - bind: {fd: $a, address: \"127.0.0.1:80\", expect: ok}\n"
      "      - bind: {fd: $a, address: \"127.0.0.1:81\", expect: EINVAL}\n"
      "      - socket: {type: stream, into: b}\n"
      "      - bind: {fd: $b, address: \"127.0.0.1:80\", expect: EADDRINUSE}\n"
      "      - bind: {fd: $b, address: \"0.0.0.0:80\", expect: EADDRINUSE}\n"
      "      - bind: {fd: $b, address: \"10.0.0.9:80\", expect: EADDRNOTAVAIL}\n"
      "      - bind: {fd: $b, address: \"not an address\", expect: EINVAL}\n"
      "      - bind: {fd: 1, address: \"127.0.0.1:82\", expect: ENOTSOCK}\n"
      "      - bind: {fd: 9, address: \"127.0.0.1:82\", expect: EBADF}\n"
      // UDP has a port space of its own.
      "      - socket: {type: dgram, into: u}\n"
      "      - bind: {fd: $u, address: \"127.0.0.1:80\", expect: ok}\n"
      // Closing frees the port.
      "      - close: $a\n"
      "      - bind: {fd: $b, address: \"127.0.0.1:80\", expect: ok}\n");
  holds(r);
}

TEST_CASE("connect completes into the backlog before accept, ephemeral ports count up from 32768") {
  Run r = run_processes(server("      - print: \"${who}\"\n      - accept: {fd: $l, into: c2, peer: who2}\n"
                               "      - print: \"${who2}\"\n",
                               "      - listen: {fd: $l, backlog: 2}\n      - sleep: 1ms\n") +
                        client("      - print: \"connected\"\n      - sleep: 2ms\n", "first") + client("", "second"));
  holds(r);
  CHECK(r.machine->kernel().console == "connected\n127.0.0.1:32768\n127.0.0.1:32769\n");
  CHECK(count(named(r, "first"), "blocking.socket.connect") == 0);
  CHECK(count(named(r, "server"), "blocking.socket.accept") == 0);
}

TEST_CASE("a full backlog makes connect wait (socket.connect), or fail with EAGAIN when nonblocking") {
  Run r = run_processes(server("      - accept: {fd: $l, into: c2}\n", "      - sleep: 1ms\n") +
                        client("") + client("", "waiter") +
                        "  - name: impatient\n    steps:\n      - socket: {type: stream, into: s}\n"
                        "      - connect: {fd: $s, address: \"127.0.0.1:80\", nonblocking: true, expect: EAGAIN}\n");
  holds(r);
  CHECK(count(named(r, "waiter"), "blocking.socket.connect") == 1);
  CHECK(count(named(r, "client"), "blocking.socket.connect") == 0);
}

TEST_CASE("a connect interrupted while it waits for backlog room leaves nothing behind") {
  Run r = run_processes(server("      - accept: {fd: $l, nonblocking: true, expect: EAGAIN}\n", "      - sleep: 1ms\n") +
                        client("      - sleep: 2ms\n") +
                        "  - name: waiter\n    steps:\n      - signal: {sig: SIGALRM, handler: [{set: {rang: 1}}]}\n"
                        "      - alarm: 100us\n      - socket: {type: stream, into: s}\n"
                        "      - connect: {fd: $s, address: \"127.0.0.1:80\", expect: EINTR}\n");
  holds(r);
  CHECK(count(named(r, "waiter"), "blocking.socket.connect") == 1);
}

TEST_CASE("ECONNREFUSED without a listener, EISCONN when connected, EINVAL on a listener") {
  Run r = run_processes(server("") + client(
      "      - connect: {fd: $s, address: \"127.0.0.1:80\", expect: EISCONN}\n"
      "      - socket: {type: stream, into: t}\n"
      "      - connect: {fd: $t, address: \"127.0.0.1:99\", expect: ECONNREFUSED}\n"
      "      - connect: {fd: $t, address: \"10.1.1.1:99\", expect: EHOSTUNREACH}\n"
      "      - listen: {fd: $t}\n"
      "      - connect: {fd: $t, address: \"127.0.0.1:80\", expect: EINVAL}\n"
      "      - accept: {fd: $s, expect: EINVAL}\n"));
  holds(r);
}

TEST_CASE("a byte stream keeps no boundaries: two writes are read as one") {
  Run r = run_processes(server("      - sleep: 1ms\n      - read: {fd: $c, into: got}\n"
                               "      - assert: \"$got == 'onetwo' && $ret == 6\"\n") +
                        client("      - write: {fd: $s, data: one}\n      - write: {fd: $s, data: two}\n"));
  holds(r);
  // One copy in at each write, one copy out at the read; no messages.
  CHECK(count(named(r, "client"), "bytes_copied") == 6);
  CHECK(count(named(r, "server"), "bytes_copied") == 6);
  CHECK(count(named(r, "client"), "messages_sent") == 0);
}

TEST_CASE("the buffer is finite: a writer sleeps (socket.write) while the peer does not read") {
  // 8 bytes into 6 of room: the writer sleeps until the reader takes 3,
  // then finishes; "xy" finds 1 byte of room (a partial write), "more" none.
  Run r = run_processes(server("      - sleep: 1ms\n      - read: {fd: $c, count: 3, into: a}\n"
                               "      - sleep: 2ms\n      - read: {fd: $c, count: 100, into: b}\n"
                               "      - assert: \"$a == 'abc' && $b == 'defghx'\"\n") +
                            client("      - write: {fd: $s, data: abcdefgh, expect: ok}\n"
                                   "      - assert: \"$ret == 8\"\n"
                                   "      - write: {fd: $s, data: xy, nonblocking: true, expect: ok}\n"
                                   "      - assert: \"$ret == 1\"\n"
                                   "      - write: {fd: $s, data: more, nonblocking: true, expect: EAGAIN}\n"
                                   "      - sleep: 5ms\n"),
                        "kernel: {socket_buffer: 6}\n");
  holds(r);
  CHECK(count(named(r, "client"), "blocking.socket.write") == 1);
}

TEST_CASE("nonblocking accept and read fail with EAGAIN") {
  Run r = run_processes(
      "  - name: p\n    steps:\n"
      "      - socket: {type: stream, into: l}\n"
      "      - listen: {fd: $l}\n"
      "      - accept: {fd: $l, nonblocking: true, expect: EAGAIN}\n"
      "      - socket: {type: stream, into: u}\n"
      "      - read: {fd: $u, expect: ENOTCONN}\n"
      "      - write: {fd: $u, data: x, expect: EPIPE}\n"
      "      - signal: {sig: SIGPIPE, handler: ignore}\n" +
      server("      - read: {fd: $c, nonblocking: true, expect: EAGAIN}\n") + client("      - sleep: 1ms\n"));
  // The first process's write to an unconnected socket raised SIGPIPE.
  CHECK(named(r, "p").exit_signal == kernel::signal_pipe);
  CHECK(named(r, "server").exit_code == 0);
}

TEST_CASE("after the peer closes: end of file, the first write succeeds, the next is EPIPE with SIGPIPE") {
  Run r = run_processes(server("      - close: $c\n") +
                        client("      - sleep: 1ms\n"
                               "      - read: {fd: $s, into: got, expect: ok}\n"
                               "      - assert: \"$got == '' && $ret == 0\"\n"
                               "      - write: {fd: $s, data: lost, expect: ok}\n"
                               "      - signal: {sig: SIGPIPE, handler: ignore}\n"
                               "      - write: {fd: $s, data: x, expect: EPIPE}\n"
                               "      - write: {fd: $s, data: x, expect: EPIPE}\n"
                               "      - read: {fd: $s, into: got, expect: ok}\n"));
  holds(r);
  CHECK(count(named(r, "client"), "signals_sent") == 2);
  CHECK(!r.machine->kernel().lost_messages.empty());
}

TEST_CASE("the default SIGPIPE ends a process that writes twice after its peer closed") {
  Run r = run_processes(server("      - close: $c\n") +
                        client("      - sleep: 1ms\n      - write: {fd: $s, data: a}\n"
                               "      - write: {fd: $s, data: b}\n      - print: never\n"));
  CHECK(named(r, "client").exit_signal == kernel::signal_pipe);
  CHECK(r.machine->kernel().console.empty());
}

TEST_CASE("closing with unread data resets: the peer's next read is ECONNRESET, then end of file") {
  Run r = run_processes(server("      - sleep: 1ms\n      - close: $c\n") +
                        client("      - write: {fd: $s, data: unread}\n      - sleep: 2ms\n"
                               "      - read: {fd: $s, expect: ECONNRESET}\n"
                               "      - read: {fd: $s, into: got, expect: ok}\n      - assert: \"$got == ''\"\n"
                               "      - signal: {sig: SIGPIPE, handler: ignore}\n"
                               "      - write: {fd: $s, data: x, expect: EPIPE}\n"));
  holds(r);
  REQUIRE(r.machine->kernel().lost_messages.size() == 1);
  CHECK(r.machine->kernel().lost_messages[0].body == "unread");
}

TEST_CASE("shutdown: write sends end of file and makes own writes EPIPE, read makes own reads end") {
  Run r = run_processes(server("      - read: {fd: $c, into: got}\n      - assert: \"$got == ''\"\n"
                               "      - write: {fd: $c, data: still}\n") +
                        client("      - shutdown: {fd: $s, how: write}\n"
                               "      - signal: {sig: SIGPIPE, handler: ignore}\n"
                               "      - write: {fd: $s, data: x, expect: EPIPE}\n"
                               "      - read: {fd: $s, into: got}\n      - assert: \"$got == 'still'\"\n"
                               "      - shutdown: {fd: $s, how: read}\n"
                               "      - read: {fd: $s, into: got, expect: ok}\n      - assert: \"$got == ''\"\n") +
                        "  - name: lone\n    steps:\n      - socket: {type: stream, into: s}\n"
                        "      - shutdown: {fd: $s, how: both, expect: ENOTCONN}\n");
  holds(r);
}

TEST_CASE("close is per descriptor: a forked copy keeps the connection open") {
  Run r = run_processes(server("      - read: {fd: $c, into: got}\n      - assert: \"$got == 'from child'\"\n") +
                        client("      - fork: {steps: [{sleep: 1ms}, {write: {fd: $s, data: from child}}]}\n"
                               "      - close: $s\n      - wait: any\n"));
  holds(r);
}

TEST_CASE("a client and a server each reading from the other deadlock, with the cycle named") {
  Run r = run_processes(server("      - read: {fd: $c}\n") + client("      - read: {fd: $s}\n"));
  REQUIRE(r.outcome == kernel::RunOutcome::deadlock);
  const kernel::DeadlockReport report = kernel::analyze_blocked(r.machine->kernel());
  REQUIRE(report.blocked.size() == 2);
  CHECK(report.blocked[0].reason == "socket.read");
  CHECK(report.blocked[0].explanation.find("from its peer socket") != std::string::npos);
  CHECK(report.blocked[0].explanation.find("open in process 3 (client) fd 3") != std::string::npos);
  CHECK(report.cycle == std::vector<Pid>{2, 3});
}

}  // TEST_SUITE

}  // namespace
}  // namespace ipcsim::testing
