#include "tools/scenario/loader.h"

#include <yaml-cpp/eventhandler.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <limits>
#include <sstream>
#include <utility>
#include <vector>

#include "tools/scenario/expect_loader.h"
#include "tools/scenario/file_loader.h"
#include "tools/scenario/host_loader.h"
#include "tools/scenario/name_survey.h"
#include "tools/scenario/step_loader.h"
#include "tools/scenario/yaml_reader.h"

namespace ipcsim::scenario {
namespace {

using detail::MapEntry;
using detail::quoted;
using detail::YamlReader;

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

class ScenarioLoader {
 public:
  ScenarioLoader(const YamlReader& reader, const detail::DeclaredNames& names)
      : reader_(reader), names_(names), steps_(reader, names) {}

  Scenario load(const YAML::Node& root) {
    Scenario scenario;
    bool has_name = false;
    bool has_processes = false;
    // Keys are read in document order so that the first error reported is
    // the first in the file; names used before their declaration are known
    // from survey_names.
    reader_.visit(
        root, "the scenario",
        {"name", "about", "seed", "kernel", "limits", "files", "mailboxes", "programs", "processes", "hosts", "expect"},
        [&](const MapEntry& entry) {
          const std::string& key = entry.name;
          if (key == "name") {
            scenario.name = reader_.one_line(entry.value, "'name'");
            if (scenario.name.empty()) reader_.fail(entry.value, "'name' must not be empty");
            has_name = true;
          } else if (key == "about") {
            scenario.about = reader_.scalar(entry.value, "'about'");
          } else if (key == "seed") {
            scenario.seed = static_cast<std::uint64_t>(reader_.integer(entry.value, "'seed'", 0, int64_max));
          } else if (key == "kernel") {
            load_kernel(entry.value, scenario.kernel);
          } else if (key == "limits") {
            load_limits(entry.value, scenario.limits);
          } else if (key == "files") {
            scenario.files = detail::load_files(reader_, entry.value);
          } else if (key == "hosts") {
            scenario.hosts = detail::load_hosts(reader_, entry.value);
          } else if (key == "mailboxes") {
            load_mailboxes(entry.value, scenario.mailboxes);
          } else if (key == "programs") {
            load_programs(entry.value, scenario.programs);
          } else if (key == "processes") {
            load_processes(entry.value, scenario.processes);
            has_processes = true;
          } else {
            scenario.expect = detail::load_expectations(reader_, names_, entry.value);
          }
        });
    if (!has_name) reader_.fail(root, "missing required key 'name'");
    if (!has_processes) reader_.fail(root, "missing required key 'processes'");
    return scenario;
  }

 private:
  void load_kernel(const YAML::Node& node, kernel::KernelConfig& config) {
    std::optional<YAML::Node> pipe_buf_node;
    std::optional<YAML::Node> pipe_capacity_node;
    reader_.visit(node, "'kernel'",
                  {"cpus", "scheduler", "quantum", "pipe_capacity", "pipe_buf", "link_capacity", "page_size",
                   "socket_buffer", "costs"},
                  [&](const MapEntry& entry) {
                    const std::string& key = entry.name;
                    const std::string what = quoted(key);
                    if (key == "cpus") {
                      config.cpus = static_cast<int>(reader_.integer(entry.value, what, 1, 64));
                    } else if (key == "scheduler") {
                      config.scheduler = scheduler(entry.value);
                    } else if (key == "quantum") {
                      config.quantum = reader_.duration(entry.value, what, 1);
                    } else if (key == "pipe_capacity") {
                      config.pipe_capacity = reader_.size(entry.value, what, 1);
                      pipe_capacity_node = entry.value;
                    } else if (key == "pipe_buf") {
                      config.pipe_buf = reader_.size(entry.value, what, 1);
                      pipe_buf_node = entry.value;
                    } else if (key == "link_capacity") {
                      config.link_capacity = reader_.capacity(entry.value, what);
                    } else if (key == "page_size") {
                      config.page_size = reader_.size(entry.value, what, 1);
                    } else if (key == "socket_buffer") {
                      config.socket_buffer = reader_.size(entry.value, what, 1);
                    } else {
                      load_costs(entry.value, config.costs);
                    }
                  });
    // Section 5: pipe_buf must not exceed pipe_capacity; blame the one written
    // last, or the one written at all.
    if (config.pipe_buf > config.pipe_capacity) {
      const YAML::Node& at = pipe_buf_node ? *pipe_buf_node : *pipe_capacity_node;
      reader_.fail(at, "'pipe_buf' (" + std::to_string(config.pipe_buf) + " bytes) must not exceed 'pipe_capacity' (" +
                           std::to_string(config.pipe_capacity) + " bytes)");
    }
  }

