#pragma once
// The base of every kernel object (mailbox, link, later pipe, shm segment,
// semaphore, socket): an id, a kind, and a name for reports. Lifetimes are
// explicit (destroy/close), never tied to destructor timing (STYLE.md habit 2).
#include <cstdint>
#include <string>
#include <string_view>

namespace ipcsim::kernel {

enum class ObjectKind : unsigned char { process, mailbox, link, pipe, shm_segment, semaphore, socket };

class KernelObject {
 public:
  KernelObject(ObjectKind kind, std::int64_t id) : kind_(kind), id_(id) {}
  virtual ~KernelObject() = default;
  KernelObject(const KernelObject&) = delete;
  KernelObject& operator=(const KernelObject&) = delete;

  ObjectKind kind() const { return kind_; }
  std::int64_t id() const { return id_; }
  // How traces and reports name it: "mailbox jobs (id 1)", "link 2<->3".
  virtual std::string describe() const = 0;

 private:
  ObjectKind kind_;
  std::int64_t id_;
};

}  // namespace ipcsim::kernel
