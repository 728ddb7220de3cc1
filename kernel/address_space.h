#pragma once
// A process's map of shared-memory attachments: which simulated virtual
// addresses lead to which segment, read-only or not, and which of their pages
// this process has already faulted in. Plain storage: the rules (attach
// counts, removal) live in SharedMemoryTable, the faults in user_memory.cpp.
#include <cstdint>
#include <vector>

namespace ipcsim::kernel {

class SharedSegment;

struct Attachment {
  std::int64_t start = 0;   // page-aligned
  std::int64_t length = 0;  // whole pages
  SharedSegment* segment = nullptr;
  bool readonly = false;
  // Per page: this process has touched it through this attachment. A page
  // not yet touched costs a page fault on the first access (section 6).
  std::vector<bool> touched;
};

class AddressSpace {
 public:
  // Where attachments start: 0x7f0000000000 rounded up to a page, then upward
  // in the order made, one unmapped page between two attachments so that an
  // access running off the end of one faults instead of landing in the next.
  static constexpr std::int64_t base = 0x7f0000000000;

  // Places a new attachment of `pages` pages; returns its start address.
  std::int64_t map(SharedSegment& segment, std::int64_t pages, std::int64_t page_size, bool readonly);
  // The attachment holding every byte of [address, address + length), or nullptr.
  Attachment* find(std::int64_t address, std::int64_t length);
  // The attachment that starts at `address` (what shmdt takes), or nullptr.
  Attachment* find_start(std::int64_t address);
  void unmap(const Attachment& attachment);
  // fork: the same attachments at the same addresses, no page touched yet
  // (Linux does not copy page-table entries of shared mappings: the child
  // faults them in on its own first touch).
  void copy_for_fork(const AddressSpace& parent);
  // exec and exit: empty, and the next attachment starts at `base` again.
  void clear();

  const std::vector<Attachment>& attachments() const { return attachments_; }

 private:
  std::vector<Attachment> attachments_;  // by start address, ascending
  std::int64_t next_ = 0;                // 0: nothing placed since the last clear
};

}  // namespace ipcsim::kernel
