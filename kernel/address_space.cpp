#include "kernel/address_space.h"

#include <algorithm>

namespace ipcsim::kernel {

std::int64_t AddressSpace::map(SharedSegment& segment, std::int64_t pages, std::int64_t page_size, bool readonly) {
  if (next_ == 0) next_ = (base + page_size - 1) / page_size * page_size;
  Attachment attachment;
  attachment.start = next_;
  attachment.length = pages * page_size;
  attachment.segment = &segment;
  attachment.readonly = readonly;
  attachment.touched.assign(static_cast<std::size_t>(pages), false);
  next_ += attachment.length + page_size;  // the unmapped guard page
  attachments_.push_back(std::move(attachment));
  return attachments_.back().start;
}

Attachment* AddressSpace::find(std::int64_t address, std::int64_t length) {
  for (Attachment& attachment : attachments_) {
    // Written so that no sum can overflow, whatever address user code computes.
    if (address < attachment.start || address - attachment.start >= attachment.length) continue;
    if (length > attachment.length - (address - attachment.start)) return nullptr;  // runs off the end
    return &attachment;
  }
  return nullptr;
}

Attachment* AddressSpace::find_start(std::int64_t address) {
  for (Attachment& attachment : attachments_)
    if (attachment.start == address) return &attachment;
  return nullptr;
}

void AddressSpace::unmap(const Attachment& attachment) {
  auto found = std::find_if(attachments_.begin(), attachments_.end(),
                            [&](const Attachment& each) { return &each == &attachment; });
  if (found != attachments_.end()) attachments_.erase(found);
}

void AddressSpace::copy_for_fork(const AddressSpace& parent) {
  attachments_ = parent.attachments_;
  for (Attachment& attachment : attachments_) attachment.touched.assign(attachment.touched.size(), false);
  next_ = parent.next_;
}

void AddressSpace::clear() {
  attachments_.clear();
  next_ = 0;
}

}  // namespace ipcsim::kernel
