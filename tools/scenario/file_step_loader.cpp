// Pipe, FIFO and file steps (SCENARIO_FORMAT.md section 3 "Pipes, FIFOs and
// files", section 5).
#include "tools/scenario/step_loader.h"

namespace ipcsim::scenario::detail {
namespace {

// What `read` asks for when `count` is left out: recvfrom's default too.
constexpr const char* default_read_count = "65536";

}  // namespace

// `OP: VALUE` or `OP: {KEY: VALUE}`: the one argument both ways.
YAML::Node StepLoader::single_argument(StepInput& in, std::string_view key) {
  if (in.arguments.IsScalar()) return in.arguments;
  YAML::Node found;
  visit_arguments(in, {key}, [&](const MapEntry& entry) { found = entry.value; });
  if (!found) fail_missing(in, quoted(key));
  return found;
}

user::StepAction StepLoader::load_pipe(StepInput& in) {
  visit_arguments(in, {}, [](const MapEntry&) {});
  if (in.call.into.size() > 2) fail_missing(in, "at most two variables in 'into' (the read end and the write end)");
  return user::PipeStep{};
}

user::StepAction StepLoader::load_read(StepInput& in) {
  user::ReadStep step;
  bool has_fd = false;
  step.count = user::parse_expression(default_read_count).value();
  visit_arguments(in, {"fd", "count"}, [&](const MapEntry& entry) {
    if (entry.name == "fd") {
      step.fd = reader_.expression(entry.value, "'fd'");
      has_fd = true;
    } else {
      step.count = reader_.expression(entry.value, "'count'");
    }
  });
  if (!has_fd) fail_missing(in, "'fd'");
  return step;
}

user::StepAction StepLoader::load_write(StepInput& in) {
  user::WriteStep step;
  bool has_fd = false;
  bool has_data = false;
  visit_arguments(in, {"fd", "data"}, [&](const MapEntry& entry) {
    if (entry.name == "fd") {
      step.fd = reader_.expression(entry.value, "'fd'");
      has_fd = true;
    } else {
      step.data = reader_.text(entry.value, "'data'");
      has_data = true;
    }
  });
  if (!has_fd) fail_missing(in, "'fd'");
  if (!has_data) fail_missing(in, "'data'");
  return step;
}

user::StepAction StepLoader::load_close(StepInput& in) {
  return user::CloseStep{reader_.expression(single_argument(in, "fd"), "'fd'")};
}

user::StepAction StepLoader::load_dup(StepInput& in) {
  return user::DupStep{reader_.expression(single_argument(in, "fd"), "'fd'")};
}

user::StepAction StepLoader::load_dup2(StepInput& in) {
  user::Dup2Step step;
  bool has_from = false;
  bool has_to = false;
  visit_arguments(in, {"from", "to"}, [&](const MapEntry& entry) {
    if (entry.name == "from") {
      step.from = reader_.expression(entry.value, "'from'");
      has_from = true;
    } else {
      step.to = reader_.expression(entry.value, "'to'");
      has_to = true;
    }
  });
  if (!has_from) fail_missing(in, "'from'");
  if (!has_to) fail_missing(in, "'to'");
  return step;
}

user::StepAction StepLoader::load_open(StepInput& in) {
  user::OpenStep step;
  bool has_path = false;
  visit_arguments(in, {"path", "flags", "mode"}, [&](const MapEntry& entry) {
    if (entry.name == "path") {
      step.path = reader_.text(entry.value, "'path'");
      has_path = true;
    } else if (entry.name == "mode") {
      step.mode = reader_.mode(entry.value, "'mode'");
    } else {
      static const KeyList flag_names = {"read", "write", "nonblock", "create", "truncate", "append", "exclusive"};
      for (const YAML::Node& item : reader_.items(entry.value, "'flags'")) {
        const std::string flag = reader_.one_line(item, "a flag");
        bool* target = flag == "read"        ? &step.read
                       : flag == "write"     ? &step.write
                       : flag == "nonblock"  ? &step.nonblock
                       : flag == "create"    ? &step.create
                       : flag == "truncate"  ? &step.truncate
                       : flag == "append"    ? &step.append
                       : flag == "exclusive" ? &step.exclusive
                                             : nullptr;
        if (!target) {
          std::string message = "unknown open flag " + quoted(flag) +
                                " (flags: read, write, nonblock, create, truncate, append, exclusive)";
          std::string_view suggestion = closest_match(flag, flag_names);
          if (!suggestion.empty()) message += " (did you mean " + quoted(suggestion) + "?)";
          reader_.fail(item, message);
        }
        *target = true;
      }
    }
  });
  if (!has_path) fail_missing(in, "'path'");
  return step;
}

user::StepAction StepLoader::load_mkfifo(StepInput& in) {
  user::MkfifoStep step;
  if (in.arguments.IsScalar()) {
    step.path = reader_.text(in.arguments, "'mkfifo'");
    return step;
  }
  bool has_path = false;
  visit_arguments(in, {"path", "mode"}, [&](const MapEntry& entry) {
    if (entry.name == "path") {
      step.path = reader_.text(entry.value, "'path'");
      has_path = true;
    } else {
      step.mode = reader_.mode(entry.value, "'mode'");
    }
  });
  if (!has_path) fail_missing(in, "'path'");
  return step;
}

user::StepAction StepLoader::load_unlink(StepInput& in) {
  return user::UnlinkStep{reader_.text(single_argument(in, "path"), "'path'")};
}

}  // namespace ipcsim::scenario::detail
