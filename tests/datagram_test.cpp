// Datagram sockets (SCENARIO_FORMAT.md section 7): message boundaries,
// truncation, zero-length datagrams, counting, blocking, and drops.
#include "kernel/errno.h"  // first: <cerrno> macros would break the Errno enum

#include <doctest/doctest.h>

#include <string>

#include "test_support.h"

namespace ipcsim::testing {
namespace {

const std::string file = "datagrams.yaml";

// A receiver bound to 127.0.0.1:53 in $u, after `before` and then `then`.
std::string receiver(const std::string& then) {
  return "  - name: receiver\n    steps:\n"
         "      - socket: {type: dgram, into: u}\n"
         "      - bind: {fd: $u, address: \"127.0.0.1:53\"}\n" + then;
}

std::string sender(const std::string& steps) {
  return "  - name: sender\n    steps:\n      - socket: {type: dgram, into: d}\n" + steps;
}

Run run_processes(const std::string& processes) { return run("name: t\nprocesses:\n" + processes, nullptr, file); }

TEST_SUITE("datagram") {

TEST_CASE("two sendto are two recvfrom, each with its sender, each counts as a message") {
  Run r = run_processes(receiver("      - sleep: 1ms\n"
                                 "      - recvfrom: {fd: $u, into: a, sender: who}\n"
                                 "      - recvfrom: {fd: $u, into: b}\n"
                                 "      - assert: \"$a == 'one' && $b == 'two' && $who == '127.0.0.1:32768'\"\n") +
                        sender("      - sendto: {fd: $d, address: \"127.0.0.1:53\", data: one, expect: ok}\n"
                               "      - assert: \"$ret == 3\"\n"
                               "      - sendto: {fd: $d, address: \"127.0.0.1:53\", data: two}\n"));
  holds(r);
  CHECK(count(named(r, "sender"), "messages_sent") == 2);
  CHECK(count(named(r, "receiver"), "messages_received") == 2);
  CHECK(count(named(r, "sender"), "bytes_copied") == 6);
  CHECK(count(named(r, "receiver"), "bytes_copied") == 6);
}

TEST_CASE("a longer datagram is cut to count and the rest discarded, an empty one is not end of file") {
  Run r = run_processes(receiver("      - sleep: 1ms\n"
                                 "      - recvfrom: {fd: $u, count: 3, into: a}\n"
                                 "      - assert: \"$a == 'abc' && $ret == 3\"\n"
                                 "      - recvfrom: {fd: $u, into: b, sender: who}\n"
                                 "      - assert: \"$b == '' && $ret == 0 && $who == '127.0.0.1:32768'\"\n"
                                 "      - recvfrom: {fd: $u, into: c}\n"
                                 "      - assert: \"$c == 'next'\"\n") +
                        sender("      - sendto: {fd: $d, address: \"127.0.0.1:53\", data: abcdefg}\n"
                               "      - sendto: {fd: $d, address: \"127.0.0.1:53\", data: \"\"}\n"
                               "      - sendto: {fd: $d, address: \"127.0.0.1:53\", data: next}\n"));
  holds(r);
  CHECK(count(named(r, "receiver"), "messages_received") == 3);
}

TEST_CASE("a blocked recvfrom waits with reason socket.read, nonblocking fails with EAGAIN") {
  Run r = run_processes(receiver("      - recvfrom: {fd: $u, nonblocking: true, expect: EAGAIN}\n"
                                 "      - recvfrom: {fd: $u, into: a}\n      - assert: \"$a == 'late'\"\n") +
                        sender("      - sleep: 1ms\n      - sendto: {fd: $d, address: \"127.0.0.1:53\", data: late}\n"));
  holds(r);
  CHECK(count(named(r, "receiver"), "blocking.socket.read") == 1);
}

TEST_CASE("a datagram to an address with no socket is dropped silently and reported") {
  Run r = run_processes(sender("      - sendto: {fd: $d, address: \"127.0.0.1:9\", data: void, expect: ok}\n"
                               "      - sendto: {fd: $d, address: \"10.9.9.9:9\", data: far, expect: ok}\n"
                               "      - sendto: {fd: $d, address: \"bad\", data: x, expect: EINVAL}\n"));
  holds(r);
  const auto& lost = r.machine->kernel().lost_messages;
  REQUIRE(lost.size() == 2);
  CHECK(lost[0].body == "void");
  CHECK(lost[0].why == "no socket is bound there");
  CHECK(lost[1].body == "far");
}

TEST_CASE("a connected datagram socket writes to its destination and reads with read") {
  Run r = run_processes(receiver("      - read: {fd: $u, into: a}\n      - assert: \"$a == 'hi'\"\n") +
                        sender("      - write: {fd: $d, data: x, expect: EDESTADDRREQ}\n"
                               "      - connect: {fd: $d, address: \"127.0.0.1:53\", expect: ok}\n"
                               "      - write: {fd: $d, data: hi, expect: ok}\n"
                               "      - socket: {type: stream, into: t}\n"
                               "      - sendto: {fd: $t, address: \"127.0.0.1:53\", data: x, expect: ENOTCONN}\n"));
  holds(r);
}

}  // TEST_SUITE

}  // namespace
}  // namespace ipcsim::testing
