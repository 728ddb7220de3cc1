#pragma once
// What the kernel says when nothing can run, nothing is pending and processes
// are still blocked: who waits, in which call, for what, on which object, and
// the wait-for cycle where there is one (STYLE.md habit 12).
#include <string>
#include <vector>

#include "kernel/process.h"

namespace ipcsim::kernel {

class Kernel;

struct BlockedProcess {
  Pid pid = 0;
  std::string name;
  std::string host;    // in runs with several hosts (pids are per host)
  std::string call;    // the system call it sleeps in
  std::string reason;  // "mailbox.receive"
  std::string object;  // "mailbox jobs (id 1)"
  int line = 0;        // scenario line of the step
  std::vector<Pid> waits_for;  // processes whose action could wake it
  std::string explanation;     // one sentence a student can read
};

struct DeadlockReport {
  std::vector<BlockedProcess> blocked;  // by pid
  std::vector<Pid> cycle;               // first wait-for cycle found, empty if none
};

DeadlockReport analyze_blocked(const Kernel& kernel);

// Sockets (socket_deadlock.cpp): names the socket, its peer, and who holds it.
class Socket;
void explain_socket(const Process& process, const Socket& socket, BlockReason reason, BlockedProcess& entry);

}  // namespace ipcsim::kernel
