#pragma once
// User-mode loads and stores to shared memory (SCENARIO_FORMAT.md section 6).
// They are plain memory accesses: no system call and no mode switch, except
// a page fault the first time a process touches a page through an
// attachment, and SIGSEGV for an address outside every attachment or a store
// through a read-only one.
#include <cstddef>
#include <cstdint>

namespace ipcsim::kernel {

class Kernel;
class Process;
struct Attachment;

enum class MemoryAccess : unsigned char { load, store };

// Makes [address, address + length) ready for an access of `process`:
// faults in each page it has not touched yet, then returns the attachment
// holding the bytes. nullptr when the access raised SIGSEGV: the process was
// killed (it must leave), or a handler ran and returned, and the access is
// to be made again, as Linux restarts the faulting instruction. length >= 1.
Attachment* prepare_access(Kernel& kernel, Process& process, std::int64_t address, std::int64_t length,
                           MemoryAccess access);

// Copies between user code and the segment's pages; the range must have
// been prepared. They allocate nothing.
void copy_from_user_memory(const Attachment& attachment, std::int64_t page_size, std::int64_t address,
                           std::byte* out, std::int64_t length);
void copy_to_user_memory(Attachment& attachment, std::int64_t page_size, std::int64_t address, const std::byte* in,
                         std::int64_t length);

}  // namespace ipcsim::kernel
