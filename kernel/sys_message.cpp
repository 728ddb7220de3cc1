// Message passing system calls: direct links and mailboxes (SCENARIO_FORMAT
// section 4). The buffering and blocking rules live in message_queue.cpp;
// these handlers find the object, check permissions and pick the queue.
#include "kernel/kernel.h"
#include "kernel/permissions.h"
#include "kernel/system_calls.h"

namespace ipcsim::kernel {
namespace {

KResult<Mailbox*> resolve(Kernel& kernel, MailboxSelector which) {
  if (!which.name.empty()) return kernel.mailboxes.find(which.name);
  return kernel.mailboxes.find(which.id);
}


}  // namespace

KStatus sys_send_direct(Kernel& kernel, Process& sender, ProcessSelector to, std::string_view body,
                        SendOptions options) {
  auto receiver = kernel.resolve(to);
  if (!receiver.ok()) return receiver.error();
  if (receiver.value() == &sender) return Errno::einval;
  if (!receiver.value()->alive()) return Errno::esrch;
  Link& link = kernel.links.find_or_create(sender, *receiver.value(), kernel.config().link_capacity);
  return send_message(kernel, sender, link.toward(receiver.value()->pid()), body, options, link);
}

KStatus sys_receive_direct(Kernel& kernel, Process& receiver, ProcessSelector from, bool any, bool nonblocking,
                           std::string& body, Pid& sender) {
  if (any) {
    for (;;) {
      // The message that arrived first over all of the caller's links.
      MessageQueue* oldest = nullptr;
      for (Link* link : receiver.links) {
        MessageQueue& queue = link->toward(receiver.pid());
        if (!queue.empty() && (!oldest || queue.oldest_arrival() < oldest->oldest_arrival())) oldest = &queue;
      }
      if (oldest) {
        take_message(kernel, receiver, *oldest, body, sender);
        return Success{};
      }
      if (nonblocking) return Errno::eagain;
      const WaitResult result = kernel.block(receiver, receiver.receive_any_queue);
      if (take_handoff(kernel, receiver, body, sender)) return Success{};
      if (result != WaitResult::woken) return Errno::eintr;
    }
  }
  auto partner = kernel.resolve(from);
  if (!partner.ok()) return partner.error();
  if (partner.value() == &receiver) return Errno::einval;
  Link* link = kernel.links.find(receiver.pid(), partner.value()->pid());
  if (!link) {
    // Links are made on first use; an ended partner never made one.
    if (!partner.value()->alive()) return Errno::esrch;
    link = &kernel.links.find_or_create(receiver, *partner.value(), kernel.config().link_capacity);
  }
  return receive_message(kernel, receiver, link->toward(receiver.pid()), nonblocking, body, sender);
}

KStatus sys_send_mailbox(Kernel& kernel, Process& sender, MailboxSelector to, std::string_view body,
                         SendOptions options) {
  auto mailbox = resolve(kernel, to);
  if (!mailbox.ok()) return mailbox.error();
  if (!mailbox.value()->permits(sender.uid, permission_write)) return Errno::eacces;
  return send_message(kernel, sender, mailbox.value()->queue, body, options, *mailbox.value());
}

KStatus sys_receive_mailbox(Kernel& kernel, Process& receiver, MailboxSelector from, bool nonblocking,
                            std::string& body, Pid& sender) {
  auto mailbox = resolve(kernel, from);
  if (!mailbox.ok()) return mailbox.error();
  if (!mailbox.value()->permits(receiver.uid, permission_read)) return Errno::eacces;
  return receive_message(kernel, receiver, mailbox.value()->queue, nonblocking, body, sender);
}

KResult<std::int64_t> sys_mailbox_create(Kernel& kernel, Process& owner, std::string name, std::int64_t capacity,
                                         int mode) {
  auto mailbox = kernel.mailboxes.create(std::move(name), capacity, mode, owner.pid(), owner.uid);
  if (!mailbox.ok()) return mailbox.error();
  owner.owned_mailboxes.push_back(mailbox.value());
  return mailbox.value()->id();
}

KStatus sys_mailbox_destroy(Kernel& kernel, Process& caller, MailboxSelector which) {
  auto mailbox = resolve(kernel, which);
  if (!mailbox.ok()) return mailbox.error();
  // Only the owner, or root, may destroy it; the kernel's own belong to root.
  if (caller.uid != 0 && mailbox.value()->owner() != caller.pid()) return Errno::eperm;
  kernel.mailboxes.destroy(kernel, *mailbox.value(), "destroyed by " + caller.describe());
  return Success{};
}

}  // namespace ipcsim::kernel
