#pragma once
// The buffer behind a mailbox and behind each direction of a link, with the
// buffering rules of SCENARIO_FORMAT section 4: capacity 0 is a rendezvous,
// N blocks senders while N messages are queued, unbounded never blocks.
// The send and receive algorithms live here once, for both kinds of object.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/errno.h"
#include "kernel/wait_queue.h"

namespace ipcsim::kernel {

class Kernel;
class Process;
using Pid = std::int64_t;

struct Message {
  std::string body;
  Pid sender = 0;
  std::uint64_t arrival = 0;          // kernel-wide order: receive {from: any} takes the oldest
  Process* waiting_sender = nullptr;  // blocked until a receiver takes it (rendezvous, wait: received)
};

// A FIFO of messages in fixed-size chunks. Chunks that empty are kept for
// reuse, with their strings' storage, so a warm queue allocates nothing per
// message, and a deep one grows without copying what it already holds.
class MessageRing {
 public:
  MessageRing() = default;
  ~MessageRing();
  MessageRing(const MessageRing&) = delete;
  MessageRing& operator=(const MessageRing&) = delete;

  bool empty() const { return count_ == 0; }
  std::size_t size() const { return count_; }
  Message& front() { return head_->slots[head_index_]; }
  const Message& front() const { return head_->slots[head_index_]; }
  // Walks the chunks: for reports and rare removals, not the hot path.
  const Message& at(std::size_t index) const;
  Message& push_back();  // the new slot, to be filled in place
  void pop_front();
  void erase(std::size_t index);

 private:
  static constexpr std::size_t chunk_size = 32;
  struct Chunk {
    Message slots[chunk_size];
    Chunk* next = nullptr;
  };
  Message& slot(std::size_t index);

  Chunk* head_ = nullptr;
  Chunk* tail_ = nullptr;
  std::size_t head_index_ = 0;  // first message in head_
  std::size_t tail_index_ = 0;  // next free slot in tail_
  std::size_t count_ = 0;
  Chunk* spare_ = nullptr;      // emptied chunks, for reuse
};

class MessageQueue {
 public:
  MessageQueue(std::int64_t capacity, BlockReason send_reason, BlockReason receive_reason, const KernelObject* object)
      : receivers(receive_reason, object),
        room_waiters(send_reason, object),
        receipt_waiters(send_reason, object),
        capacity_(capacity) {}

  std::int64_t capacity() const { return capacity_; }
  bool has_room() const { return capacity_ < 0 || static_cast<std::int64_t>(ring.size()) < capacity_; }
  bool empty() const { return ring.empty(); }
  std::uint64_t oldest_arrival() const { return ring.front().arrival; }

  MessageRing ring;
  WaitQueue receivers;        // waiting for a message
  WaitQueue room_waiters;     // waiting for room in a full bounded buffer
  WaitQueue receipt_waiters;  // waiting for their message to be taken
  WaitQueue* also_wake = nullptr;  // a link's receiver waiting on any link
  Errno send_error = Errno::none;     // set once sending can never succeed (ESRCH, EIDRM)
  Errno receive_error = Errno::none;  // returned once the queue is empty and nothing more can come

 private:
  std::int64_t capacity_;
};

struct SendOptions {
  bool nonblocking = false;
  bool wait_received = false;
};

// send(): copies `body` into the kernel and queues it, blocking as the
// buffering rules say. Errors: EAGAIN (nonblocking and it would block),
// EINTR (interrupted or killed while blocked), the queue's send_error.
KStatus send_message(Kernel& kernel, Process& sender, MessageQueue& queue, std::string_view body,
                     SendOptions options, const KernelObject& where);

// receive(): takes the oldest message, copying it out. Errors: EAGAIN
// (nonblocking and empty), EINTR, the queue's receive_error once drained.
KStatus receive_message(Kernel& kernel, Process& receiver, MessageQueue& queue, bool nonblocking,
                        std::string& body, Pid& sender);
// Takes the front message of a non-empty queue: copy out, count, wake its
// blocked sender or a sender waiting for room.
void take_message(Kernel& kernel, Process& receiver, MessageQueue& queue, std::string& body, Pid& sender);
// Completes a receive with the message a sender handed over while the
// receiver slept, if there is one.
bool take_handoff(Kernel& kernel, Process& receiver, std::string& body, Pid& sender);

// Nobody will ever receive from the queue (mailbox destroyed, link receiver
// ended): queued messages are reported lost with `why`, every later call
// fails with `error`, and everyone waiting wakes to find that out.
void end_receiving(Kernel& kernel, MessageQueue& queue, Errno error, const KernelObject& where, std::string_view why);
// Nobody will send any more (a link's sender ended): receivers drain what is
// queued, then fail with `error`.
void end_sending(Kernel& kernel, MessageQueue& queue, Errno error);

}  // namespace ipcsim::kernel
