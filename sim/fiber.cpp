#include "sim/fiber.h"

#include <boost/context/fiber.hpp>
#include <boost/context/stack_context.hpp>
#include <cstdio>
#include <cstdlib>
#include <utility>

#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define IPCSIM_HAVE_VALGRIND 1
#endif

namespace ipcsim::sim {
namespace context = boost::context;

namespace {

// Hands Boost a stack from the pool; the pool takes it back (and checks the
// canary) when the fiber's record is destroyed at its end.
class PoolStackAllocator {
 public:
  PoolStackAllocator(StackPool& pool, void* bottom) : pool_(&pool), bottom_(bottom) {}

  context::stack_context allocate() {
    context::stack_context stack;
    stack.size = pool_->stack_size();
    stack.sp = static_cast<char*>(bottom_) + stack.size;
#ifdef IPCSIM_HAVE_VALGRIND
    valgrind_stack_id_ = VALGRIND_STACK_REGISTER(bottom_, stack.sp);
#endif
    return stack;
  }

  void deallocate(context::stack_context& stack) {
#ifdef IPCSIM_HAVE_VALGRIND
    VALGRIND_STACK_DEREGISTER(valgrind_stack_id_);
#endif
    pool_->release(static_cast<char*>(stack.sp) - stack.size);
  }

 private:
  StackPool* pool_;
  void* bottom_;
  unsigned valgrind_stack_id_ = 0;  // tells valgrind this memory is a stack
};

[[noreturn]] void stack_overflow() {
  std::fprintf(stderr, "ipcsim: internal error: fiber stack overflow (canary overwritten); raise the stack size\n");
  std::abort();
}

}  // namespace

struct Fiber::Context {
  context::fiber inside;  // where resume() goes
  context::fiber caller;  // where suspend() goes
};

Fiber::Fiber(StackPool& pool, Entry entry, void* argument)
    : context_(std::make_unique<Context>()), entry_(entry), argument_(argument) {
  stack_bottom_ = pool.allocate();
  Fiber* self = this;
  context_->inside = context::fiber(std::allocator_arg, PoolStackAllocator(pool, stack_bottom_),
                                    [self](context::fiber&& caller) {
                                      self->context_->caller = std::move(caller);
                                      run(*self);
                                      return std::move(self->context_->caller);
                                    });
}

Fiber::~Fiber() {
  if (started_ && !finished_) {
    // Destroying a suspended fiber would unwind it behind the kernel's back.
    std::fprintf(stderr, "ipcsim: internal error: destroying a suspended fiber\n");
    std::abort();
  }
  // A never-started fiber still owns its stack: boost releases it here.
}

void Fiber::run(Fiber& self) {
  try {
    self.entry_(self.argument_);
  } catch (const context::detail::forced_unwind&) {
    throw;  // Boost's own unwinding must pass through
  } catch (...) {
    self.error_ = std::current_exception();
  }
  self.finished_ = true;
}

void Fiber::resume() {
  started_ = true;
  context_->inside = std::move(context_->inside).resume();
  // Checked on the engine side of every switch: an overflow is caught at the
  // next switch at the latest, before the damage spreads.
  if (!finished_ && !StackPool::canary_intact(stack_bottom_)) stack_overflow();
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

void Fiber::suspend() { context_->caller = std::move(context_->caller).resume(); }

}  // namespace ipcsim::sim
