#include "kernel/message_queue.h"

#include <utility>

#include "kernel/kernel.h"
#include "kernel/kpanic.h"

namespace ipcsim::kernel {

MessageRing::~MessageRing() {
  for (Chunk* list : {head_, spare_}) {
    while (list) {
      Chunk* next = list->next;
      delete list;
      list = next;
    }
  }
}

Message& MessageRing::push_back() {
  if (!tail_ || tail_index_ == chunk_size) {
    Chunk* chunk = spare_;
    if (chunk) spare_ = chunk->next;
    else chunk = new Chunk;
    chunk->next = nullptr;
    if (tail_) tail_->next = chunk;
    else head_ = chunk;
    tail_ = chunk;
    tail_index_ = 0;
  }
  ++count_;
  return tail_->slots[tail_index_++];
}

void MessageRing::pop_front() {
  ++head_index_;
  --count_;
  if (head_index_ < chunk_size && count_ != 0) return;
  if (head_index_ < chunk_size) {
    // Empty: start again at the front of the head chunk; any chunk after
    // it (left empty by an erase) goes back to the spares.
    while (head_->next) {
      Chunk* extra = head_->next;
      head_->next = extra->next;
      extra->next = spare_;
      spare_ = extra;
    }
    tail_ = head_;
    head_index_ = tail_index_ = 0;
    return;
  }
  Chunk* done = head_;
  head_ = done->next;
  head_index_ = 0;
  if (!head_) {
    tail_ = nullptr;
    tail_index_ = 0;
  }
  done->next = spare_;
  spare_ = done;
}

Message& MessageRing::slot(std::size_t index) {
  std::size_t offset = head_index_ + index;
  Chunk* chunk = head_;
  while (offset >= chunk_size) {
    offset -= chunk_size;
    chunk = chunk->next;
  }
  return chunk->slots[offset];
}

const Message& MessageRing::at(std::size_t index) const { return const_cast<MessageRing*>(this)->slot(index); }

void MessageRing::erase(std::size_t index) {
  // Slide the later messages forward one place; the freed slot ends up last.
  for (std::size_t i = index; i + 1 < count_; ++i) std::swap(slot(i), slot(i + 1));
  // Drop the last slot.
  if (tail_index_ > 0) {
    --tail_index_;
    --count_;
    if (count_ == 0) head_index_ = tail_index_ = 0;
    return;
  }
  // The last message sat alone at the start of the tail chunk: recycle it.
  Chunk* before = head_;
  while (before->next != tail_) before = before->next;
  tail_->next = spare_;
  spare_ = tail_;
  tail_ = before;
  before->next = nullptr;
  tail_index_ = chunk_size - 1;
  --count_;
}

namespace {

Errno interrupted(WaitResult result) { return result == WaitResult::woken ? Errno::none : Errno::eintr; }

// Removes the message `sender` is blocked on, if a receiver has not taken it.
void withdraw(Kernel& kernel, MessageQueue& queue, Process& sender, const KernelObject& where, bool report) {
  for (std::size_t i = 0; i < queue.ring.size(); ++i) {
    if (queue.ring.at(i).waiting_sender != &sender) continue;
    if (report) kernel.report_lost(where.describe(), queue.ring.at(i), "sender killed while sending");
    queue.ring.erase(i);
    return;
  }
}

// The first receiver asleep on this queue (or, for a link, its receiver
// asleep in receive {from: any}): a sender that finds one hands the message
// over directly and does not wait, even on a rendezvous.
Process* waiting_receiver(MessageQueue& queue) {
  if (Process* first = queue.receivers.front()) return first;
  return queue.also_wake ? queue.also_wake->front() : nullptr;
}

}  // namespace

KStatus send_message(Kernel& kernel, Process& sender, MessageQueue& queue, std::string_view body,
                     SendOptions options, const KernelObject& where) {
  const bool rendezvous = queue.capacity() == 0;
  // Re-checked after every sleep: a sender woken for room may find a
  // receiver waiting by then, or the room taken again (section 10).
  for (;;) {
    if (queue.send_error != Errno::none) return queue.send_error;
    if (Process* receiver = waiting_receiver(queue)) {
      // A receiver asleep in receive means the buffer is empty (receivers
      // only sleep on an empty one, and senders only queue when none sleeps):
      // 1. copy the message in and hand it straight over — a rendezvous met;
      // 2. wake the receiver, which copies it out when it next runs.
      KASSERT(queue.empty());
      kernel.charge_copy(sender, static_cast<std::int64_t>(body.size()));
      sender.counters[Counter::messages_sent] += 1;
      receiver->has_handoff = true;
      receiver->handoff_sender = sender.pid();
      receiver->handoff_body.assign(body);
      kernel.wake(*receiver);
      // This sender may have been woken for room it no longer needs: pass
      // the wake-up on, or the next sender waiting for room sleeps forever.
      if (queue.has_room() && !queue.room_waiters.empty()) kernel.wake_one(queue.room_waiters);
      return Success{};
    }
    // Nobody is waiting to receive: a rendezvous queues the message and
    // waits for a taker, a buffer takes it if there is room.
    if (rendezvous || queue.has_room()) break;
    if (options.nonblocking) return Errno::eagain;
    if (Errno e = interrupted(kernel.block(sender, queue.room_waiters)); e != Errno::none) return e;
  }
  if (rendezvous && options.nonblocking) return Errno::eagain;

  kernel.charge_copy(sender, static_cast<std::int64_t>(body.size()));
  sender.counters[Counter::messages_sent] += 1;
  const bool wait_for_receiver = rendezvous || options.wait_received;
  Message& message = queue.ring.push_back();
  message.body.assign(body);
  message.sender = sender.pid();
  message.arrival = kernel.links.next_arrival();
  message.waiting_sender = wait_for_receiver ? &sender : nullptr;
  if (!wait_for_receiver) return Success{};

  // The message is the kernel's now; the sender sleeps until a receiver takes
  // it directly from the queue (SCENARIO_FORMAT section 10, "Wake-ups").
  sender.send_taken = false;
  while (!sender.send_taken) {
    if (queue.send_error != Errno::none) return queue.send_error;  // already reported lost
    const WaitResult result = kernel.block(sender, queue.receipt_waiters);
    if (sender.send_taken) break;
    if (result != WaitResult::woken) {
      withdraw(kernel, queue, sender, where, result == WaitResult::killed);
      return Errno::eintr;
    }
  }
  return Success{};
}

void take_message(Kernel& kernel, Process& receiver, MessageQueue& queue, std::string& body, Pid& sender) {
  Message& message = queue.ring.front();
  body.assign(message.body);  // the copy out of the kernel; both keep their storage
  sender = message.sender;
  Process* blocked_sender = message.waiting_sender;
  message.waiting_sender = nullptr;
  queue.ring.pop_front();
  kernel.charge_copy(receiver, static_cast<std::int64_t>(body.size()));
  receiver.counters[Counter::messages_received] += 1;
  if (blocked_sender) {
    blocked_sender->send_taken = true;
    kernel.wake(*blocked_sender);
  }
  if (queue.capacity() != 0 && !queue.room_waiters.empty()) kernel.wake_one(queue.room_waiters);
}

bool take_handoff(Kernel& kernel, Process& receiver, std::string& body, Pid& sender) {
  if (!receiver.has_handoff) return false;
  receiver.has_handoff = false;
  if (receiver.killed()) {
    // Killed before it ran again: the message never reaches user memory.
    Message lost{std::move(receiver.handoff_body), receiver.handoff_sender, 0, nullptr};
    kernel.report_lost(receiver.describe(), lost, "receiver killed before it took the message");
    return false;
  }
  body.assign(receiver.handoff_body);
  sender = receiver.handoff_sender;
  kernel.charge_copy(receiver, static_cast<std::int64_t>(body.size()));
  receiver.counters[Counter::messages_received] += 1;
  return true;
}

KStatus receive_message(Kernel& kernel, Process& receiver, MessageQueue& queue, bool nonblocking,
                        std::string& body, Pid& sender) {
  for (;;) {
    if (!queue.empty()) {
      take_message(kernel, receiver, queue, body, sender);
      return Success{};
    }
    if (queue.receive_error != Errno::none) return queue.receive_error;
    if (nonblocking) return Errno::eagain;
    const WaitResult result = kernel.block(receiver, queue.receivers);
    if (take_handoff(kernel, receiver, body, sender)) return Success{};
    if (result != WaitResult::woken) return Errno::eintr;
  }
}

void end_receiving(Kernel& kernel, MessageQueue& queue, Errno error, const KernelObject& where, std::string_view why) {
  queue.send_error = error;
  queue.receive_error = error;
  while (!queue.ring.empty()) {
    kernel.report_lost(where.describe(), queue.ring.front(), std::string(why));
    queue.ring.pop_front();
  }
  kernel.wake_all(queue.receivers);
  kernel.wake_all(queue.room_waiters);
  kernel.wake_all(queue.receipt_waiters);
}

void end_sending(Kernel& kernel, MessageQueue& queue, Errno error) {
  queue.receive_error = error;
  kernel.wake_all(queue.receivers);
}

}  // namespace ipcsim::kernel
