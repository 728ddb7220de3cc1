// Scenario loader, shared-memory and semaphore steps: every good form parses
// to the structs the interpreter runs, and every bad one is an error at the
// node at fault (SCENARIO_FORMAT.md sections 3 and 10).
#include "tools/scenario/loader.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <variant>

namespace ipcsim::scenario {
namespace {

// A minimal file around some step lines; the first step is on line 5 and a
// step written "      - op: ..." has its operation at column 9.
std::string with_steps(std::string_view steps) {
  return "name: t\nprocesses:\n  - name: p\n    steps:\n" + std::string(steps);
}

void check_error(std::string_view yaml, int line, int column, std::string_view part) {
  LoadResult result = load_scenario_text(yaml, "test.yaml");
  REQUIRE(result.error.has_value());
  INFO(result.error->to_string());
  CHECK(result.error->line == line);
  CHECK(result.error->column == column);
  CHECK(result.error->message.find(part) != std::string::npos);
}

template <typename T>
const T& first_step(const Scenario& scenario, std::size_t index = 0) {
  REQUIRE(!scenario.processes.empty());
  REQUIRE(scenario.processes[0].steps->size() > index);
  const T* found = std::get_if<T>(&(*scenario.processes[0].steps)[index].action);
  REQUIRE(found != nullptr);
  return *found;
}

Scenario load_good(std::string_view yaml) {
  LoadResult result = load_scenario_text(yaml, "good.yaml");
  if (result.error) FAIL(result.error->to_string());
  REQUIRE(result.scenario.has_value());
  return *result.scenario;
}

TEST_SUITE("loader") {

TEST_CASE("shared memory steps: every form parses") {
  const Scenario s = load_good(with_steps(R"(      - shmget: {key: 42, size: 4KiB, create: true, exclusive: true, into: id}
      - shmget: {key: private, size: 100}
      - shmget: {key: $k}
      - shmget: {key: 1, mode: 0640}
      - shmat: {id: $id, readonly: true, into: a}
      - shmdt: $a
      - shmdt: {addr: "$a + 0"}
      - shmctl: {id: $id, cmd: rmid}
      - shmctl: {id: $id, cmd: stat, into: info}
      - load: {addr: "$a + 8", into: x}
      - load: {addr: $a, size: 5, text: true, into: s}
      - store: {addr: $a, value: 7}
      - store: {addr: $a, text: "hi ${x}"}
      - atomic_add: {addr: $a, value: 1, into: old}
      - cas: {addr: $a, expected: 0, value: 1, into: old}
      - sem_create: {name: mutex, value: 1}
      - sem_wait: mutex
      - sem_wait: {name: mutex, nonblocking: true, expect: EAGAIN}
      - sem_post: {name: mutex}
)"));
  const auto& get = first_step<user::ShmgetStep>(s, 0);
  CHECK(get.key.has_value());
  CHECK(get.size == 4096);
  CHECK(get.create);
  CHECK(get.exclusive);
  CHECK(get.mode == 0600);  // creating: its creator's alone by default
  CHECK_FALSE(first_step<user::ShmgetStep>(s, 1).key.has_value());
  CHECK(first_step<user::ShmgetStep>(s, 1).mode == 0600);  // private always creates
  CHECK(first_step<user::ShmgetStep>(s, 2).mode == 0);     // a lookup asks for nothing
  CHECK(first_step<user::ShmgetStep>(s, 3).mode == 0640);
  CHECK(first_step<user::ShmatStep>(s, 4).readonly);
  CHECK(first_step<user::ShmctlStep>(s, 7).command == user::ShmctlStep::Command::remove);
  CHECK(first_step<user::ShmctlStep>(s, 8).command == user::ShmctlStep::Command::status);
  CHECK(first_step<user::LoadStep>(s, 9).into == "x");
  CHECK_FALSE(first_step<user::LoadStep>(s, 9).size.has_value());
  CHECK(first_step<user::LoadStep>(s, 10).size.has_value());
  CHECK(first_step<user::StoreStep>(s, 11).value.has_value());
  CHECK(first_step<user::StoreStep>(s, 12).text.has_value());
  CHECK(first_step<user::CasStep>(s, 14).into == "old");
  CHECK(first_step<user::SemWaitStep>(s, 16).name == "mutex");
  CHECK((*s.processes[0].steps)[17].call.nonblocking);
  CHECK(first_step<user::SemPostStep>(s, 18).name == "mutex");
}

TEST_CASE("shared memory steps: bad forms are errors at the node at fault") {
  check_error(with_steps("      - shmget: {size: 4KiB}\n"), 5, 17, "'shmget' needs 'key'");
  check_error(with_steps("      - shmget: {key: 1, size: lots}\n"), 5, 32, "'size'");
  check_error(with_steps("      - shmget: {key: 1, create: yes}\n"), 5, 34, "true or false");
  check_error(with_steps("      - shmget: {key: 1, mode: 0999}\n"), 5, 32, "'mode'");
  check_error(with_steps("      - shmget: {key: 1, nonblocking: true}\n"), 5, 26, "never blocks");
  check_error(with_steps("      - shmat: {readonly: true}\n"), 5, 16, "'shmat' needs 'id'");
  check_error(with_steps("      - shmat: {id: 1, read_only: true}\n"), 5, 24, "unknown key 'read_only'");
  check_error(with_steps("      - shmdt: {address: 1}\n"), 5, 17, "unknown key 'address'");
  check_error(with_steps("      - shmctl: {id: 1, cmd: remove}\n"), 5, 30, "'rmid' or 'stat'");
  check_error(with_steps("      - shmctl: {id: 1}\n"), 5, 17, "'shmctl' needs 'cmd'");
  check_error(with_steps("      - sem_create: {name: mutex}\n"), 5, 21, "'sem_create' needs 'value'");
  check_error(with_steps("      - sem_create: {value: 1}\n"), 5, 21, "'sem_create' needs 'name'");
  check_error(with_steps("      - sem_create: {name: total, value: 1}\n"), 5, 28, "reserved name");
  check_error(with_steps("      - sem_post: {name: m, nonblocking: true}\n"), 5, 29, "never blocks");
  check_error(with_steps("      - sem_wait: {}\n"), 5, 19, "'sem_wait' needs 'name'");
}

TEST_CASE("memory accesses: user mode, with `into` but no call keys; bad forms at the node at fault") {
  check_error(with_steps("      - load: {into: x}\n"), 5, 15, "'load' needs 'addr'");
  check_error(with_steps("      - load: $a\n"), 5, 15, "needs a map of arguments");
  check_error(with_steps("      - load: {addr: $a, expect: ok}\n"), 5, 26, "user-mode memory access");
  check_error(with_steps("      - load: {addr: $a, size: 4}\n"), 5, 26, "needs 'text: true'");
  check_error(with_steps("      - load: {addr: $a, text: true}\n"), 5, 26, "needs 'size'");
  check_error(with_steps("      - store: {addr: $a}\n"), 5, 16, "'store' needs 'value'");
  check_error(with_steps("      - store: {addr: $a, value: 1, text: x}\n"), 5, 16, "not both");
  check_error(with_steps("      - store: {addr: $a, value: 1, nonblocking: true}\n"), 5, 37, "not a system call");
  check_error(with_steps("      - store: {addr: \"$a +\", value: 1}\n"), 5, 28, "invalid expression in 'addr'");
  check_error(with_steps("      - atomic_add: {addr: $a}\n"), 5, 21, "'atomic_add' needs 'value'");
  check_error(with_steps("      - cas: {addr: $a, value: 1}\n"), 5, 14, "'cas' needs 'expected'");
  check_error(with_steps("      - cas: {addr: $a, expected: 0, value: 1, into: 3x}\n"), 5, 54, "not a variable name");
}

}  // TEST_SUITE

}  // namespace
}  // namespace ipcsim::scenario
