// Message passing (SCENARIO_FORMAT.md section 4): mailboxes in every
// combination of buffering and (non-)blocking send and receive, direct links
// symmetric and asymmetric, ended partners, destruction and permissions.
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
using testing::declare;
using testing::failed;
using testing::Got;
using testing::ok;
using testing::program;
using testing::ShutdownAtEnd;

// User-space helpers with a step boundary before each call, as the step
// interpreter makes one per step.
namespace u {

using testing::u::options;
using testing::u::receive_box;
using testing::u::receive_from;
using testing::u::send_box;
using testing::u::send_to;
using testing::u::sleep;

}  // namespace u

// One sender and one receiver on a kernel-owned mailbox: the sender sends
// m0, m1, ... `sends` times, the receiver receives `receives` times.
struct Exchange {
  std::int64_t capacity = unbounded;
  bool send_nonblocking = false;
  bool receive_nonblocking = false;
  int sends = 3;
  int receives = 3;
  bool receiver_first = false;

  std::vector<Errno> sent;
  std::vector<Got> got;
  RunOutcome outcome = RunOutcome::completed;
  Counters sender;
  Counters receiver;
  Pid sender_pid = 0;
  std::size_t left_in_mailbox = 0;

  void run() {
    Kernel kernel(KernelConfig{}, Limits{});
    Mailbox& box = declare(kernel, "box", capacity);
    Body send_body = [this](Process& self) {
      for (int i = 0; i < sends; ++i)
        sent.push_back(u::send_box(self, "box", "m" + std::to_string(i), u::options(send_nonblocking)));
    };
    Body receive_body = [this](Process& self) {
      for (int i = 0; i < receives; ++i) got.push_back(u::receive_box(self, "box", receive_nonblocking));
    };
    Process* s = nullptr;
    Process* r = nullptr;
    if (receiver_first) {
      r = &kernel.create_boot_process("receiver", program(receive_body));
      s = &kernel.create_boot_process("sender", program(send_body));
    } else {
      s = &kernel.create_boot_process("sender", program(send_body));
      r = &kernel.create_boot_process("receiver", program(receive_body));
    }
    sender_pid = s->pid();
    ShutdownAtEnd at_end(kernel);
    outcome = kernel.run();
    sender = s->counters;
    receiver = r->counters;
    left_in_mailbox = box.queue.ring.size();
  }
  std::int64_t sender_blocks() const { return *sender.find("blocking.mailbox.send"); }
  std::int64_t receiver_blocks() const { return *receiver.find("blocking.mailbox.receive"); }
};

constexpr Errno none = Errno::none;
constexpr Errno eagain = Errno::eagain;