  kernel::SchedulerKind scheduler(const YAML::Node& node) const {
    std::string name = reader_.one_line(node, "'scheduler'");
    if (name == "round-robin") return kernel::SchedulerKind::round_robin;
    if (name == "fifo") return kernel::SchedulerKind::fifo;
    if (name == "priority") return kernel::SchedulerKind::priority;
    reader_.fail(node, "'scheduler' must be round-robin, fifo or priority, not " + quoted(name));
  }

  void load_costs(const YAML::Node& node, kernel::Costs& costs) {
    reader_.visit(node, "'costs'",
                  {"mode_switch", "syscall", "copy_byte", "context_switch", "page_fault", "interrupt", "user_step",
                   "network_latency"},
                  [&](const MapEntry& entry) {
                    const std::string& key = entry.name;
                    const std::string what = quoted(key);
                    if (key == "copy_byte") {
                      // A fraction of a nanosecond per byte (default 0.1ns), kept exact.
                      std::string text = reader_.scalar(entry.value, what);
                      std::optional<std::int64_t> picoseconds = parse_duration_picoseconds(text);
                      if (!picoseconds)
                        reader_.fail(entry.value, "'copy_byte' must be a duration such as 0.1ns, not " + quoted(text));
                      costs.copy_byte_picoseconds = *picoseconds;
                      return;
                    }
                    sim::Time value = reader_.duration(entry.value, what, 0);
                    if (key == "mode_switch")
                      costs.mode_switch = value;
                    else if (key == "syscall")
                      costs.syscall = value;
                    else if (key == "context_switch")
                      costs.context_switch = value;
                    else if (key == "page_fault")
                      costs.page_fault = value;
                    else if (key == "interrupt")
                      costs.interrupt = value;
                    else if (key == "user_step")
                      costs.user_step = value;
                    else
                      costs.network_latency = value;
                  });
  }

  void load_limits(const YAML::Node& node, kernel::Limits& limits) {
    reader_.visit(node, "'limits'", {"time", "steps", "processes"}, [&](const MapEntry& entry) {
      if (entry.name == "time")
        limits.time = reader_.duration(entry.value, "'time'", 1);
      else if (entry.name == "steps")
        limits.steps = static_cast<std::uint64_t>(reader_.integer(entry.value, "'steps'", 1, int64_max));
      else
        limits.processes = static_cast<std::uint64_t>(reader_.integer(entry.value, "'processes'", 1, int64_max));
    });
  }

  void load_mailboxes(const YAML::Node& node, std::vector<MailboxSpec>& mailboxes) {
    for (const YAML::Node& item : reader_.items(node, "'mailboxes'")) {
      MailboxSpec mailbox;
      mailbox.where = reader_.location(item);
      bool has_name = false;
      reader_.visit(item, "a mailbox", {"name", "capacity", "mode"}, [&](const MapEntry& entry) {
        if (entry.name == "name") {
          mailbox.name = reader_.object_name(entry.value, "a mailbox name");
          for (const MailboxSpec& earlier : mailboxes)
            if (earlier.name == mailbox.name)
              reader_.fail(entry.value, "duplicate mailbox name " + quoted(mailbox.name) + " (first at line " +
                                            std::to_string(earlier.where.line) + ")");
          has_name = true;
        } else if (entry.name == "capacity") {
          mailbox.capacity = reader_.capacity(entry.value, "'capacity'");
        } else {
          mailbox.mode = reader_.mode(entry.value, "'mode'");
        }
      });
      if (!has_name) reader_.fail(item, "a mailbox needs 'name'");
      mailboxes.push_back(std::move(mailbox));
    }
  }

