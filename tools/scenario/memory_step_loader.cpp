// Shared-memory and semaphore steps (SCENARIO_FORMAT.md section 3 "Shared
// memory", section 6): shmget, shmat, shmdt, shmctl, sem_create, sem_wait,
// sem_post, and the user-mode accesses load, store, atomic_add and cas.
// Ids, addresses and values are expressions checked when the step runs;
// semaphore names are looked up by the kernel (ENOENT), so a scenario can
// expect the error.
#include "tools/scenario/step_loader.h"

namespace ipcsim::scenario::detail {

void StepLoader::visit_access(StepInput& in, KeyList keys, const std::function<void(const MapEntry&)>& handle) {
  if (in.arguments.IsNull() || !in.arguments.IsMap())
    YamlReader::fail_at(in.arguments_where, quoted(in.op) + " needs a map of arguments, such as {addr: \"$a\"}");
  const std::string what = "the arguments of " + quoted(in.op);
  keys.insert(keys.end(), {"expect", "nonblocking"});
  reader_.visit(in.arguments, what, keys, [&](const MapEntry& entry) {
    if (entry.name == "expect" || entry.name == "nonblocking")
      reader_.fail(entry.key, quoted(in.op) + " is a user-mode memory access, not a system call: no " +
                                  quoted(entry.name));
    handle(entry);
  });
}

user::StepAction StepLoader::load_shmget(StepInput& in) {
  user::ShmgetStep step;
  bool has_key = false;
  bool has_mode = false;
  visit_arguments(in, {"key", "size", "create", "exclusive", "mode"}, [&](const MapEntry& entry) {
    if (entry.name == "key") {
      has_key = true;
      if (!(entry.value.IsScalar() && entry.value.Scalar() == "private"))
        step.key = reader_.expression(entry.value, "'key'");
    } else if (entry.name == "size") {
      step.size = reader_.size(entry.value, "'size'", 0);
    } else if (entry.name == "create") {
      step.create = reader_.boolean(entry.value, "'create'");
    } else if (entry.name == "exclusive") {
      step.exclusive = reader_.boolean(entry.value, "'exclusive'");
    } else {
      step.mode = reader_.mode(entry.value, "'mode'");
      has_mode = true;
    }
  });
  if (!has_key) fail_missing(in, "'key' (a number, or 'private')");
  // A new segment is its creator's alone unless `mode` says otherwise; a
  // lookup asks for no access unless `mode` says which (section 6).
  if (!has_mode) step.mode = step.create || !step.key ? 0600 : 0;
  return step;
}

user::StepAction StepLoader::load_shmat(StepInput& in) {
  user::ShmatStep step;
  bool has_id = false;
  visit_arguments(in, {"id", "readonly"}, [&](const MapEntry& entry) {
    if (entry.name == "id") {
      step.id = reader_.expression(entry.value, "'id'");
      has_id = true;
    } else {
      step.readonly = reader_.boolean(entry.value, "'readonly'");
    }
  });
  if (!has_id) fail_missing(in, "'id'");
  return step;
}

user::StepAction StepLoader::load_shmdt(StepInput& in) {
  user::ShmdtStep step;
  if (in.arguments.IsScalar()) {
    step.address = reader_.expression(in.arguments, "'shmdt'");
    return step;
  }
  bool has_address = false;
  visit_arguments(in, {"addr"}, [&](const MapEntry& entry) {
    step.address = reader_.expression(entry.value, "'addr'");
    has_address = true;
  });
  if (!has_address) fail_missing(in, "'addr'");
  return step;
}

user::StepAction StepLoader::load_shmctl(StepInput& in) {
  user::ShmctlStep step;
  bool has_id = false;
  bool has_command = false;
  visit_arguments(in, {"id", "cmd"}, [&](const MapEntry& entry) {
    if (entry.name == "id") {
      step.id = reader_.expression(entry.value, "'id'");
      has_id = true;
      return;
    }
    const std::string command = reader_.one_line(entry.value, "'cmd'");
    if (command == "rmid") step.command = user::ShmctlStep::Command::remove;
    else if (command == "stat") step.command = user::ShmctlStep::Command::status;
    else reader_.fail(entry.value, "'cmd' must be 'rmid' or 'stat', not " + quoted(command));
    has_command = true;
  });
  if (!has_id) fail_missing(in, "'id'");
  if (!has_command) fail_missing(in, "'cmd' ('rmid' or 'stat')");
  return step;
}

user::StepAction StepLoader::load_sem_create(StepInput& in) {
  user::SemCreateStep step;
  bool has_name = false;
  bool has_value = false;
  visit_arguments(in, {"name", "value"}, [&](const MapEntry& entry) {
    if (entry.name == "name") {
      step.name = reader_.object_name(entry.value, "a semaphore name");
      has_name = true;
    } else {
      step.value = reader_.expression(entry.value, "'value'");
      has_value = true;
    }
  });
  if (!has_name) fail_missing(in, "'name'");
  if (!has_value) fail_missing(in, "'value' (the units it starts with, such as 1 for a mutex)");
  return step;
}

// sem_wait and sem_post: `sem_wait: mutex` or `sem_wait: {name: mutex}`.
user::StepAction StepLoader::load_semaphore_name(StepInput& in, bool waits) {
  std::string name;
  if (in.arguments.IsScalar()) {
    name = reader_.object_name(in.arguments, "a semaphore name");
  } else {
    visit_arguments(in, {"name"}, [&](const MapEntry& entry) {
      name = reader_.object_name(entry.value, "a semaphore name");
    });
    if (name.empty()) fail_missing(in, "'name'");
  }
  if (waits) return user::SemWaitStep{std::move(name)};
  return user::SemPostStep{std::move(name)};
}

user::StepAction StepLoader::load_sem_wait(StepInput& in) { return load_semaphore_name(in, true); }
user::StepAction StepLoader::load_sem_post(StepInput& in) { return load_semaphore_name(in, false); }

user::StepAction StepLoader::load_load(StepInput& in) {
  user::LoadStep step;
  bool has_address = false;
  std::optional<MapEntry> size_entry;
  std::optional<MapEntry> text_entry;
  bool text = false;
  visit_access(in, {"addr", "size", "text", "into"}, [&](const MapEntry& entry) {
    if (entry.name == "addr") {
      step.address = reader_.expression(entry.value, "'addr'");
      has_address = true;
    } else if (entry.name == "size") {
      step.size = reader_.expression(entry.value, "'size'");
      size_entry = entry;
    } else if (entry.name == "text") {
      text = reader_.boolean(entry.value, "'text'");
      text_entry = entry;
    } else {
      step.into = reader_.variable(entry.value);
    }
  });
  if (!has_address) fail_missing(in, "'addr'");
  // Without `text`, a load reads one 8-byte word; bytes need both keys.
  if (size_entry && !text) reader_.fail(size_entry->key, "'size' loads bytes as a string: it needs 'text: true'");
  if (text && !size_entry) reader_.fail(text_entry->key, "'text: true' needs 'size' (how many bytes to load)");
  return step;
}

user::StepAction StepLoader::load_store(StepInput& in) {
  user::StoreStep step;
  bool has_address = false;
  visit_access(in, {"addr", "value", "text"}, [&](const MapEntry& entry) {
    if (entry.name == "addr") {
      step.address = reader_.expression(entry.value, "'addr'");
      has_address = true;
    } else if (entry.name == "value") {
      step.value = reader_.expression(entry.value, "'value'");
    } else {
      step.text = reader_.text(entry.value, "'text'");
    }
  });
  if (!has_address) fail_missing(in, "'addr'");
  if (step.value && step.text) YamlReader::fail_at(in.arguments_where, "'store' takes 'value' or 'text', not both");
  if (!step.value && !step.text) fail_missing(in, "'value' (an 8-byte word) or 'text' (bytes)");
  return step;
}

user::StepAction StepLoader::load_atomic_add(StepInput& in) {
  user::AtomicAddStep step;
  bool has_address = false;
  bool has_value = false;
  visit_access(in, {"addr", "value", "into"}, [&](const MapEntry& entry) {
    if (entry.name == "addr") {
      step.address = reader_.expression(entry.value, "'addr'");
      has_address = true;
    } else if (entry.name == "value") {
      step.value = reader_.expression(entry.value, "'value'");
      has_value = true;
    } else {
      step.into = reader_.variable(entry.value);
    }
  });
  if (!has_address) fail_missing(in, "'addr'");
  if (!has_value) fail_missing(in, "'value'");
  return step;
}

user::StepAction StepLoader::load_cas(StepInput& in) {
  user::CasStep step;
  bool has_address = false;
  bool has_expected = false;
  bool has_value = false;
  visit_access(in, {"addr", "expected", "value", "into"}, [&](const MapEntry& entry) {
    if (entry.name == "addr") {
      step.address = reader_.expression(entry.value, "'addr'");
      has_address = true;
    } else if (entry.name == "expected") {
      step.expected = reader_.expression(entry.value, "'expected'");
      has_expected = true;
    } else if (entry.name == "value") {
      step.value = reader_.expression(entry.value, "'value'");
      has_value = true;
    } else {
      step.into = reader_.variable(entry.value);
    }
  });
  if (!has_address) fail_missing(in, "'addr'");
  if (!has_expected) fail_missing(in, "'expected'");
  if (!has_value) fail_missing(in, "'value'");
  return step;
}

}  // namespace ipcsim::scenario::detail
