// The chunked FIFO behind mailboxes and links.
#include "kernel/errno.h"

#include <doctest/doctest.h>

#include <string>

#include "kernel/message_queue.h"

namespace {

using ipcsim::kernel::MessageRing;

void push(MessageRing& ring, int value) { ring.push_back().body = std::to_string(value); }

int front(const MessageRing& ring) { return std::stoi(ring.front().body); }

}  // namespace

TEST_SUITE("message_passing") {
  TEST_CASE("the message ring keeps FIFO order across many chunks and reuses them") {
    MessageRing ring;
    for (int round = 0; round < 3; ++round) {
      for (int i = 0; i < 1000; ++i) push(ring, i);
      CHECK(ring.size() == 1000);
      CHECK(std::stoi(ring.at(999).body) == 999);
      for (int i = 0; i < 1000; ++i) {
        REQUIRE(front(ring) == i);
        ring.pop_front();
      }
      CHECK(ring.empty());
    }
  }

  TEST_CASE("interleaved pushes and pops never lose or reorder a message") {
    MessageRing ring;
    int next_in = 0;
    int next_out = 0;
    for (int step = 0; step < 5000; ++step) {
      // Grow by two, shrink by one: the queue crosses chunk boundaries both ways.
      push(ring, next_in++);
      push(ring, next_in++);
      REQUIRE(front(ring) == next_out);
      ring.pop_front();
      ++next_out;
    }
    CHECK(ring.size() == static_cast<std::size_t>(next_in - next_out));
    while (!ring.empty()) {
      REQUIRE(front(ring) == next_out++);
      ring.pop_front();
    }
  }

  TEST_CASE("erase removes one message from the middle, the end or a chunk's edge") {
    MessageRing ring;
    for (int i = 0; i < 70; ++i) push(ring, i);  // three chunks of 32
    ring.erase(64);                             // the only message of the third chunk
    ring.erase(31);                             // the last of the first chunk
    ring.erase(0);
    CHECK(ring.size() == 67);
    int expected = 1;
    while (!ring.empty()) {
      if (expected == 31 || expected == 64) ++expected;
      REQUIRE(front(ring) == expected);
      ring.pop_front();
      ++expected;
    }
    CHECK(expected == 70);
    push(ring, 7);
    CHECK(front(ring) == 7);
  }
}
