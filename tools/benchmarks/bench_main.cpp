// ipcsim_bench: the built-in workloads of tools/bench. Each workload runs in
// a child process of its own, so its peak RSS is its own (wait4's rusage).
#include "kernel/errno.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include "tools/benchmarks/workloads.h"
#include "tools/scenario/json_writer.h"

namespace {

using ipcsim::bench::Figures;

struct Measured {
  Figures figures;
  long peak_rss_bytes = 0;
  bool ok = false;
};

template <typename Workload>
Measured in_child(Workload&& workload) {
  int channel[2];
  if (pipe(channel) != 0) return {};
  std::fflush(nullptr);
  const pid_t child = fork();
  if (child < 0) return {};
  if (child == 0) {
    close(channel[0]);
    const Figures figures = workload();
    const ssize_t written = write(channel[1], &figures, sizeof figures);
    _exit(written == static_cast<ssize_t>(sizeof figures) ? 0 : 1);
  }
  close(channel[1]);
  Measured measured;
  const ssize_t got = read(channel[0], &measured.figures, sizeof measured.figures);
  close(channel[0]);
  int status = 0;
  struct rusage usage {};
  wait4(child, &status, 0, &usage);
  measured.ok = got == static_cast<ssize_t>(sizeof measured.figures) && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  measured.peak_rss_bytes = usage.ru_maxrss * 1024L;  // Linux reports KiB
  return measured;
}

int usage_error() {
  std::cerr << "usage: ipcsim_bench [--quick] [--json OUT] [--only syscall|ping-pong|pipe|fan-in|spawn]\n";
  return 64;
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  std::string json_path;
  std::string only;  // run one workload in this process (for profiling)
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--quick") quick = true;
    else if (arg == "--json" && i + 1 < argc) json_path = argv[++i];
    else if (arg == "--only" && i + 1 < argc) only = argv[++i];
    else return usage_error();
  }
  const std::int64_t scale = quick ? 100 : 1;
  const std::int64_t calls = 10'000'000 / scale;
  const std::int64_t round_trips = 1'000'000 / scale;
  const std::int64_t senders = 10'000 / scale;
  const std::int64_t spawn = 1'000'000 / scale;

  if (!only.empty()) {
    Figures f;
    if (only == "syscall") f = ipcsim::bench::run_syscalls(calls);
    else if (only == "ping-pong") f = ipcsim::bench::run_ping_pong(round_trips);
    else if (only == "pipe") f = ipcsim::bench::run_pipe_ping_pong(round_trips);
    else if (only == "fan-in") f = ipcsim::bench::run_fan_in(senders, 100);
    else if (only == "spawn") f = ipcsim::bench::run_spawn(spawn);
    else return usage_error();
    std::printf("%s: %.3f s, %lld syscalls, %lld messages\n", only.c_str(), f.seconds,
                static_cast<long long>(f.syscalls), static_cast<long long>(f.messages));
    return 0;
  }
  std::printf("ipcsim benchmarks%s (Release, trace off, counters on)\n", quick ? " --quick" : "");
  const Measured syscalls = in_child([&] { return ipcsim::bench::run_syscalls(calls); });
  const double syscall_ns = syscalls.figures.seconds * 1e9 / static_cast<double>(syscalls.figures.syscalls);
  std::printf("  syscall    %9lld non-blocking calls        %7.1f ns/call\n",
              static_cast<long long>(syscalls.figures.syscalls), syscall_ns);

  const Measured ping = in_child([&] { return ipcsim::bench::run_ping_pong(round_trips); });
  const double message_ns = ping.figures.seconds * 1e9 / static_cast<double>(ping.figures.messages);
  std::printf("  ping-pong  %9lld messages (2 processes)     %7.1f ns/message  %7.1f ns/syscall\n",
              static_cast<long long>(ping.figures.messages), message_ns,
              ping.figures.seconds * 1e9 / static_cast<double>(ping.figures.syscalls));

  const Measured piped = in_child([&] { return ipcsim::bench::run_pipe_ping_pong(round_trips); });
  const double pipe_ns = piped.figures.seconds * 1e9 / static_cast<double>(piped.figures.messages);
  std::printf("  pipe       %9lld round trips (2 pipes)      %7.1f ns/trip     %7.1f ns/syscall\n",
              static_cast<long long>(piped.figures.messages), pipe_ns,
              piped.figures.seconds * 1e9 / static_cast<double>(piped.figures.syscalls));

  const Measured fan = in_child([&] { return ipcsim::bench::run_fan_in(senders, 100); });
  const double fanin_ns = fan.figures.seconds * 1e9 / static_cast<double>(fan.figures.messages);
  std::printf("  fan-in     %9lld messages (%lld senders)  %7.1f ns/message  peak RSS %.1f MiB\n",
              static_cast<long long>(fan.figures.messages), static_cast<long long>(senders), fanin_ns,
              static_cast<double>(fan.peak_rss_bytes) / (1 << 20));

  const Measured spawned = in_child([&] { return ipcsim::bench::run_spawn(spawn); });
  std::printf("  spawn      %9lld processes alive at once     %7.2f s        peak RSS %.2f GiB\n",
              static_cast<long long>(spawned.figures.processes), spawned.figures.seconds,
              static_cast<double>(spawned.peak_rss_bytes) / (1 << 30));

  const bool ok = syscalls.ok && ping.ok && piped.ok && fan.ok && spawned.ok;
  if (!json_path.empty()) {
    std::ofstream out(json_path);
    ipcsim::scenario::JsonWriter json(out);
    json.begin_object();
    json.field("syscall_ns", syscall_ns);
    json.field("message_ns", message_ns);
    json.field("pipe_round_trip_ns", pipe_ns);
    json.field("fanin_message_ns", fanin_ns);
    json.field("spawn_processes", spawned.figures.processes);
    json.field("spawn_seconds", spawned.figures.seconds);
    json.field("spawn_peak_rss_bytes", static_cast<std::int64_t>(spawned.peak_rss_bytes));
    json.field("quick", quick);
    json.end_object();
    out << '\n';
  }
  if (!ok) std::fprintf(stderr, "ipcsim_bench: a workload failed\n");
  return ok ? 0 : 1;
}
