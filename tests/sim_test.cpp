// The discrete-event engine (sim/): event order, the seeded generator,
// fibers, the stack pool and time formatting.
#include "kernel/errno.h"  // first: see the note in kernel/errno.h's users

#include <doctest/doctest.h>

#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/event_queue.h"
#include "sim/fiber.h"
#include "sim/random.h"
#include "sim/stack_pool.h"
#include "sim/time.h"
#include "tools/scenario/units.h"

namespace ipcsim::sim {
namespace {

class Recorder final : public EventHandler {
 public:
  void on_event(std::uint64_t argument) override { seen.push_back(argument); }
  std::vector<std::uint64_t> seen;
};

TEST_SUITE("sim") {

TEST_CASE("event queue pops by time, then by scheduling order at the same time") {
  EventQueue queue;
  Recorder recorder;
  CHECK(queue.empty());
  CHECK(queue.next_time() == time_never);

  queue.schedule(50, recorder, 1);
  queue.schedule(30, recorder, 2);
  queue.schedule(50, recorder, 3);
  queue.schedule(30, recorder, 4);
  queue.schedule(10, recorder, 5);
  queue.schedule(50, recorder, 6);
  CHECK_FALSE(queue.empty());
  CHECK(queue.size() == 6);
  CHECK(queue.next_time() == 10);

  std::vector<std::pair<Time, std::uint64_t>> order;
  while (!queue.empty()) {
    const Event event = queue.pop();
    CHECK(event.handler == &recorder);
    order.emplace_back(event.time, event.argument);
    event.handler->on_event(event.argument);
  }
  const std::vector<std::pair<Time, std::uint64_t>> expected = {{10, 5}, {30, 2}, {30, 4},
                                                                {50, 1}, {50, 3}, {50, 6}};
  CHECK(order == expected);
  CHECK(recorder.seen == std::vector<std::uint64_t>{5, 2, 4, 1, 3, 6});
  CHECK(queue.next_time() == time_never);
}

TEST_CASE("event queue sequence numbers grow with every schedule") {
  EventQueue queue;
  Recorder recorder;
  const std::uint64_t a = queue.schedule(100, recorder, 0);
  const std::uint64_t b = queue.schedule(5, recorder, 0);
  const std::uint64_t c = queue.schedule(100, recorder, 0);
  CHECK(a < b);
  CHECK(b < c);
  CHECK(queue.pop().sequence == b);
  CHECK(queue.pop().sequence == a);
  CHECK(queue.pop().sequence == c);
}

TEST_CASE("event queue keeps (time, sequence) order for many same-time events interleaved with others") {
  EventQueue queue;
  Recorder recorder;
  for (std::uint64_t i = 0; i < 200; ++i) queue.schedule(static_cast<Time>((i * 7) % 5), recorder, i);
  Time last_time = -1;
  std::uint64_t last_sequence = 0;
  bool first = true;
  while (!queue.empty()) {
    const Event event = queue.pop();
    if (!first) {
      CHECK(event.time >= last_time);
      if (event.time == last_time) CHECK(event.sequence > last_sequence);
    }
    first = false;
    last_time = event.time;
    last_sequence = event.sequence;
  }
}

TEST_CASE("random is deterministic per seed") {
  Random a(42);
  Random b(42);
  Random c(43);
  std::vector<std::uint64_t> from_a;
  std::vector<std::uint64_t> from_b;
  std::vector<std::uint64_t> from_c;
  for (int i = 0; i < 100; ++i) {
    from_a.push_back(a.next());
    from_b.push_back(b.next());
    from_c.push_back(c.next());
  }
  CHECK(from_a == from_b);
  CHECK(from_a != from_c);
}

TEST_CASE("random is SplitMix64 bit for bit") {
  // Reference output of SplitMix64 (Steele, Lea, Flood; Vigna's splitmix64.c)
  // from state 0.
  Random zero(0);
  CHECK(zero.next() == 0xe220a8397b1dcdafULL);
  CHECK(zero.next() == 0x6e789e6aa1b965f4ULL);
  CHECK(zero.next() == 0x06c45d188009454fULL);
}

TEST_CASE("random choose stays in range, is deterministic and reaches every value") {
  Random r(7);
  Random same(7);
  for (std::uint64_t count : {1ULL, 2ULL, 3ULL, 10ULL, 1000ULL}) {
    std::set<std::uint64_t> seen;
    for (int i = 0; i < 2000; ++i) {
      const std::uint64_t value = r.choose(count);
      CHECK(value < count);
      CHECK(same.choose(count) == value);
      seen.insert(value);
    }
    if (count <= 10) CHECK(seen.size() == count);
  }
  Random one(99);
  for (int i = 0; i < 10; ++i) CHECK(one.choose(1) == 0);
  // A count that leaves a large rejected sliver must still stay in range.
  Random big(5);
  const std::uint64_t count = (1ULL << 63) + 1;
  for (int i = 0; i < 100; ++i) CHECK(big.choose(count) < count);
}

// ---- fibers ----

struct Script {
  Fiber* fiber = nullptr;
  std::vector<int> log;
  bool throw_at_end = false;
};

void script_entry(void* argument) {
  auto& script = *static_cast<Script*>(argument);
  script.log.push_back(1);
  script.fiber->suspend();
  script.log.push_back(2);
  script.fiber->suspend();
  script.log.push_back(3);
  if (script.throw_at_end) throw std::runtime_error("from inside the fiber");
}

TEST_CASE("a fiber runs, suspends, resumes and finishes") {
  StackPool pool;
  Script script;
  Fiber fiber(pool, &script_entry, &script);
  script.fiber = &fiber;
  CHECK_FALSE(fiber.started());
  CHECK_FALSE(fiber.finished());
  CHECK(script.log.empty());  // nothing runs before the first resume

  fiber.resume();
  CHECK(fiber.started());
  CHECK_FALSE(fiber.finished());
  CHECK(script.log == std::vector<int>{1});

  fiber.resume();
  CHECK_FALSE(fiber.finished());
  CHECK(script.log == std::vector<int>{1, 2});

  fiber.resume();
  CHECK(fiber.finished());
  CHECK(script.log == std::vector<int>{1, 2, 3});
}

TEST_CASE("an exception thrown inside a fiber reaches resume()'s caller and the fiber is finished") {
  StackPool pool;
  Script script;
  script.throw_at_end = true;
  Fiber fiber(pool, &script_entry, &script);
  script.fiber = &fiber;
  fiber.resume();
  fiber.resume();
  CHECK_FALSE(fiber.finished());
  bool caught = false;
  try {
    fiber.resume();
  } catch (const std::runtime_error& error) {
    caught = true;
    CHECK(std::string(error.what()) == "from inside the fiber");
  }
  CHECK(caught);
  CHECK(fiber.finished());
  CHECK(script.log == std::vector<int>{1, 2, 3});
}

void deep_entry(void* argument) {
  // Uses a few KiB of the fiber's stack.
  volatile char buffer[8 * 1024];
  for (std::size_t i = 0; i < sizeof buffer; ++i) buffer[i] = static_cast<char>(i);
  *static_cast<int*>(argument) = buffer[100];
}

TEST_CASE("fiber stacks come from the pool and go back to it") {
  StackPool pool;
  CHECK(pool.stacks_in_use() == 0);
  {
    int out = 0;
    Fiber a(pool, &deep_entry, &out);
    int out_b = 0;
    Fiber b(pool, &deep_entry, &out_b);
    CHECK(pool.stacks_in_use() == 2);
    a.resume();
    b.resume();
    CHECK(a.finished());
    CHECK(b.finished());
    CHECK(out == 100);
    CHECK(out_b == 100);
  }
  CHECK(pool.stacks_in_use() == 0);
  // Many fibers one after another never hold more than one stack at a time.
  for (int i = 0; i < 1000; ++i) {
    int out = 0;
    Fiber f(pool, &deep_entry, &out);
    CHECK(pool.stacks_in_use() == 1);
    f.resume();
  }
  CHECK(pool.stacks_in_use() == 0);
  // A fiber that never started gives its stack back too.
  {
    int out = 0;
    Fiber never(pool, &deep_entry, &out);
    CHECK(pool.stacks_in_use() == 1);
  }
  CHECK(pool.stacks_in_use() == 0);
}

TEST_CASE("stack pool hands out canaried stacks, counts them and reuses released ones") {
  StackPool pool(10000);
  CHECK(pool.stack_size() >= 10000);
  CHECK(pool.stack_size() % 64 == 0);
  void* a = pool.allocate();
  void* b = pool.allocate();
  CHECK(a != b);
  CHECK(pool.stacks_in_use() == 2);
  CHECK(StackPool::canary_intact(a));
  CHECK(StackPool::canary_intact(b));
  // Stacks do not overlap.
  const auto distance = static_cast<char*>(a) > static_cast<char*>(b)
                            ? static_cast<std::size_t>(static_cast<char*>(a) - static_cast<char*>(b))
                            : static_cast<std::size_t>(static_cast<char*>(b) - static_cast<char*>(a));
  CHECK(distance >= pool.stack_size());
  pool.release(b);
  CHECK(pool.stacks_in_use() == 1);
  void* c = pool.allocate();
  CHECK(c == b);  // the released stack is handed out again
  CHECK(StackPool::canary_intact(c));
  pool.release(c);
  pool.release(a);
  CHECK(pool.stacks_in_use() == 0);
}

TEST_CASE("stack pool never goes below the minimum stack size") {
  StackPool tiny(16);
  CHECK(tiny.stack_size() >= StackPool::minimum_stack_size);
  StackPool standard;
  CHECK(standard.stack_size() == StackPool::default_stack_size);
}

TEST_CASE("time units are integer nanoseconds") {
  CHECK(nanoseconds == 1);
  CHECK(microseconds == 1000);
  CHECK(milliseconds == 1000 * 1000);
  CHECK(seconds == 1000 * 1000 * 1000);
}

TEST_CASE("format_time is exact to the nanosecond") {
  CHECK(format_time(1250) == "1.250us");
  CHECK(format_time(1 * microseconds) == "1.000us");
  CHECK(format_time(2 * microseconds + 5) == "2.005us");
  // Different times never format alike.
  CHECK(format_time(1001) != format_time(1010));
  CHECK(format_time(12) != format_time(120));
}

TEST_CASE("format_duration writes a duration as a scenario file would, and reads back") {
  CHECK(format_duration(10 * milliseconds) == "10ms");
  CHECK(format_duration(1500) == "1.5us");
  CHECK(format_duration(250) == "250ns");
  CHECK(format_duration(2 * seconds) == "2s");
  for (Time t : {Time{0}, Time{1}, Time{999}, Time{1000}, Time{1001}, Time{1250}, 1 * milliseconds + 1,
                 1500 * microseconds, 3 * seconds + 7 * milliseconds, 10 * seconds}) {
    CAPTURE(t);
    const auto back = scenario::parse_duration(format_duration(t));
    REQUIRE(back.has_value());
    CHECK(*back == t);
  }
}

}  // TEST_SUITE

}  // namespace
}  // namespace ipcsim::sim
