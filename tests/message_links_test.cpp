// Message passing over direct links (SCENARIO_FORMAT.md section 4): one link
// per pair, symmetric and asymmetric receive, link capacity, ended partners.
#include "kernel/errno.h"  // first: <cerrno> macros would break the Errno enum

#include <doctest/doctest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kernel/counters.h"
#include "kernel/kernel.h"
#include "kernel/mailbox.h"
#include "kernel/process.h"
#include "kernel/system_calls.h"
#include "kernel/user/libc.h"
#include "tools/scenario/boot.h"
#include "tools/scenario/expectations.h"
#include "tools/scenario/loader.h"

#include "test_support.h"

namespace ipcsim::kernel {
namespace {

namespace libc = user::libc;
using sim::microseconds;
using sim::milliseconds;
using testing::Body;
using testing::count;
using testing::failed;
using testing::Got;
using testing::ok;
using testing::program;
using testing::ShutdownAtEnd;

// User-space helpers with a step boundary before each call, as the step
// interpreter makes one per step.
namespace u {

using testing::u::boundary;
using testing::u::options;
using testing::u::receive_from;
using testing::u::send_to;
using testing::u::sleep;

Errno send_pid(Process& p, Pid to, std::string_view body, SendOptions o = {}) {
  return boundary(p) ? libc::send(p, ProcessSelector{{}, to}, body, o).error : Errno::eintr;
}
Got receive_any(Process& p, bool nonblocking = false) {
  if (!boundary(p)) return failed(Errno::eintr);
  Got got;
  got.error = libc::receive(p, ProcessSelector{}, true, nonblocking, got.body, got.sender).error;
  if (got.error != Errno::none) return failed(got.error);
  return got;
}

}  // namespace u

constexpr Errno none = Errno::none;
constexpr Errno eagain = Errno::eagain;

TEST_SUITE("message_passing") {

// ---- direct links ----

TEST_CASE("direct link, symmetric: receive from one process takes only its messages") {
  Kernel kernel(KernelConfig{}, Limits{});
  Process& a = kernel.create_boot_process("a", program([](Process& self) {
    u::send_to(self, "c", "from a");
  }));
  Process& b = kernel.create_boot_process("b", program([](Process& self) {
    u::send_to(self, "c", "from b");
  }));
  std::vector<Got> got;
  kernel.create_boot_process("c", program([&](Process& self) {
    got.push_back(u::receive_from(self, "b"));  // a's message is older, but not from b
    got.push_back(u::receive_from(self, "a"));
    got.push_back(u::receive_from(self, "a", true));
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(got == std::vector<Got>{ok("from b", b.pid()), ok("from a", a.pid()), failed(Errno::esrch)});
}

TEST_CASE("direct link, by pid, both directions") {
  Kernel kernel(KernelConfig{}, Limits{});
  Got at_a;
  Got at_b;
  Process& a = kernel.create_boot_process("a", program([&](Process& self) {
    u::send_pid(self, 3, "ping");
    at_a = u::receive_from(self, "b");
  }));
  Process& b = kernel.create_boot_process("b", program([&](Process& self) {
    at_b = u::receive_from(self, "a");
    u::send_pid(self, 2, "pong");
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(at_b == ok("ping", a.pid()));
  CHECK(at_a == ok("pong", b.pid()));
  CHECK(kernel.links.all().size() == 1);  // exactly one link per pair
}

TEST_CASE("direct link, asymmetric: receive from any takes the oldest message over all links") {
  Kernel kernel(KernelConfig{}, Limits{});
  Process& a = kernel.create_boot_process("a", program([](Process& self) {
    u::send_to(self, "c", "a1");
    u::sleep(self, 2 * milliseconds);
    u::send_to(self, "c", "a3");
  }));
  Process& b = kernel.create_boot_process("b", program([](Process& self) {
    u::sleep(self, 1 * milliseconds);
    u::send_to(self, "c", "b2");
  }));
  std::vector<Got> got;
  kernel.create_boot_process("c", program([&](Process& self) {
    u::sleep(self, 3 * milliseconds);
    for (int i = 0; i < 3; ++i) got.push_back(u::receive_any(self));
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(got == std::vector<Got>{ok("a1", a.pid()), ok("b2", b.pid()), ok("a3", a.pid())});
}

TEST_CASE("receive from any blocks until some partner sends, and tells who sent") {
  Kernel kernel(KernelConfig{}, Limits{});
  Got got;
  Process& c = kernel.create_boot_process("c", program([&](Process& self) { got = u::receive_any(self); }));
  Process& a = kernel.create_boot_process("a", program([](Process& self) {
    u::sleep(self, 1 * milliseconds);
    u::send_to(self, "c", "late");
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(got == ok("late", a.pid()));
  CHECK(count(c, "blocking.link.receive") == 1);
}

TEST_CASE("a direct link with capacity blocks the sender with reason link.send") {
  KernelConfig config;
  config.link_capacity = 1;
  Kernel kernel(config, Limits{});
  std::vector<Errno> sent;
  Process& s = kernel.create_boot_process("s", program([&](Process& self) {
    sent.push_back(u::send_to(self, "r", "x"));
    sent.push_back(u::send_to(self, "r", "y", u::options(true)));  // full: EAGAIN
    sent.push_back(u::send_to(self, "r", "z"));                     // full: blocks
  }));
  std::vector<Got> got;
  kernel.create_boot_process("r", program([&](Process& self) {
    got.push_back(u::receive_from(self, "s"));
    got.push_back(u::receive_from(self, "s"));
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(sent == std::vector<Errno>{none, eagain, none});
  CHECK(got == std::vector<Got>{ok("x", s.pid()), ok("z", s.pid())});
  CHECK(count(s, "blocking.link.send") == 1);
}

TEST_CASE("send to a process that has ended fails with ESRCH") {
  Kernel kernel(KernelConfig{}, Limits{});
  kernel.create_boot_process("gone", program([](Process&) {}));
  std::vector<Errno> sent;
  Process& s = kernel.create_boot_process("s", program([&](Process& self) {
    sent.push_back(u::send_to(self, "gone", "hello"));
    sent.push_back(u::send_pid(self, 2, "hello"));
    sent.push_back(u::send_to(self, "never", "hello"));
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(sent == std::vector<Errno>{Errno::esrch, Errno::esrch, Errno::esrch});
  CHECK(s.counters[Counter::messages_sent] == 0);
  CHECK(s.counters[Counter::bytes_copied] == 0);
}

TEST_CASE("receive from an ended process drains its link, then fails with ESRCH") {
  Kernel kernel(KernelConfig{}, Limits{});
  Process& a = kernel.create_boot_process("a", program([](Process& self) {
    u::send_to(self, "b", "x");
    u::send_to(self, "b", "y");
  }));
  std::vector<Got> got;
  kernel.create_boot_process("b", program([&](Process& self) {
    u::sleep(self, 1 * milliseconds);  // a has ended by now
    for (int i = 0; i < 3; ++i) got.push_back(u::receive_from(self, "a"));
    got.push_back(u::receive_from(self, "a", true));
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(got == std::vector<Got>{ok("x", a.pid()), ok("y", a.pid()), failed(Errno::esrch), failed(Errno::esrch)});
  CHECK(kernel.lost_messages.empty());
}

TEST_CASE("a receiver blocked on a partner that ends wakes with ESRCH") {
  Kernel kernel(KernelConfig{}, Limits{});
  Got got;
  Process& b = kernel.create_boot_process("b", program([&](Process& self) { got = u::receive_from(self, "a"); }));
  kernel.create_boot_process("a", program([](Process& self) { u::sleep(self, 1 * milliseconds); }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(got == failed(Errno::esrch));
  CHECK(count(b, "blocking.link.receive") == 1);
  CHECK(b.counters[Counter::time_blocked] >= 1 * milliseconds);
}

TEST_CASE("messages left in a link to an ended receiver are reported as dropped") {
  Kernel kernel(KernelConfig{}, Limits{});
  Process& a = kernel.create_boot_process("a", program([](Process& self) {
    u::send_to(self, "b", "unread");
    u::sleep(self, 1 * milliseconds);
  }));
  kernel.create_boot_process("b", program([](Process&) {}));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  REQUIRE(kernel.lost_messages.size() == 1);
  CHECK(kernel.lost_messages[0].body == "unread");
  CHECK(kernel.lost_messages[0].sender == a.pid());
}

}  // TEST_SUITE

}  // namespace
}  // namespace ipcsim::kernel
