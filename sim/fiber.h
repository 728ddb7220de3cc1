#pragma once
// A fiber: one simulated process's stack and its place of execution. The only
// code that touches Boost.Context (STYLE.md habit 11); everything else sees
// resume() from the engine and suspend() from inside.
#include <exception>
#include <memory>

#include "sim/stack_pool.h"

namespace ipcsim::sim {

class Fiber {
 public:
  using Entry = void (*)(void* argument);

  // Nothing runs until the first resume().
  Fiber(StackPool& pool, Entry entry, void* argument);
  ~Fiber();  // a fiber is destroyed only once finished or never started
  Fiber(const Fiber&) = delete;
  Fiber& operator=(const Fiber&) = delete;

  // From the engine: run the fiber until it suspends or its entry returns.
  // An exception that escaped the entry is rethrown here, on the engine's stack.
  void resume();
  // From inside the fiber: back to whoever called resume().
  void suspend();

  bool started() const { return started_; }
  bool finished() const { return finished_; }

 private:
  struct Context;
  static void run(Fiber& self);

  std::unique_ptr<Context> context_;
  Entry entry_;
  void* argument_;
  void* stack_bottom_ = nullptr;
  std::exception_ptr error_;
  bool started_ = false;
  bool finished_ = false;
};

}  // namespace ipcsim::sim
