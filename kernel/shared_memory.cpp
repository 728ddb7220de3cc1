#include "kernel/shared_memory.h"

#include "kernel/permissions.h"
#include "kernel/process.h"

namespace ipcsim::kernel {

SharedSegment::SharedSegment(std::int64_t id, std::int64_t key, std::int64_t size, std::int64_t page_size, int mode,
                             int owner_uid, Pid creator)
    : KernelObject(ObjectKind::shm_segment, id),
      key_(key),
      original_key_(key),
      size_(size),
      page_size_(page_size),
      mode_(mode),
      owner_uid_(owner_uid),
      creator_(creator),
      pages_(static_cast<std::size_t>((size + page_size - 1) / page_size)) {}

std::string SharedSegment::describe() const {
  const std::string key = original_key_ == ipc_private ? "private" : "key " + std::to_string(original_key_);
  return "shm segment " + std::to_string(id()) + " (" + key + ")";
}

bool SharedSegment::permits(int uid, int want) const {
  return kernel::permits(mode_, owner_uid_, uid, want);
}

std::byte* SharedSegment::page(std::int64_t index) {
  auto& memory = pages_[static_cast<std::size_t>(index)];
  if (!memory) memory = std::make_unique<std::byte[]>(static_cast<std::size_t>(page_size_));  // zero-filled
  return memory.get();
}

SharedSegment* SharedMemoryTable::find_key(std::int64_t key) const {
  if (key == ipc_private) return nullptr;
  auto found = by_key_.find(key);
  return found == by_key_.end() ? nullptr : found->second;
}

KResult<SharedSegment*> SharedMemoryTable::find(std::int64_t id) const {
  if (id < 1 || id > static_cast<std::int64_t>(all_.size())) return Errno::einval;
  SharedSegment* segment = all_[static_cast<std::size_t>(id - 1)].get();
  if (segment->destroyed()) return Errno::einval;
  return segment;
}

SharedSegment& SharedMemoryTable::create(std::int64_t key, std::int64_t size, std::int64_t page_size, int mode,
                                         int owner_uid, Pid creator) {
  const auto id = static_cast<std::int64_t>(all_.size()) + 1;
  all_.push_back(std::make_unique<SharedSegment>(id, key, size, page_size, mode, owner_uid, creator));
  SharedSegment& segment = *all_.back();
  if (key != ipc_private) by_key_[key] = &segment;
  return segment;
}

void SharedMemoryTable::remove(SharedSegment& segment) {
  // Linux marks the segment SHM_DEST and makes its key IPC_PRIVATE, so a
  // new shmget of the key makes a new segment while the old one lives on.
  if (!segment.removed_ && segment.key_ != ipc_private) by_key_.erase(segment.key_);
  segment.removed_ = true;
  segment.key_ = ipc_private;
  if (segment.attachments_ == 0) {
    segment.destroyed_ = true;
    segment.pages_.clear();
  }
}

std::int64_t SharedMemoryTable::attach(Process& process, SharedSegment& segment, std::int64_t page_size,
                                       bool readonly) {
  segment.attachments_ += 1;
  return process.address_space.map(segment, segment.pages(), page_size, readonly);
}

void SharedMemoryTable::release(SharedSegment& segment) {
  segment.attachments_ -= 1;
  if (segment.removed_ && segment.attachments_ == 0) {
    segment.destroyed_ = true;
    segment.pages_.clear();
  }
}

void SharedMemoryTable::detach(Process& process, const Attachment& attachment) {
  SharedSegment& segment = *attachment.segment;
  process.address_space.unmap(attachment);
  release(segment);
}

void SharedMemoryTable::inherit(const Process& parent, Process& child) {
  child.address_space.copy_for_fork(parent.address_space);
  for (const Attachment& attachment : child.address_space.attachments()) attachment.segment->attachments_ += 1;
}

void SharedMemoryTable::detach_all(Process& process) {
  for (const Attachment& attachment : process.address_space.attachments()) release(*attachment.segment);
  process.address_space.clear();
}

}  // namespace ipcsim::kernel
