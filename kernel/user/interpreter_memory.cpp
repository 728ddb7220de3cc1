// Shared-memory and semaphore steps. shmget, shmat, shmdt, shmctl and the
// sem_* steps are system calls; load, store, atomic_add and cas are
// user-mode steps: one memory access each, entering the kernel only for a
// page fault or SIGSEGV (kernel/user_memory.h).
#include <array>
#include <cstddef>

#include "kernel/kernel.h"
#include "kernel/user/interpreter.h"
#include "kernel/user_memory.h"

namespace ipcsim::user {
namespace {

constexpr std::int64_t word_size = 8;
using Word = std::array<std::byte, word_size>;

// Words are 8 bytes, little-endian (as x86-64 and most machines store them).
std::uint64_t word_value(const Word& bytes) {
  std::uint64_t value = 0;
  for (std::size_t i = word_size; i-- > 0;) value = (value << 8) | static_cast<std::uint64_t>(bytes[i]);
  return value;
}

Word word_bytes(std::uint64_t value) {
  Word bytes;
  for (std::size_t i = 0; i < word_size; ++i) bytes[i] = static_cast<std::byte>((value >> (8 * i)) & 0xff);
  return bytes;
}

}  // namespace

bool Interpreter::accesses_memory(const StepAction& action) {
  return std::holds_alternative<LoadStep>(action) || std::holds_alternative<StoreStep>(action) ||
         std::holds_alternative<AtomicAddStep>(action) || std::holds_alternative<CasStep>(action);
}

Interpreter::Flow Interpreter::run_access(const Step& step) {
  kernel::Process& self = *self_;
  for (;;) {
    const bool done = std::visit(
        [&](const auto& action) {
          if constexpr (requires { this->access(step, action); }) return this->access(step, action);
          else return true;
        },
        step.action);
    if (self.must_leave()) return Flow::leave;
    if (done) return Flow::next;
    // The access raised SIGSEGV and a handler returned: the faulting step
    // runs again, as Linux restarts the faulting instruction. It is a step
    // again, so a handler that fixes nothing runs into the steps limit.
    self.kernel().begin_step(self, true);
    if (self.must_leave()) return Flow::leave;
  }
}

bool Interpreter::address_of(const Step& step, const Expression& expression, std::int64_t& address) {
  const Value value = evaluate(step, expression);
  if (!value.is_integer()) {
    fail(step, "address is not an integer: " + value.to_text());
    return false;
  }
  address = value.as_integer();
  return true;
}

bool Interpreter::access(const Step& step, const LoadStep& load) {
  std::int64_t address = 0;
  if (!address_of(step, load.address, address)) return true;
  const std::int64_t page_size = self_->kernel().config().page_size;
  if (load.size) {
    const Value size = evaluate(step, *load.size);
    if (!size.is_integer() || size.as_integer() < 0) {
      fail(step, "load size is not an integer of at least 0: " + size.to_text());
      return true;
    }
    std::string bytes(static_cast<std::size_t>(size.as_integer()), '\0');
    if (!bytes.empty()) {
      const kernel::Attachment* attachment = kernel::prepare_access(
          self_->kernel(), *self_, address, size.as_integer(), kernel::MemoryAccess::load);
      if (!attachment) return false;
      kernel::copy_from_user_memory(*attachment, page_size, address, reinterpret_cast<std::byte*>(bytes.data()),
                                    size.as_integer());
    }
    if (!load.into.empty()) variables_.set(load.into, Value(std::move(bytes)));
    return true;
  }
  const kernel::Attachment* attachment =
      kernel::prepare_access(self_->kernel(), *self_, address, word_size, kernel::MemoryAccess::load);
  if (!attachment) return false;
  Word word;
  kernel::copy_from_user_memory(*attachment, page_size, address, word.data(), word_size);
  if (!load.into.empty()) variables_.set(load.into, Value(static_cast<std::int64_t>(word_value(word))));
  return true;
}

bool Interpreter::access(const Step& step, const StoreStep& store) {
  std::int64_t address = 0;
  if (!address_of(step, store.address, address)) return true;
  const std::int64_t page_size = self_->kernel().config().page_size;
  if (store.text) {
    std::string storage;
    // A literal is used where it is: a constant text store allocates nothing.
    const std::string& bytes =
        store.text->is_literal() ? store.text->literal() : (storage = evaluate(step, *store.text));
    if (bytes.empty()) return true;  // nothing stored, nothing touched
    const auto length = static_cast<std::int64_t>(bytes.size());
    kernel::Attachment* attachment =
        kernel::prepare_access(self_->kernel(), *self_, address, length, kernel::MemoryAccess::store);
    if (!attachment) return false;
    kernel::copy_to_user_memory(*attachment, page_size, address, reinterpret_cast<const std::byte*>(bytes.data()),
                                length);
    return true;
  }
  const Value value = evaluate(step, *store.value);
  if (!value.is_integer()) {
    fail(step, "a stored value is an integer (use 'text' for bytes): " + value.to_text());
    return true;
  }
  kernel::Attachment* attachment =
      kernel::prepare_access(self_->kernel(), *self_, address, word_size, kernel::MemoryAccess::store);
  if (!attachment) return false;
  const Word word = word_bytes(static_cast<std::uint64_t>(value.as_integer()));
  kernel::copy_to_user_memory(*attachment, page_size, address, word.data(), word_size);
  return true;
}

// atomic_add and cas read and write one word in a single step: no other
// process's step can fall between the read and the write (a locked
// instruction). Both write, so a read-only attachment raises SIGSEGV even
// when cas compares unequal, as x86's cmpxchg always writes.
bool Interpreter::access(const Step& step, const AtomicAddStep& add) {
  std::int64_t address = 0;
  if (!address_of(step, add.address, address)) return true;
  const Value value = evaluate(step, add.value);
  if (!value.is_integer()) {
    fail(step, "atomic_add adds an integer: " + value.to_text());
    return true;
  }
  const std::int64_t page_size = self_->kernel().config().page_size;
  kernel::Attachment* attachment =
      kernel::prepare_access(self_->kernel(), *self_, address, word_size, kernel::MemoryAccess::store);
  if (!attachment) return false;
  Word word;
  kernel::copy_from_user_memory(*attachment, page_size, address, word.data(), word_size);
  const std::uint64_t old = word_value(word);
  word = word_bytes(old + static_cast<std::uint64_t>(value.as_integer()));  // wraps, as the machine does
  kernel::copy_to_user_memory(*attachment, page_size, address, word.data(), word_size);
  if (!add.into.empty()) variables_.set(add.into, Value(static_cast<std::int64_t>(old)));
  return true;
}

bool Interpreter::access(const Step& step, const CasStep& cas) {
  std::int64_t address = 0;
  if (!address_of(step, cas.address, address)) return true;
  const Value expected = evaluate(step, cas.expected);
  const Value value = evaluate(step, cas.value);
  if (!expected.is_integer() || !value.is_integer()) {
    fail(step, "cas compares and stores integers");
    return true;
  }
  const std::int64_t page_size = self_->kernel().config().page_size;
  kernel::Attachment* attachment =
      kernel::prepare_access(self_->kernel(), *self_, address, word_size, kernel::MemoryAccess::store);
  if (!attachment) return false;
  Word word;
  kernel::copy_from_user_memory(*attachment, page_size, address, word.data(), word_size);
  const auto old = static_cast<std::int64_t>(word_value(word));
  if (old == expected.as_integer()) {
    word = word_bytes(static_cast<std::uint64_t>(value.as_integer()));
    kernel::copy_to_user_memory(*attachment, page_size, address, word.data(), word_size);
  }
  if (!cas.into.empty()) variables_.set(cas.into, Value(old));
  return true;
}

// ---- system calls ----

void Interpreter::call(const Step& step, const ShmgetStep& get) {
  std::int64_t key = kernel::ipc_private;
  if (get.key) {
    const Value value = evaluate(step, *get.key);
    if (!value.is_integer()) fail(step, "a shm key is an integer or 'private': " + value.to_text());
    key = value.as_integer();
  }
  const auto result = libc::shmget(*self_, key, get.size, kernel::ShmgetFlags{get.create, get.exclusive, get.mode});
  finish_call(step, zero_ret(result), Value(result.value));  // the id goes to `into`
}

void Interpreter::call(const Step& step, const ShmatStep& attach) {
  const Value id = evaluate(step, attach.id);
  const auto result = libc::shmat(*self_, id.as_integer(), attach.readonly);
  finish_call(step, zero_ret(result), Value(result.value));  // the address goes to `into`
}

void Interpreter::call(const Step& step, const ShmdtStep& detach) {
  const Value address = evaluate(step, detach.address);
  const auto result = libc::shmdt(*self_, address.as_integer());
  finish_call(step, result, Value(result.value));
}

void Interpreter::call(const Step& step, const ShmctlStep& control) {
  const Value id = evaluate(step, control.id);
  if (control.command == ShmctlStep::Command::remove) {
    const auto result = libc::shmctl_remove(*self_, id.as_integer());
    finish_call(step, result, Value(result.value));
    return;
  }
  kernel::ShmStatus status;
  const auto result = libc::shmctl_status(*self_, id.as_integer(), status);
  finish_call(step, result,
              Value::map({{"size", Value(status.size)},
                          {"nattch", Value(status.attachments)},
                          {"mode", Value(std::int64_t{status.mode})},
                          {"owner", Value(std::int64_t{status.owner})}}));
}

void Interpreter::call(const Step& step, const SemCreateStep& create) {
  const Value value = evaluate(step, create.value);
  if (!value.is_integer()) fail(step, "a semaphore's value is an integer: " + value.to_text());
  const auto result = libc::sem_create(*self_, create.name, value.as_integer());
  finish_call(step, result, Value(result.value));
}

void Interpreter::call(const Step& step, const SemWaitStep& wait) {
  const auto result = libc::sem_wait(*self_, wait.name, step.call.nonblocking);
  finish_call(step, result, Value(result.value));
}

void Interpreter::call(const Step& step, const SemPostStep& post) {
  const auto result = libc::sem_post(*self_, post.name);
  finish_call(step, result, Value(result.value));
}

}  // namespace ipcsim::user
