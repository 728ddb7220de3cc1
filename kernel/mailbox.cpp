#include "kernel/mailbox.h"

#include "kernel/permissions.h"

#include <algorithm>

#include "kernel/kernel.h"

namespace ipcsim::kernel {

Mailbox::Mailbox(std::int64_t id, std::string name, std::int64_t capacity, int mode, Pid owner, int owner_uid)
    : KernelObject(ObjectKind::mailbox, id),
      queue(capacity, BlockReason::mailbox_send, BlockReason::mailbox_receive, this),
      name_(std::move(name)),
      mode_(mode),
      owner_(owner),
      owner_uid_(owner_uid) {}

std::string Mailbox::describe() const {
  if (name_.empty()) return "mailbox " + std::to_string(id());
  return "mailbox " + name_ + " (id " + std::to_string(id()) + ")";
}

bool Mailbox::permits(int uid, int want) const {
  return kernel::permits(mode_, owner_uid_, uid, want);
}

KResult<Mailbox*> MailboxTable::create(std::string name, std::int64_t capacity, int mode, Pid owner, int owner_uid) {
  if (!name.empty()) {
    auto found = by_name_.find(name);
    if (found != by_name_.end() && !found->second->destroyed()) return Errno::eexist;
  }
  const auto id = static_cast<std::int64_t>(all_.size()) + 1;
  all_.push_back(std::make_unique<Mailbox>(id, name, capacity, mode, owner, owner_uid));
  Mailbox* mailbox = all_.back().get();
  if (!name.empty()) by_name_[name] = mailbox;
  return mailbox;
}

KResult<Mailbox*> MailboxTable::find(std::string_view name) const {
  auto found = by_name_.find(name);
  if (found == by_name_.end()) return Errno::enoent;
  if (found->second->destroyed()) return Errno::eidrm;
  return found->second;
}

KResult<Mailbox*> MailboxTable::find(std::int64_t id) const {
  if (id < 1 || id > static_cast<std::int64_t>(all_.size())) return Errno::einval;
  Mailbox* mailbox = all_[static_cast<std::size_t>(id - 1)].get();
  if (mailbox->destroyed()) return Errno::eidrm;
  return mailbox;
}

void MailboxTable::destroy(Kernel& kernel, Mailbox& mailbox, std::string_view why) {
  mailbox.destroyed_ = true;
  end_receiving(kernel, mailbox.queue, Errno::eidrm, mailbox, why);
  if (mailbox.owner_ != 0) {
    if (Process* owner = kernel.find(mailbox.owner_)) {
      auto& owned = owner->owned_mailboxes;
      owned.erase(std::remove(owned.begin(), owned.end(), &mailbox), owned.end());
    }
  }
}

}  // namespace ipcsim::kernel
