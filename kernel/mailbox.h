#pragma once
// Indirect communication: a mailbox with a unique id (and an optional name)
// that any process with permission may send to or receive from.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kernel/errno.h"
#include "kernel/kernel_object.h"
#include "kernel/message_queue.h"

namespace ipcsim::kernel {

class Mailbox final : public KernelObject {
 public:
  Mailbox(std::int64_t id, std::string name, std::int64_t capacity, int mode, Pid owner, int owner_uid);
  std::string describe() const override;

  const std::string& name() const { return name_; }
  Pid owner() const { return owner_; }  // 0: the kernel's (declared at boot)
  int owner_uid() const { return owner_uid_; }
  int mode() const { return mode_; }
  bool destroyed() const { return destroyed_; }
  // Permission by mode bits (owner, else other); root passes. want: 4 read, 2 write.
  bool permits(int uid, int want) const;

  MessageQueue queue;

 private:
  friend class MailboxTable;
  std::string name_;
  int mode_;
  Pid owner_;
  int owner_uid_;
  bool destroyed_ = false;
};

class MailboxTable {
 public:
  // EEXIST when a mailbox of that name still exists.
  KResult<Mailbox*> create(std::string name, std::int64_t capacity, int mode, Pid owner, int owner_uid);
  // ENOENT for a name or id that never existed, EIDRM for a destroyed one.
  KResult<Mailbox*> find(std::string_view name) const;
  KResult<Mailbox*> find(std::int64_t id) const;
  // Wakes every waiter with EIDRM and reports queued messages lost.
  void destroy(Kernel& kernel, Mailbox& mailbox, std::string_view why);
  const std::vector<std::unique_ptr<Mailbox>>& all() const { return all_; }

 private:
  std::vector<std::unique_ptr<Mailbox>> all_;  // by id - 1
  std::map<std::string, Mailbox*, std::less<>> by_name_;
};

}  // namespace ipcsim::kernel
