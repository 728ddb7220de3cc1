#pragma once
// System V shared memory (SCENARIO_FORMAT.md sections 3 and 6): segments of
// whole pages, found by key or id, attached into processes' address maps.
// A segment lives until it is removed (shmctl rmid) and its last attachment
// is gone, as on Linux: rmid frees the key at once, the id stays valid while
// anything is attached.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kernel/errno.h"
#include "kernel/kernel_object.h"

namespace ipcsim::kernel {

using Pid = std::int64_t;
class Process;
struct Attachment;

// IPC_PRIVATE: a key that never names an existing segment.
inline constexpr std::int64_t ipc_private = 0;

class SharedSegment final : public KernelObject {
 public:
  SharedSegment(std::int64_t id, std::int64_t key, std::int64_t size, std::int64_t page_size, int mode, int owner_uid,
                Pid creator);
  std::string describe() const override;  // "shm segment 1 (key 42)"

  std::int64_t key() const { return key_; }  // ipc_private once removed, as Linux
  std::int64_t size() const { return size_; }  // as asked for; the pages round it up
  std::int64_t pages() const { return static_cast<std::int64_t>(pages_.size()); }
  std::int64_t attachments() const { return attachments_; }
  int mode() const { return mode_; }
  int owner_uid() const { return owner_uid_; }
  Pid creator() const { return creator_; }
  bool removed() const { return removed_; }
  bool destroyed() const { return destroyed_; }
  // Permission by mode bits (owner, else other); root passes. want: 4 read, 2 write.
  bool permits(int uid, int want) const;
  // The bytes of page `index`; zero-filled memory is given to a page the
  // first time any process faults it in.
  std::byte* page(std::int64_t index);

 private:
  friend class SharedMemoryTable;
  std::int64_t key_;
  std::int64_t original_key_;
  std::int64_t size_;
  std::int64_t page_size_;
  int mode_;
  int owner_uid_;
  Pid creator_;
  std::int64_t attachments_ = 0;  // shm_nattch, over every process
  bool removed_ = false;
  bool destroyed_ = false;
  std::vector<std::unique_ptr<std::byte[]>> pages_;
};

class SharedMemoryTable {
 public:
  // The live segment with this key (not removed), or nullptr; never for ipc_private.
  SharedSegment* find_key(std::int64_t key) const;
  // EINVAL for an id never handed out, or one whose segment is gone.
  KResult<SharedSegment*> find(std::int64_t id) const;
  SharedSegment& create(std::int64_t key, std::int64_t size, std::int64_t page_size, int mode, int owner_uid,
                        Pid creator);
  // rmid: the key is free at once; the segment goes with its last attachment.
  void remove(SharedSegment& segment);

  // Maps the segment into the process; returns the start address.
  std::int64_t attach(Process& process, SharedSegment& segment, std::int64_t page_size, bool readonly);
  void detach(Process& process, const Attachment& attachment);
  // fork: the child has the parent's attachments (each counted again).
  void inherit(const Process& parent, Process& child);
  // exec and exit: every attachment of the process goes.
  void detach_all(Process& process);

  const std::vector<std::unique_ptr<SharedSegment>>& all() const { return all_; }

 private:
  void release(SharedSegment& segment);  // one attachment fewer

  std::vector<std::unique_ptr<SharedSegment>> all_;  // by id - 1
  std::map<std::int64_t, SharedSegment*> by_key_;   // live keys only
};

}  // namespace ipcsim::kernel
