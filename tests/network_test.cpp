// The network between hosts (SCENARIO_FORMAT.md section 7): time on the
// wire for bytes, connection set-up and refusals, which addresses a host
// may bind and what 127.0.0.1 reaches, datagrams and their sender, and the
// deadlock report when the two ends of a connection are on two hosts.
// Timing tests set every cost to 0 and the latency to 1ms, so that the
// trace's times are the wire's alone.
#include "kernel/errno.h"  // first: <cerrno> macros would break the Errno enum

#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "kernel/deadlock.h"
#include "sim/time.h"
#include "sim/trace.h"
#include "test_support.h"
#include "tools/scenario/report.h"

namespace ipcsim::testing {
namespace {

using sim::milliseconds;
using sim::TraceKind;

const std::string file = "network.yaml";

const std::string two_hosts =
    "hosts:\n"
    "  - { name: alpha, address: 10.0.0.1 }\n"
    "  - { name: beta, address: 10.0.0.2 }\n";

const std::string only_the_wire =
    "kernel: {costs: {mode_switch: 0, syscall: 0, copy_byte: 0ns, context_switch: 0, interrupt: 0,"
    " user_step: 0, network_latency: 1ms}}\n";

Run run_timed(const std::string& processes, sim::TraceLog& log, bool several_hosts = true) {
  return run("name: t\n" + only_the_wire + (several_hosts ? two_hosts : std::string()) + "processes:\n" + processes,
             &log, file);
}

// The time of the first record of `process` of that kind whose detail
// starts with `detail`.
sim::Time time_of(const sim::TraceLog& log, const std::string& process, TraceKind kind, const std::string& detail) {
  for (const auto& record : log.records())
    if (record.process == process && record.kind == kind && record.detail.rfind(detail, 0) == 0) return record.time;
  FAIL("no " << sim::trace_kind_name(kind) << " record '" << detail << "' of " << process);
  return 0;
}

// A server on `address` (host `host`) that accepts one connection and reads from it.
std::string reading_server(const std::string& host, const std::string& address) {
  return "  - name: server\n" + (host.empty() ? std::string() : "    host: " + host + "\n") +
         "    steps:\n"
         "      - socket: {type: stream, into: l}\n"
         "      - bind: {fd: $l, address: \"" + address + "\"}\n"
         "      - listen: {fd: $l, backlog: 4}\n"
         "      - accept: {fd: $l, into: c}\n"
         "      - read: {fd: $c, into: m}\n"
         "      - assert: \"$m == 'x'\"\n";
}

// A client that connects to `address`, waits 5ms and writes "x".
std::string writing_client(const std::string& host, const std::string& address) {
  return "  - name: client\n" + (host.empty() ? std::string() : "    host: " + host + "\n") +
         "    steps:\n"
         "      - socket: {type: stream, into: s}\n"
         "      - connect: {fd: $s, address: \"" + address + "\", expect: ok}\n"
         "      - sleep: 5ms\n"
         "      - write: {fd: $s, data: x}\n";
}

TEST_SUITE("network") {

TEST_CASE("bytes between hosts arrive exactly network_latency after the write") {
  sim::TraceLog log;
  Run r = run_timed(reading_server("beta", "10.0.0.2:80") + writing_client("alpha", "10.0.0.2:80"), log);
  holds(r);
  const sim::Time written = time_of(log, "client", TraceKind::syscall, "write(");
  CHECK(written == 7 * milliseconds);  // connect's round trip, then the sleep
  CHECK(time_of(log, "server", TraceKind::result, "read = 1") == written + 1 * milliseconds);
  // Blocked in accept until the SYN arrived (1ms), then in read until the byte did.
  CHECK(count(named(r, "server"), "time_blocked") == 8 * milliseconds);
}

TEST_CASE("bytes on one host arrive at once: nothing is on the wire") {
  sim::TraceLog log;
  Run r = run_timed(reading_server("", "127.0.0.1:80") + writing_client("", "127.0.0.1:80"), log, false);
  holds(r);
  const sim::Time written = time_of(log, "client", TraceKind::syscall, "write(");
  CHECK(written == 5 * milliseconds);
  CHECK(time_of(log, "server", TraceKind::result, "read = 1") == written);
  CHECK(r.machine->network().deliveries_between_hosts() == 0);
}

TEST_CASE("connect between hosts completes one round trip (2 x latency) after it starts") {
  sim::TraceLog log;
  Run r = run_timed(reading_server("beta", "10.0.0.2:80") + writing_client("alpha", "10.0.0.2:80"), log);
  holds(r);
  const sim::Time started = time_of(log, "client", TraceKind::syscall, "connect(");
  CHECK(time_of(log, "client", TraceKind::result, "connect = 0") == started + 2 * milliseconds);
  CHECK(count(named(r, "client"), "blocking.socket.connect") == 1);
  // The server's end exists when the SYN arrives, half-way.
  CHECK(time_of(log, "server", TraceKind::result, "accept = ") == started + 1 * milliseconds);
}

TEST_CASE("a refusal between hosts also arrives after a round trip and on one host at once") {
  sim::TraceLog log;
  Run r = run_timed(
      "  - name: client\n    host: alpha\n    steps:\n"
      "      - socket: {type: stream, into: s}\n"
      "      - connect: {fd: $s, address: \"10.0.0.2:81\", expect: ECONNREFUSED}\n"
      "      - connect: {fd: $s, address: \"10.0.0.1:81\", expect: ECONNREFUSED}\n"
      "      - connect: {fd: $s, address: \"10.0.0.9:81\", expect: EHOSTUNREACH}\n",
      log);
  holds(r);
  const sim::Time started = time_of(log, "client", TraceKind::syscall, "connect(3, 10.0.0.2");
  CHECK(time_of(log, "client", TraceKind::syscall, "connect(3, 10.0.0.1") == started + 2 * milliseconds);
  CHECK(count(named(r, "client"), "time_blocked") == 2 * milliseconds);
}

TEST_CASE("bind: another host's address is EADDRNOTAVAIL while the own address and 127.0.0.1 are the host's") {
  Run r = run("name: t\n" + two_hosts +
                  "processes:\n"
                  "  - name: p\n    host: alpha\n    steps:\n"
                  "      - socket: {type: stream, into: a}\n"
                  "      - bind: {fd: $a, address: \"10.0.0.2:80\", expect: EADDRNOTAVAIL}\n"
                  "      - bind: {fd: $a, address: \"10.0.0.1:80\", expect: ok}\n"
                  "      - socket: {type: stream, into: b}\n"
                  "      - bind: {fd: $b, address: \"127.0.0.1:80\", expect: ok}\n"
                  "      - socket: {type: dgram, into: u}\n"
                  "      - bind: {fd: $u, address: \"10.0.0.2:53\", expect: EADDRNOTAVAIL}\n"
                  // The same port on the other host is free: bindings are per host.
                  "  - name: q\n    host: beta\n    steps:\n"
                  "      - socket: {type: stream, into: a}\n"
                  "      - bind: {fd: $a, address: \"10.0.0.2:80\", expect: ok}\n"
                  "      - socket: {type: stream, into: b}\n"
                  "      - bind: {fd: $b, address: \"127.0.0.1:80\", expect: ok}\n",
              nullptr, file);
  holds(r);
}

TEST_CASE("127.0.0.1 is the caller's own loopback: it does not reach a listener on another host") {
  sim::TraceLog log;
  Run r = run_timed(
      "  - name: server\n    host: beta\n    steps:\n"
      "      - socket: {type: stream, into: l}\n"
      "      - bind: {fd: $l, address: \"127.0.0.1:80\"}\n"
      "      - listen: {fd: $l, backlog: 4}\n"
      "      - accept: {fd: $l, into: c, peer: who}\n"
      "      - assert: \"$who == '127.0.0.1:32768'\"\n"
      "  - name: near\n    host: beta\n    steps:\n"
      "      - sleep: 10ms\n"
      "      - socket: {type: stream, into: s}\n"
      "      - connect: {fd: $s, address: \"127.0.0.1:80\", expect: ok}\n"
      "  - name: far\n    host: alpha\n    steps:\n"
      "      - socket: {type: stream, into: s}\n"
      // Its own loopback, where nobody listens: refused at once.
      "      - connect: {fd: $s, address: \"127.0.0.1:80\", expect: ECONNREFUSED}\n"
      // beta's listener is bound to beta's loopback only: refused after a round trip.
      "      - socket: {type: stream, into: t}\n"
      "      - connect: {fd: $t, address: \"10.0.0.2:80\", expect: ECONNREFUSED}\n",
      log);
  holds(r);
  CHECK(count(named(r, "far"), "time_blocked") == 2 * milliseconds);
}

TEST_CASE("a datagram between hosts arrives after the latency with the sending host's address as sender") {
  sim::TraceLog log;
  Run r = run_timed(
      "  - name: receiver\n    host: beta\n    steps:\n"
      "      - socket: {type: dgram, into: u}\n"
      "      - bind: {fd: $u, address: \"10.0.0.2:53\"}\n"
      "      - recvfrom: {fd: $u, into: m, sender: who}\n"
      "      - assert: \"$m == 'ping' && $who == '10.0.0.1:32768'\"\n"
      "      - sendto: {fd: $u, address: \"${who}\", data: pong}\n"
      "  - name: sender\n    host: alpha\n    steps:\n"
      "      - socket: {type: dgram, into: d}\n"
      "      - sleep: 3ms\n"
      "      - sendto: {fd: $d, address: \"10.0.0.2:53\", data: ping}\n"
      "      - recvfrom: {fd: $d, into: m, sender: who}\n"
      "      - assert: \"$m == 'pong' && $who == '10.0.0.2:53'\"\n",
      log);
  holds(r);
  const sim::Time sent_at = time_of(log, "sender", TraceKind::syscall, "sendto(");
  CHECK(sent_at == 3 * milliseconds);
  CHECK(time_of(log, "receiver", TraceKind::result, "recvfrom = 4") == sent_at + 1 * milliseconds);
  CHECK(time_of(log, "sender", TraceKind::result, "recvfrom = 4") == sent_at + 2 * milliseconds);
  CHECK(count(named(r, "sender"), "messages_sent") == 1);
  CHECK(count(named(r, "receiver"), "messages_received") == 1);
  CHECK(r.machine->network().deliveries_between_hosts() == 2);
  CHECK(r.machine->network().time_on_the_wire() == 2 * milliseconds);
}

TEST_CASE("a client bound to 0.0.0.0 on another host shows the peer its source address and never 0.0.0.0") {
  Run r = run("name: t\n" + two_hosts +
                  "processes:\n"
                  "  - name: server\n    host: beta\n    steps:\n"
                  "      - socket: {type: stream, into: l}\n"
                  "      - bind: {fd: $l, address: \"0.0.0.0:80\"}\n"
                  "      - listen: {fd: $l, backlog: 4}\n"
                  "      - accept: {fd: $l, into: c, peer: who}\n"
                  "      - assert: \"$who == '10.0.0.1:5000'\"\n"
                  "      - accept: {fd: $l, into: c, peer: who}\n"
                  "      - assert: \"$who == '127.0.0.1:5000'\"\n"
                  "  - name: far\n    host: alpha\n    steps:\n"
                  "      - socket: {type: stream, into: s}\n"
                  "      - bind: {fd: $s, address: \"0.0.0.0:5000\"}\n"
                  "      - connect: {fd: $s, address: \"10.0.0.2:80\", expect: ok}\n"
                  "  - name: near\n    host: beta\n    steps:\n"
                  "      - sleep: 1ms\n"
                  "      - socket: {type: stream, into: s}\n"
                  "      - bind: {fd: $s, address: \"0.0.0.0:5000\"}\n"
                  "      - connect: {fd: $s, address: \"127.0.0.1:80\", expect: ok}\n",
              nullptr, file);
  holds(r);
}

TEST_CASE("a client and a server on two hosts each reading from the other: the report explains both sides") {
  Run r = run("name: t\n" + two_hosts + "processes:\n" +
                  "  - name: server\n    host: beta\n    steps:\n"
                  "      - socket: {type: stream, into: l}\n"
                  "      - bind: {fd: $l, address: \"10.0.0.2:80\"}\n"
                  "      - listen: {fd: $l, backlog: 4}\n"
                  "      - accept: {fd: $l, into: c}\n"
                  "      - read: {fd: $c}\n"
                  "  - name: client\n    host: alpha\n    steps:\n"
                  "      - socket: {type: stream, into: s}\n"
                  "      - connect: {fd: $s, address: \"10.0.0.2:80\"}\n"
                  "      - read: {fd: $s}\n",
              nullptr, file);
  REQUIRE(r.outcome == kernel::RunOutcome::deadlock);
  const kernel::DeadlockReport& report = r.machine->blocked();
  REQUIRE(report.blocked.size() == 2);
  const kernel::BlockedProcess& client = report.blocked[0];
  const kernel::BlockedProcess& server = report.blocked[1];
  CHECK(client.host == "alpha");
  CHECK(client.name == "client");
  CHECK(client.reason == "socket.read");
  INFO(client.explanation);
  CHECK(client.explanation.find("from its peer socket") != std::string::npos);
  CHECK(client.explanation.find("10.0.0.2:80 -> 10.0.0.1:32768") != std::string::npos);
  CHECK(client.explanation.find("process 2 (server) on host beta fd 4") != std::string::npos);
  CHECK(server.host == "beta");
  INFO(server.explanation);
  CHECK(server.explanation.find("process 2 (client) on host alpha fd 3") != std::string::npos);
  // Pids are per host: pid 2 on beta is not pid 2 on alpha, so no edge
  // crosses hosts and no (false) cycle of one process is drawn.
  CHECK(client.waits_for.empty());
  CHECK(server.waits_for.empty());
  CHECK(report.cycle.empty());
  std::ostringstream out;
  scenario::print_summary(out, *r.machine);
  CHECK(out.str().find("alpha pid 2 client: in read (socket.read") != std::string::npos);
  CHECK(out.str().find("beta pid 2 server: in read (socket.read") != std::string::npos);
  CHECK(out.str().find("wait-for cycle:") == std::string::npos);
}

}  // TEST_SUITE

}  // namespace
}  // namespace ipcsim::testing
