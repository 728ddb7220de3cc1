// Page faults and SIGSEGV: the only ways a shared-memory access enters the
// kernel. Both are counted as `page_faults`, enter the kernel once and, if
// the process survives, return to user mode once (DESIGN.md "What is counted").
#include "kernel/user_memory.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "kernel/kernel.h"
#include "kernel/signal_names.h"

namespace ipcsim::kernel {
namespace {

constexpr int signal_segmentation_fault = 11;  // SIGSEGV

std::string hex(std::int64_t address) {
  char text[32];
  std::snprintf(text, sizeof text, "%#" PRIx64, static_cast<std::uint64_t>(address));
  return text;
}

const char* access_name(MemoryAccess access) { return access == MemoryAccess::load ? "load" : "store"; }

void enter_fault(Kernel& kernel, Process& process) {
  process.counters[Counter::user_to_kernel] += 1;
  process.counters[Counter::page_faults] += 1;
  // Fault handling is kernel time of the process, as a system call's is.
  kernel.charge(process, kernel.config().costs.mode_switch + kernel.config().costs.page_fault);
}

// Back to user mode: pending signals are delivered on the way, as after
// any entry into the kernel.
void return_from_fault(Kernel& kernel, Process& process) {
  if (process.has_pending_signals()) kernel.deliver_pending_signals(process);
  if (process.must_leave()) return;
  kernel.charge(process, kernel.config().costs.mode_switch);
  process.counters[Counter::kernel_to_user] += 1;
}

[[gnu::cold, gnu::noinline]] void trace_first_touch(Kernel& kernel, const Process& process,
                                                    const Attachment& attachment, std::int64_t page,
                                                    std::int64_t address, MemoryAccess access) {
  kernel.trace(process, sim::TraceKind::fault,
               "page fault: " + std::string(access_name(access)) + " at " + hex(address) + " maps page " +
                   std::to_string(page) + " of " + attachment.segment->describe());
}

// The first touch of a page by this process through this attachment: the
// kernel maps the segment's page (zero-filled if no process touched it yet).
void first_touch(Kernel& kernel, Process& process, Attachment& attachment, std::int64_t page, std::int64_t address,
                 MemoryAccess access) {
  // Traced first, so the line carries the time of the access.
  if (kernel.tracing()) trace_first_touch(kernel, process, attachment, page, address, access);
  enter_fault(kernel, process);
  attachment.segment->page(page);
  attachment.touched[static_cast<std::size_t>(page)] = true;
  return_from_fault(kernel, process);
}

void segmentation_fault(Kernel& kernel, Process& process, std::int64_t address, MemoryAccess access,
                        bool read_only) {
  if (kernel.tracing())
    kernel.trace(process, sim::TraceKind::fault,
                 "page fault: " + std::string(access_name(access)) + " at " + hex(address) +
                     (read_only ? " through a read-only attachment" : " outside every attachment") + ": SIGSEGV");
  enter_fault(kernel, process);
  // Linux's force_sig_fault: a SIGSEGV the process blocks or ignores would
  // fault again forever, so its action goes back to the default (and it is
  // unblocked) and it kills.
  const SignalAction& action = kernel.signal_action(process, signal_segmentation_fault);
  const bool blocked = (process.signals_blocked & signal_bit(signal_segmentation_fault)) != 0;
  if (blocked || action.disposition == Disposition::ignore) {
    kernel.set_signal_action(process, signal_segmentation_fault, SignalAction{});
    process.signals_blocked &= ~signal_bit(signal_segmentation_fault);
  }
  // Raised by the kernel, counted as sent by the faulting process (section 10).
  process.counters[Counter::signals_sent] += 1;
  kernel.send_signal(process, signal_segmentation_fault);
  return_from_fault(kernel, process);
}

}  // namespace

Attachment* prepare_access(Kernel& kernel, Process& process, std::int64_t address, std::int64_t length,
                           MemoryAccess access) {
  Attachment* attachment = process.address_space.find(address, length);
  const bool read_only = attachment && access == MemoryAccess::store && attachment->readonly;
  if (!attachment || read_only) {
    segmentation_fault(kernel, process, address, access, read_only);
    return nullptr;
  }
  const std::int64_t page_size = kernel.config().page_size;
  const std::int64_t offset = address - attachment->start;
  const std::int64_t last = (offset + length - 1) / page_size;
  for (std::int64_t page = offset / page_size; page <= last; ++page) {
    if (attachment->touched[static_cast<std::size_t>(page)]) continue;
    // Each page untouched by this process faults, even within one access.
    const std::int64_t at = page == offset / page_size ? address : attachment->start + page * page_size;
    first_touch(kernel, process, *attachment, page, at, access);
    if (process.must_leave()) return nullptr;  // a signal delivered on the way back killed it
    // A handler run on the way back may have changed the attachments: look
    // again (nullptr: the access is made again, and faults as it now must).
    attachment = process.address_space.find(address, length);
    if (!attachment) return nullptr;
  }
  return attachment;
}

void copy_from_user_memory(const Attachment& attachment, std::int64_t page_size, std::int64_t address,
                           std::byte* out, std::int64_t length) {
  std::int64_t offset = address - attachment.start;
  while (length > 0) {
    const std::int64_t within = offset % page_size;
    const std::int64_t chunk = std::min(length, page_size - within);
    std::memcpy(out, attachment.segment->page(offset / page_size) + within, static_cast<std::size_t>(chunk));
    out += chunk;
    offset += chunk;
    length -= chunk;
  }
}

void copy_to_user_memory(Attachment& attachment, std::int64_t page_size, std::int64_t address, const std::byte* in,
                         std::int64_t length) {
  std::int64_t offset = address - attachment.start;
  while (length > 0) {
    const std::int64_t within = offset % page_size;
    const std::int64_t chunk = std::min(length, page_size - within);
    std::memcpy(attachment.segment->page(offset / page_size) + within, in, static_cast<std::size_t>(chunk));
    in += chunk;
    offset += chunk;
    length -= chunk;
  }
}

}  // namespace ipcsim::kernel