TEST_SUITE("message_passing") {

// ---- capacity 0: rendezvous ----

TEST_CASE("mailbox capacity 0, blocking send and receive: every send waits for its receiver") {
  SUBCASE("sender first") {
    Exchange x;
    x.capacity = 0;
    x.run();
    CHECK(x.outcome == RunOutcome::completed);
    CHECK(x.sent == std::vector<Errno>{none, none, none});
    CHECK(x.got == std::vector<Got>{ok("m0", x.sender_pid), ok("m1", x.sender_pid), ok("m2", x.sender_pid)});
    // The sender finds no receiver for m0 and sleeps; the receiver takes m0
    // and finds nothing more before the woken sender runs again.
    CHECK(x.sender_blocks() >= 1);
    CHECK(x.receiver_blocks() >= 1);
    CHECK(x.left_in_mailbox == 0);
  }
  SUBCASE("receiver first") {
    Exchange x;
    x.capacity = 0;
    x.receiver_first = true;
    x.run();
    CHECK(x.outcome == RunOutcome::completed);
    CHECK(x.got == std::vector<Got>{ok("m0", x.sender_pid), ok("m1", x.sender_pid), ok("m2", x.sender_pid)});
    CHECK(x.receiver_blocks() >= 1);  // it came first, to an empty mailbox
    CHECK(x.left_in_mailbox == 0);
  }
}

TEST_CASE("mailbox capacity 0, blocking send, nonblocking receive: EAGAIN unless a sender waits") {
  Exchange x;
  x.capacity = 0;
  x.sends = 1;
  x.receive_nonblocking = true;
  x.receives = 2;
  x.run();
  CHECK(x.outcome == RunOutcome::completed);
  CHECK(x.sent == std::vector<Errno>{none});
  CHECK(x.got == std::vector<Got>{ok("m0", x.sender_pid), failed(eagain)});
  CHECK(x.sender_blocks() == 1);
  CHECK(x.receiver_blocks() == 0);
}

TEST_CASE("mailbox capacity 0, nonblocking send, blocking receive: succeeds only for a waiting receiver") {
  SUBCASE("receiver waiting") {
    Exchange x;
    x.capacity = 0;
    x.receiver_first = true;
    x.send_nonblocking = true;
    x.sends = 2;
    x.receives = 1;
    x.run();
    CHECK(x.outcome == RunOutcome::completed);
    // m0 goes to the waiting receiver; for m1 no receiver waits any more.
    CHECK(x.sent == std::vector<Errno>{none, eagain});
    CHECK(x.got == std::vector<Got>{ok("m0", x.sender_pid)});
    CHECK(x.sender_blocks() == 0);
    CHECK(x.receiver_blocks() == 1);
    CHECK(x.sender[Counter::messages_sent] == 1);
  }
  SUBCASE("nobody waiting") {
    Exchange x;
    x.capacity = 0;
    x.send_nonblocking = true;
    x.sends = 1;
    x.receives = 0;
    x.run();
    CHECK(x.sent == std::vector<Errno>{eagain});
    CHECK(x.sender_blocks() == 0);
    CHECK(x.sender[Counter::messages_sent] == 0);
    CHECK(x.sender[Counter::bytes_copied] == 0);  // a call that fails copies nothing
    CHECK(x.left_in_mailbox == 0);
  }
}

TEST_CASE("mailbox capacity 0, nonblocking send and receive: nobody ever waits, both fail") {
  Exchange x;
  x.capacity = 0;
  x.send_nonblocking = true;
  x.receive_nonblocking = true;
  x.sends = 1;
  x.receives = 1;
  x.run();
  CHECK(x.outcome == RunOutcome::completed);
  CHECK(x.sent == std::vector<Errno>{eagain});
  CHECK(x.got == std::vector<Got>{failed(eagain)});
  CHECK(x.sender[Counter::bytes_copied] == 0);
  CHECK(x.receiver[Counter::bytes_copied] == 0);
  CHECK(x.sender[Counter::blocking_events] == 0);
  CHECK(x.receiver[Counter::blocking_events] == 0);
}

// ---- capacity 2 ----

TEST_CASE("mailbox capacity 2, blocking send and receive: the third send waits for room") {
  SUBCASE("sender first") {
    Exchange x;
    x.capacity = 2;
    x.run();
    CHECK(x.outcome == RunOutcome::completed);
    CHECK(x.sent == std::vector<Errno>{none, none, none});
    CHECK(x.got == std::vector<Got>{ok("m0", x.sender_pid), ok("m1", x.sender_pid), ok("m2", x.sender_pid)});
    CHECK(x.sender_blocks() == 1);
    // Taking m0 wakes the sender; the receiver drains m1 and waits for m2.
    CHECK(x.receiver_blocks() == 1);
  }
  SUBCASE("receiver first") {
    Exchange x;
    x.capacity = 2;
    x.receiver_first = true;
    x.run();
    CHECK(x.outcome == RunOutcome::completed);
    CHECK(x.sent == std::vector<Errno>{none, none, none});
    CHECK(x.got == std::vector<Got>{ok("m0", x.sender_pid), ok("m1", x.sender_pid), ok("m2", x.sender_pid)});
    CHECK(x.receiver_blocks() >= 1);  // it came first, to an empty mailbox
  }
}

TEST_CASE("mailbox capacity 2, blocking send, nonblocking receive") {
  Exchange x;
  x.capacity = 2;
  x.receive_nonblocking = true;
  x.run();
  CHECK(x.outcome == RunOutcome::completed);
  CHECK(x.sent == std::vector<Errno>{none, none, none});
  // m2 is still in the sender's hands when the receiver looks a third time.
  CHECK(x.got == std::vector<Got>{ok("m0", x.sender_pid), ok("m1", x.sender_pid), failed(eagain)});
  CHECK(x.sender_blocks() == 1);
  CHECK(x.receiver_blocks() == 0);
  CHECK(x.left_in_mailbox == 1);
}

TEST_CASE("mailbox capacity 2, nonblocking send, blocking receive: EAGAIN when full") {
  Exchange x;
  x.capacity = 2;
  x.send_nonblocking = true;
  x.receives = 2;
  x.run();
  CHECK(x.outcome == RunOutcome::completed);
  CHECK(x.sent == std::vector<Errno>{none, none, eagain});
  CHECK(x.got == std::vector<Got>{ok("m0", x.sender_pid), ok("m1", x.sender_pid)});
  CHECK(x.sender_blocks() == 0);
  CHECK(x.receiver_blocks() == 0);
  CHECK(x.sender[Counter::messages_sent] == 2);
  CHECK(x.sender[Counter::bytes_copied] == 4);
}

TEST_CASE("mailbox capacity 2, nonblocking send and receive") {
  Exchange x;
  x.capacity = 2;
  x.send_nonblocking = true;
  x.receive_nonblocking = true;
  x.run();
  CHECK(x.outcome == RunOutcome::completed);
  CHECK(x.sent == std::vector<Errno>{none, none, eagain});
  CHECK(x.got == std::vector<Got>{ok("m0", x.sender_pid), ok("m1", x.sender_pid), failed(eagain)});
  CHECK(x.sender[Counter::blocking_events] == 0);
  CHECK(x.receiver[Counter::blocking_events] == 0);
}

// ---- unbounded ----

TEST_CASE("unbounded mailbox: blocking or not, the sender never blocks") {
  for (bool send_nonblocking : {false, true}) {
    for (bool receive_nonblocking : {false, true}) {
      CAPTURE(send_nonblocking);
      CAPTURE(receive_nonblocking);
      Exchange x;
      x.capacity = unbounded;
      x.sends = 50;
      x.receives = receive_nonblocking ? 51 : 50;
      x.send_nonblocking = send_nonblocking;
      x.receive_nonblocking = receive_nonblocking;
      x.run();
      CHECK(x.outcome == RunOutcome::completed);
      CHECK(x.sent == std::vector<Errno>(50, none));
      REQUIRE(x.got.size() == static_cast<std::size_t>(x.receives));
      for (int i = 0; i < 50; ++i) CHECK(x.got[static_cast<std::size_t>(i)] == ok("m" + std::to_string(i), x.sender_pid));
      if (receive_nonblocking) CHECK(x.got.back() == failed(eagain));
      CHECK(x.sender[Counter::blocking_events] == 0);
      CHECK(x.receiver[Counter::blocking_events] == 0);
      CHECK(x.sender[Counter::messages_sent] == 50);
      CHECK(x.receiver[Counter::messages_received] == 50);
    }
  }
}

TEST_CASE("unbounded mailbox, receiver first: it blocks once, then finds the rest queued") {
  Exchange x;
  x.capacity = unbounded;
  x.receiver_first = true;
  x.run();
  CHECK(x.got == std::vector<Got>{ok("m0", x.sender_pid), ok("m1", x.sender_pid), ok("m2", x.sender_pid)});
  CHECK(x.sender_blocks() == 0);
  CHECK(x.receiver_blocks() == 1);
}

TEST_CASE("nonblocking receive on an empty mailbox is EAGAIN and copies nothing") {
  Kernel kernel(KernelConfig{}, Limits{});
  declare(kernel, "box", unbounded);
  Got got;
  Process& p = kernel.create_boot_process("p", program([&](Process& self) { got = u::receive_box(self, "box", true); }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(got == failed(eagain));
  CHECK(p.counters[Counter::messages_received] == 0);
  CHECK(p.counters[Counter::bytes_copied] == 0);
  CHECK(count(p, "syscalls.receive") == 1);
}

// ---- order ----

TEST_CASE("waiting receivers are served in FIFO order of arrival") {
  Kernel kernel(KernelConfig{}, Limits{});
  declare(kernel, "box", unbounded);
  std::vector<Got> got(3);
  for (int i = 0; i < 3; ++i)
    kernel.create_boot_process("r" + std::to_string(i), program([&got, i](Process& self) {
      got[static_cast<std::size_t>(i)] = u::receive_box(self, "box");
    }));
  Process& s = kernel.create_boot_process("s", program([](Process& self) {
    for (const char* body : {"a", "b", "c"}) u::send_box(self, "box", body);
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(got == std::vector<Got>{ok("a", s.pid()), ok("b", s.pid()), ok("c", s.pid())});
}

TEST_CASE("senders blocked on a rendezvous are served in FIFO order") {
  Kernel kernel(KernelConfig{}, Limits{});
  declare(kernel, "box", 0);
  std::vector<Errno> sent(3, Errno::eio);
  std::vector<Pid> pids;
  for (int i = 0; i < 3; ++i)
    pids.push_back(kernel.create_boot_process("s" + std::to_string(i), program([&sent, i](Process& self) {
                                                sent[static_cast<std::size_t>(i)] =
                                                    u::send_box(self, "box", "s" + std::to_string(i));
                                              })).pid());
  std::vector<Got> got;
  kernel.create_boot_process("r", program([&](Process& self) {
    for (int i = 0; i < 3; ++i) got.push_back(u::receive_box(self, "box"));
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(sent == std::vector<Errno>{none, none, none});
  CHECK(got == std::vector<Got>{ok("s0", pids[0]), ok("s1", pids[1]), ok("s2", pids[2])});
}

TEST_CASE("senders waiting for room are served in FIFO order") {
  // Capacity 1: s0's message fills the mailbox, s1 and s2 wait for room.
  // The receiver sleeps between receives, so each woken sender finds room.
  Kernel kernel(KernelConfig{}, Limits{});
  declare(kernel, "box", 1);
  std::vector<Errno> sent(3, Errno::eio);
  std::vector<Pid> pids;
  for (int i = 0; i < 3; ++i)
    pids.push_back(kernel.create_boot_process("s" + std::to_string(i), program([&sent, i](Process& self) {
                                                sent[static_cast<std::size_t>(i)] =
                                                    u::send_box(self, "box", "s" + std::to_string(i));
                                              })).pid());
  std::vector<Got> got;
  Process& r = kernel.create_boot_process("r", program([&](Process& self) {
    for (int i = 0; i < 3; ++i) {
      u::sleep(self, 1 * milliseconds);
      got.push_back(u::receive_box(self, "box"));
    }
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(sent == std::vector<Errno>{none, none, none});
  CHECK(got == std::vector<Got>{ok("s0", pids[0]), ok("s1", pids[1]), ok("s2", pids[2])});
  CHECK(count(*kernel.find(pids[1]), "blocking.mailbox.send") == 1);
  CHECK(count(*kernel.find(pids[2]), "blocking.mailbox.send") >= 1);
  CHECK(count(r, "blocking.mailbox.receive") == 0);
}

// ---- wait: received, counting ----

TEST_CASE("send with wait: received returns once a receiver has taken the message") {
  Kernel kernel(KernelConfig{}, Limits{});
  declare(kernel, "box", unbounded);
  Time send_returned = -1;
  Time received_at = -1;
  Errno sent = Errno::eio;
  Process& s = kernel.create_boot_process("s", program([&](Process& self) {
    sent = u::send_box(self, "box", "hello", u::options(false, true));
    send_returned = self.kernel().now();
  }));
  Got got;
  Process& r = kernel.create_boot_process("r", program([&](Process& self) {
    u::sleep(self, 1 * milliseconds);
    got = u::receive_box(self, "box");
    received_at = self.kernel().now();
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(sent == none);
  CHECK(got == ok("hello", s.pid()));
  CHECK(count(s, "blocking.mailbox.send") == 1);
  CHECK(s.counters[Counter::time_blocked] >= 1 * milliseconds);
  CHECK(send_returned >= received_at);
  CHECK(r.counters[Counter::blocking_events] == 1);  // its own sleep only
}

TEST_CASE("bytes_copied counts both copies; messages_sent and messages_received count messages") {
  Kernel kernel(KernelConfig{}, Limits{});
  declare(kernel, "box", unbounded);
  Process& s = kernel.create_boot_process("s", program([](Process& self) {
    u::send_box(self, "box", "hello");       // 5 bytes
    u::send_box(self, "box", "worldwide");   // 9 bytes
    u::send_to(self, "r", "direct");         // 6 bytes
  }));
  Process& r = kernel.create_boot_process("r", program([](Process& self) {
    u::receive_box(self, "box");
    u::receive_box(self, "box");
    u::receive_from(self, "s");
    u::receive_box(self, "box", true);  // EAGAIN: nothing copied
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(s.counters[Counter::bytes_copied] == 20);
  CHECK(r.counters[Counter::bytes_copied] == 20);
  CHECK(s.counters[Counter::messages_sent] == 3);
  CHECK(s.counters[Counter::messages_received] == 0);
  CHECK(r.counters[Counter::messages_received] == 3);
  CHECK(r.counters[Counter::messages_sent] == 0);
  CHECK(count(s, "syscalls.send") == 3);
  CHECK(count(r, "syscalls.receive") == 4);
}

}  // TEST_SUITE

}  // namespace
}  // namespace ipcsim::kernel