  // Names a process may bear: exec renames a process to its program's name,
  // so program names follow the rules of process names.
  std::string process_name(const YAML::Node& node, std::string_view what) const {
    std::string name = reader_.object_name(node, what);
    if (name == "any") reader_.fail(node, "'any' is a reserved name (as in 'receive: {from: any}')");
    return name;
  }

  void load_programs(const YAML::Node& node, std::vector<user::ProgramDefinition>& programs) {
    for (const MapEntry& entry : reader_.entries(node, "'programs'")) {
      user::ProgramDefinition program;
      program.name = process_name(entry.key, "a program name");
      if (detail::is_builtin_program(program.name))
        reader_.fail(entry.key, quoted(program.name) + " is the name of a built-in program");
      program.steps = steps_.load_program(entry.value, "the steps of program " + quoted(program.name));
      programs.push_back(std::move(program));
    }
  }

  void load_processes(const YAML::Node& node, std::vector<ProcessSpec>& processes) {
    std::vector<YAML::Node> items = reader_.items(node, "'processes'");
    if (items.empty()) reader_.fail(node, "'processes' must list at least one process");
    for (const YAML::Node& item : items) processes.push_back(load_process(item, processes));
  }

  ProcessSpec load_process(const YAML::Node& node, const std::vector<ProcessSpec>& earlier_processes) {
    ProcessSpec process;
    process.where = reader_.location(node);
    bool has_name = false;
    bool has_exec = false;
    std::optional<MapEntry> args_entry;
    reader_.visit(node, "a process", {"name", "uid", "priority", "host", "daemon", "stdin", "steps", "exec", "args"},
                  [&](const MapEntry& entry) {
                    const std::string& key = entry.name;
                    if (key == "name") {
                      process.name = process_name(entry.value, "a process name");
                      for (const ProcessSpec& earlier : earlier_processes)
                        if (earlier.name == process.name)
                          reader_.fail(entry.value, "duplicate process name " + quoted(process.name) +
                                                        " (first at line " + std::to_string(earlier.where.line) + ")");
                      has_name = true;
                    } else if (key == "uid") {
                      process.uid = static_cast<int>(reader_.integer(entry.value, "'uid'", 0, 65535));
                    } else if (key == "priority") {
                      process.priority = static_cast<int>(reader_.integer(
                          entry.value, "'priority'", std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
                    } else if (key == "host") {
                      process.host = reader_.one_line(entry.value, "'host'");
                      detail::check_host_name(reader_, names_, entry.value, process.host);
                    } else if (key == "daemon") {
                      process.daemon = reader_.boolean(entry.value, "'daemon'");
                    } else if (key == "stdin") {
                      process.stdin_text = reader_.scalar(entry.value, "'stdin'");
                    } else if (key == "steps") {
                      process.steps = steps_.load_program(entry.value, "'steps'");
                    } else if (key == "exec") {
                      process.exec_program = steps_.program_name(entry.value);
                      has_exec = true;
                    } else {
                      args_entry = entry;
                      process.exec_args = reader_.text_list(entry.value, "'args'");
                    }
                  });
    if (!has_name) reader_.fail(node, "a process needs 'name'");
    if (has_exec && process.steps) reader_.fail(node, "a process has either 'steps' or 'exec', not both");
    if (!has_exec && !process.steps) reader_.fail(node, "a process needs 'steps' or 'exec'");
    if (args_entry && !has_exec) reader_.fail(args_entry->key, "'args' needs 'exec'");
    return process;
  }

  const YamlReader& reader_;
  const detail::DeclaredNames& names_;
  detail::StepLoader steps_;
};

LoadError error_at(const std::string& file, SourceLocation where, std::string message) {
  return LoadError{file, std::max(where.line, 1), std::max(where.column, 1), std::move(message)};
}

// yaml-cpp 0.7's LoadAll never returns on a ',' outside any flow collection:
// its parser then yields the same empty document forever. So documents are
// counted here, two at most, and one that starts where the previous one did
// means the parser is stuck.
struct StuckParser {
  YAML::Mark mark;
};

class DocumentStarts final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { start = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  YAML::Mark start = YAML::Mark::null_mark();
};

// Where a second document starts, if there is one; throws StuckParser or
// YAML::ParserException.
std::optional<YAML::Mark> find_second_document(const std::string& text) {
  std::istringstream input(text);
  YAML::Parser parser(input);
  DocumentStarts first;
  if (!parser.HandleNextDocument(first)) return std::nullopt;
  DocumentStarts second;
  if (!parser.HandleNextDocument(second)) return std::nullopt;
  if (second.start.pos == first.start.pos) throw StuckParser{first.start};
  return second.start;
}

SourceLocation mark_location(const YAML::Mark& mark) {
  if (mark.is_null() || mark.line < 0 || mark.column < 0) return {1, 1};
  return {mark.line + 1, mark.column + 1};
}

}  // namespace

std::string LoadError::to_string() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

LoadResult load_scenario_text(std::string_view yaml, const std::string& file_name) {
  LoadResult result;
  try {
    const std::string text(yaml);
    YAML::Node root;
    std::optional<YAML::Mark> second_document;
    try {
      root = YAML::Load(text);
      second_document = find_second_document(text);
    } catch (const YAML::ParserException& error) {
      result.error = error_at(file_name, mark_location(error.mark), "YAML syntax error: " + error.msg);
      return result;
    } catch (const StuckParser& stuck) {
      const std::size_t at = static_cast<std::size_t>(std::max(stuck.mark.pos, 0));
      result.error =
          error_at(file_name, mark_location(stuck.mark), "YAML syntax error: unexpected " + quoted(text.substr(at, 1)));
      return result;
    }
    if (second_document) {
      result.error = error_at(file_name, mark_location(*second_document),
                              "a scenario file holds one YAML document; a second one starts here");
      return result;
    }
    // Section 10: a file with no YAML content (empty, or only comments) is an error at 1:1.
    if (root.IsNull()) {
      result.error =
          error_at(file_name, {1, 1}, "the file has no YAML content (a scenario needs 'name' and 'processes')");
      return result;
    }
    YamlReader reader(yaml);
    if (!root.IsMap()) reader.fail(root, "a scenario file must be a map with 'name' and 'processes'");
    detail::DeclaredNames names = detail::survey_names(root);
    Scenario scenario = ScenarioLoader(reader, names).load(root);
    scenario.file = file_name;
    result.scenario = std::move(scenario);
  } catch (const detail::LoadFailure& failure) {
    result.error = error_at(file_name, failure.where, failure.message);
  } catch (const YAML::Exception& error) {
    result.error = error_at(file_name, mark_location(error.mark), "YAML error: " + error.msg);
  } catch (const std::exception& error) {
    result.error = error_at(file_name, {1, 1}, std::string("cannot load the file: ") + error.what());
  } catch (...) {
    result.error = error_at(file_name, {1, 1}, "cannot load the file");
  }
  return result;
}

LoadResult load_scenario_file(const std::string& path) {
  LoadResult result;
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    result.error = error_at(path, {1, 1}, std::string("cannot open the file: ") + std::strerror(errno));
    return result;
  }
  std::string text;
  char buffer[65536];
  std::size_t count = 0;
  while ((count = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, count);
  // Reading a directory opens fine and then fails with EISDIR.
  const bool failed = std::ferror(file) != 0;
  const int read_error = errno;
  std::fclose(file);
  if (failed) {
    result.error = error_at(path, {1, 1}, std::string("cannot read the file: ") + std::strerror(read_error));
    return result;
  }
  return load_scenario_text(text, path);
}

}  // namespace ipcsim::scenario
