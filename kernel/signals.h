#pragma once
// Signal dispositions and default actions as on Linux x86-64 (signal(7)).
// The kernel's side of delivery lives in signals.cpp; the handlers
// themselves are user code, which the kernel calls back through
// SignalHandler on the way back to user mode.
#include <array>
#include <cstdint>
#include <memory>

#include "kernel/signal_names.h"

namespace ipcsim::kernel {

class Process;

using SignalSet = std::uint64_t;  // bit n-1 for signal n
constexpr SignalSet signal_bit(int signal) { return SignalSet{1} << (signal - 1); }
inline constexpr int signal_stop = 19;
inline constexpr int signal_continue = 18;
inline constexpr int signal_alarm = 14;
inline constexpr int signal_segv = 11;
// Never blocked, caught or ignored.
inline constexpr SignalSet unblockable_signals = signal_bit(signal_kill) | signal_bit(signal_stop);

// A handler: user code the kernel enters on the way back to user mode.
class SignalHandler {
 public:
  virtual ~SignalHandler() = default;
  virtual void run(Process& self, int signal) = 0;
};

enum class Disposition : unsigned char { default_action, ignore, handler };

struct SignalAction {
  Disposition disposition = Disposition::default_action;
  bool restart = false;  // SA_RESTART: an interrupted call starts again
  std::shared_ptr<SignalHandler> handler;
};

// Allocated only once a process changes a disposition: a million processes
// that never touch signals carry one null pointer each.
struct SignalActions {
  std::array<SignalAction, signal_max + 1> by_signal;
};

enum class DefaultAction : unsigned char { terminate, core, ignore, stop, resume };
DefaultAction default_action(int signal);
bool is_stop_signal(int signal);

}  // namespace ipcsim::kernel
