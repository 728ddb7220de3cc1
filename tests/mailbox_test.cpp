// Mailboxes as kernel objects (SCENARIO_FORMAT.md section 4): destruction and
// what it wakes and loses, ownership, mode bits, names and ids, and whole
// scenarios that use them.
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
using testing::declare;
using testing::describe;
using testing::failed;
using testing::Got;
using testing::ok;
using testing::program;
using testing::ShutdownAtEnd;

// User-space helpers with a step boundary before each call, as the step
// interpreter makes one per step.
namespace u {

using testing::u::boundary;
using testing::u::gone;
using testing::u::receive_box;
using testing::u::send_box;
using testing::u::sleep;

libc::CallResult create_box(Process& p, std::string name, std::int64_t capacity, int mode) {
  return boundary(p) ? libc::mailbox_create(p, std::move(name), capacity, mode) : gone();
}
Errno destroy_box(Process& p, std::string_view name) {
  return boundary(p) ? libc::mailbox_destroy(p, MailboxSelector{name, 0}).error : Errno::eintr;
}

}  // namespace u

constexpr Errno none = Errno::none;

TEST_SUITE("message_passing") {

// ---- mailbox lifetime ----

TEST_CASE("mailbox_destroy wakes every blocked receiver with EIDRM") {
  Kernel kernel(KernelConfig{}, Limits{});
  std::vector<Got> got(2);
  Errno destroyed = Errno::eio;
  kernel.create_boot_process("owner", program([&](Process& self) {
    CHECK(u::create_box(self, "box", unbounded, 0666).ok());
    u::sleep(self, 1 * milliseconds);
    destroyed = u::destroy_box(self, "box");
  }));
  for (int i = 0; i < 2; ++i)
    kernel.create_boot_process("r" + std::to_string(i), program([&got, i](Process& self) {
      got[static_cast<std::size_t>(i)] = u::receive_box(self, "box");
    }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(destroyed == none);
  CHECK(got == std::vector<Got>{failed(Errno::eidrm), failed(Errno::eidrm)});
  CHECK(kernel.lost_messages.empty());
}

TEST_CASE("mailbox_destroy wakes blocked senders with EIDRM and reports queued messages lost") {
  Kernel kernel(KernelConfig{}, Limits{});
  std::vector<Errno> sent(2, Errno::eio);
  Pid owner_pid = 0;
  Process& owner = kernel.create_boot_process("owner", program([&](Process& self) {
    CHECK(u::create_box(self, "box", 1, 0666).ok());
    CHECK(u::send_box(self, "box", "queued") == none);  // fills it
    u::sleep(self, 1 * milliseconds);
    CHECK(u::destroy_box(self, "box") == none);
  }));
  owner_pid = owner.pid();
  for (int i = 0; i < 2; ++i)
    kernel.create_boot_process("s" + std::to_string(i), program([&sent, i](Process& self) {
      sent[static_cast<std::size_t>(i)] = u::send_box(self, "box", "blocked");
    }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(sent == std::vector<Errno>{Errno::eidrm, Errno::eidrm});
  REQUIRE(kernel.lost_messages.size() == 1);
  CHECK(kernel.lost_messages[0].body == "queued");
  CHECK(kernel.lost_messages[0].sender == owner_pid);
  CHECK(kernel.lost_messages[0].where.find("box") != std::string::npos);
}

TEST_CASE("a blocked rendezvous sender wakes with EIDRM when the mailbox is destroyed") {
  Kernel kernel(KernelConfig{}, Limits{});
  Errno sent = Errno::eio;
  kernel.create_boot_process("owner", program([&](Process& self) {
    CHECK(u::create_box(self, "box", 0, 0666).ok());
    u::sleep(self, 1 * milliseconds);
    CHECK(u::destroy_box(self, "box") == none);
  }));
  kernel.create_boot_process("s", program([&](Process& self) { sent = u::send_box(self, "box", "hand-over"); }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(sent == Errno::eidrm);
}

TEST_CASE("only the owner or root may destroy a mailbox") {
  Kernel kernel(KernelConfig{}, Limits{});
  declare(kernel, "kernels", unbounded);
  std::vector<Errno> results;
  kernel.create_boot_process("owner", program([&](Process& self) {
    CHECK(u::create_box(self, "mine", unbounded, 0666).ok());
    CHECK(u::create_box(self, "other", unbounded, 0666).ok());
    u::sleep(self, 2 * milliseconds);
    results.push_back(u::destroy_box(self, "mine"));  // 3: the owner
  }));
  Process& stranger = kernel.create_boot_process("stranger", program([&](Process& self) {
    u::sleep(self, 1 * milliseconds);
    results.push_back(u::destroy_box(self, "mine"));     // 0: not the owner
    results.push_back(u::destroy_box(self, "kernels"));  // 1: the kernel's belong to root
  }));
  stranger.uid = 1001;
  Process& root = kernel.create_boot_process("root", program([&](Process& self) {
    u::sleep(self, 1500 * microseconds);
    results.push_back(u::destroy_box(self, "other"));  // 2: root may
  }));
  root.uid = 0;
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(results == std::vector<Errno>{Errno::eperm, Errno::eperm, none, none});
  auto mine = kernel.mailboxes.find("mine");
  CHECK(mine.error() == Errno::eidrm);
  auto kernels = kernel.mailboxes.find("kernels");
  CHECK(kernels.ok());
}

TEST_CASE("an owner's exit destroys its mailboxes: waiters wake with EIDRM, queued messages are lost") {
  Kernel kernel(KernelConfig{}, Limits{});
  Got got;
  Process& owner = kernel.create_boot_process("owner", program([&](Process& self) {
    CHECK(u::create_box(self, "jobs", unbounded, 0666).ok());
    CHECK(u::create_box(self, "left", unbounded, 0666).ok());
    CHECK(u::send_box(self, "left", "never read") == none);
    u::sleep(self, 1 * milliseconds);
  }));
  kernel.create_boot_process("waiter", program([&](Process& self) { got = u::receive_box(self, "jobs"); }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(got == failed(Errno::eidrm));
  CHECK(kernel.mailboxes.find("jobs").error() == Errno::eidrm);
  CHECK(kernel.mailboxes.find("left").error() == Errno::eidrm);
  REQUIRE(kernel.lost_messages.size() == 1);
  CHECK(kernel.lost_messages[0].body == "never read");
  CHECK(kernel.lost_messages[0].sender == owner.pid());
}

TEST_CASE("mode bits: write lets a process send, read lets it receive; root passes") {
  Kernel kernel(KernelConfig{}, Limits{});
  std::vector<Errno> owner_results;
  std::vector<Errno> other_results;
  std::vector<Errno> root_results;
  kernel.create_boot_process("owner", program([&](Process& self) {
    CHECK(u::create_box(self, "private", unbounded, 0600).ok());
    CHECK(u::create_box(self, "readable", unbounded, 0604).ok());
    CHECK(u::create_box(self, "writeonly", unbounded, 0200).ok());
    owner_results.push_back(u::send_box(self, "private", "p"));
    owner_results.push_back(u::send_box(self, "readable", "r"));
    owner_results.push_back(u::send_box(self, "writeonly", "w"));
    owner_results.push_back(u::receive_box(self, "writeonly", true).error);  // no read bit for the owner
    u::sleep(self, 5 * milliseconds);
  }));
  Process& other = kernel.create_boot_process("other", program([&](Process& self) {
    other_results.push_back(u::send_box(self, "private", "x"));
    other_results.push_back(u::receive_box(self, "private", true).error);
    other_results.push_back(u::send_box(self, "readable", "x"));
    other_results.push_back(u::receive_box(self, "readable", true).error);
  }));
  other.uid = 1001;
  Process& same_uid = kernel.create_boot_process("same", program([&](Process& self) {
    // The owner bits apply to every process of the owner's uid.
    CHECK(u::receive_box(self, "private", true).error == none);
  }));
  same_uid.uid = 1000;
  Process& root = kernel.create_boot_process("root", program([&](Process& self) {
    root_results.push_back(u::send_box(self, "private", "x"));
    root_results.push_back(u::receive_box(self, "private", true).error);
    root_results.push_back(u::receive_box(self, "writeonly", true).error);
  }));
  root.uid = 0;
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(owner_results == std::vector<Errno>{none, none, none, Errno::eacces});
  CHECK(other_results == std::vector<Errno>{Errno::eacces, Errno::eacces, Errno::eacces, none});
  CHECK(root_results == std::vector<Errno>{none, none, none});
  CHECK(other.counters[Counter::bytes_copied] == 1);  // only the one message it could read
}

TEST_CASE("a mailbox name in use is EEXIST; once destroyed, the name is free again") {
  Kernel kernel(KernelConfig{}, Limits{});
  declare(kernel, "declared", unbounded);
  std::vector<Errno> results;
  std::vector<std::int64_t> ids;
  kernel.create_boot_process("a", program([&](Process& self) {
    auto first = u::create_box(self, "dup", 2, 0600);
    results.push_back(first.error);
    ids.push_back(first.value);
    auto again = u::create_box(self, "dup", 2, 0600);
    results.push_back(again.error);
    CHECK(again.value == -1);
    results.push_back(u::create_box(self, "declared", 0, 0600).error);
    results.push_back(u::destroy_box(self, "dup"));
    auto reborn = u::create_box(self, "dup", 2, 0600);
    results.push_back(reborn.error);
    ids.push_back(reborn.value);
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(results == std::vector<Errno>{none, Errno::eexist, Errno::eexist, none, none});
  REQUIRE(ids.size() == 2);
  CHECK(ids[0] != ids[1]);  // every mailbox has a unique id
}

TEST_CASE("a mailbox is named by its id too") {
  Kernel kernel(KernelConfig{}, Limits{});
  Got got;
  std::int64_t id = 0;
  Process& p = kernel.create_boot_process("p", program([&](Process& self) {
    id = u::create_box(self, "", unbounded, 0600).value;  // anonymous
    u::boundary(self);
    CHECK(libc::send(self, MailboxSelector{{}, id}, "by id", SendOptions{}).ok());
    u::boundary(self);
    got.error = libc::receive(self, MailboxSelector{{}, id}, false, got.body, got.sender).error;
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(id > 0);
  CHECK(got == ok("by id", p.pid()));
}

// ---- end to end through a scenario file ----

TEST_CASE("scenario: created mailboxes default to mode 0600, declared ones to 0666") {
  const char* yaml =
      "name: modes\n"
      "mailboxes:\n"
      "  - {name: shared}\n"
      "processes:\n"
      "  - name: owner\n"
      "    steps:\n"
      "      - mailbox_create: {name: mine}\n"
      "      - sleep: 1ms\n"
      "  - name: other\n"
      "    uid: 1001\n"
      "    steps:\n"
      "      - send: {mailbox: mine, message: x, expect: EACCES}\n"
      "      - send: {mailbox: shared, message: y, expect: ok}\n"
      "      - receive: {mailbox: shared, into: m, expect: ok}\n"
      "      - assert: \"$m == 'y'\"\n"
      "expect:\n"
      "  counters:\n"
      "    other: {messages_sent: 1, messages_received: 1, bytes_copied: 2}\n";
  scenario::LoadResult loaded = scenario::load_scenario_text(yaml, "modes.yaml");
  if (loaded.error) FAIL(loaded.error->to_string());
  REQUIRE(loaded.scenario.has_value());
  scenario::Machine machine(*loaded.scenario, 1);
  CHECK(machine.run(nullptr) == RunOutcome::completed);
  std::string failures;
  for (const auto& failure : machine.assertions().failures) failures += failure.message + "\n";
  INFO(failures);
  CHECK(machine.assertions().failures.empty());
  const auto mismatches = scenario::check_expectations(machine);
  INFO(describe(mismatches));
  CHECK(mismatches.empty());
}

TEST_CASE("scenario: producer and consumer over a bounded mailbox keep FIFO order") {
  const char* yaml =
      "name: bounded\n"
      "mailboxes:\n"
      "  - {name: jobs, capacity: 2}\n"
      "processes:\n"
      "  - name: producer\n"
      "    steps:\n"
      "      - repeat: {times: 5, as: i, do: [{send: {mailbox: jobs, message: \"job ${i}\"}}]}\n"
      "  - name: consumer\n"
      "    steps:\n"
      "      - repeat: {times: 5, do: [{receive: {mailbox: jobs, into: m}}, {print: \"${m}\"}]}\n"
      "expect:\n"
      "  stdout: {consumer: \"job 0\\njob 1\\njob 2\\njob 3\\njob 4\\n\"}\n"
      "  counters:\n"
      "    producer: {messages_sent: 5, bytes_copied: 25}\n"
      "    consumer: {messages_received: 5}\n";
  scenario::LoadResult loaded = scenario::load_scenario_text(yaml, "bounded.yaml");
  if (loaded.error) FAIL(loaded.error->to_string());
  REQUIRE(loaded.scenario.has_value());
  scenario::Machine machine(*loaded.scenario, 1);
  CHECK(machine.run(nullptr) == RunOutcome::completed);
  const auto mismatches = scenario::check_expectations(machine);
  INFO(describe(mismatches));
  CHECK(mismatches.empty());
  CHECK(scenario::exit_code(machine, mismatches) == 0);
}

}  // TEST_SUITE

}  // namespace
}  // namespace ipcsim::kernel
