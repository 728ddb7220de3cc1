// Message-passing steps (SCENARIO_FORMAT.md sections 3 and 4) and the way
// steps name processes and mailboxes.
#include "tools/scenario/step_loader.h"
#include "tools/scenario/units.h"

namespace ipcsim::scenario::detail {
namespace {

bool starts_like_number(std::string_view text) {
  return !text.empty() && ((text[0] >= '0' && text[0] <= '9') || text[0] == '-' || text[0] == '+');
}

}  // namespace

user::ProcessRef StepLoader::process_ref(const YAML::Node& node, std::string_view what, bool allow_any) const {
  std::string text = reader_.one_line(node, what);
  user::ProcessRef ref;
  if (text == "any") {
    if (!allow_any) reader_.fail(node, "'any' is not allowed in " + std::string(what) + ": name one process");
    ref.kind = user::ProcessRef::Kind::any;
    return ref;
  }
  if (!text.empty() && text.front() == '$') {
    ref.kind = user::ProcessRef::Kind::variable;
    ref.name = reader_.variable(node);
    return ref;
  }
  if (starts_like_number(text)) {
    std::optional<std::int64_t> pid = parse_integer(text);
    if (!pid || *pid < 1) reader_.fail(node, "a pid must be an integer of at least 1, not " + quoted(text));
    ref.kind = user::ProcessRef::Kind::pid;
    ref.pid = *pid;
    return ref;
  }
  if (names_.process_names.count(text) == 0) {
    KeyList known(names_.process_names.begin(), names_.process_names.end());
    std::string message = "no process could be named " + quoted(text);
    std::string_view suggestion = closest_match(text, known);
    if (!suggestion.empty()) message += " (did you mean " + quoted(suggestion) + "?)";
    reader_.fail(node, message);
  }
  ref.kind = user::ProcessRef::Kind::name;
  ref.name = text;
  return ref;
}

user::MailboxRef StepLoader::mailbox_ref(const YAML::Node& node, std::string_view what) const {
  std::string text = reader_.one_line(node, what);
  user::MailboxRef ref;
  // An id: `$id`, or a number the run will have handed out (ids are deterministic).
  if (!text.empty() && (text.front() == '$' || starts_like_number(text))) {
    ref.id = reader_.expression(node, what);
    return ref;
  }
  if (names_.mailbox_names.count(text) == 0) {
    KeyList known(names_.mailbox_names.begin(), names_.mailbox_names.end());
    std::string message = "no mailbox could be named " + quoted(text) +
                          " (mailboxes are declared under 'mailboxes:' or made by 'mailbox_create')";
    std::string_view suggestion = closest_match(text, known);
    if (!suggestion.empty())
      message = "no mailbox could be named " + quoted(text) + " (did you mean " + quoted(suggestion) + "?)";
    reader_.fail(node, message);
  }
  ref.name = text;
  return ref;
}

user::StepAction StepLoader::load_send(StepInput& in) {
  user::SendStep step;
  bool has_to = false;
  bool has_message = false;
  visit_arguments(in, {"to", "mailbox", "message", "wait"}, [&](const MapEntry& entry) {
    if (entry.name == "to") {
      step.to = process_ref(entry.value, "'to'", false);
      has_to = true;
    } else if (entry.name == "mailbox") {
      step.mailbox = mailbox_ref(entry.value, "'mailbox'");
      step.to_mailbox = true;
    } else if (entry.name == "message") {
      step.message = reader_.text(entry.value, "'message'");
      has_message = true;
    } else {
      std::string wait = reader_.one_line(entry.value, "'wait'");
      if (wait != "queued" && wait != "received")
        reader_.fail(entry.value, "'wait' must be 'queued' or 'received', not " + quoted(wait));
      step.wait_received = wait == "received";
    }
  });
  if (has_to && step.to_mailbox) YamlReader::fail_at(in.arguments_where, "'send' takes 'to' or 'mailbox', not both");
  if (!has_to && !step.to_mailbox) fail_missing(in, "'to' or 'mailbox'");
  if (!has_message) fail_missing(in, "'message'");
  return step;
}

user::StepAction StepLoader::load_receive(StepInput& in) {
  user::ReceiveStep step;
  bool has_from = false;
  visit_arguments(in, {"from", "mailbox", "sender"}, [&](const MapEntry& entry) {
    if (entry.name == "from") {
      step.from = process_ref(entry.value, "'from'", true);
      has_from = true;
    } else if (entry.name == "mailbox") {
      step.mailbox = mailbox_ref(entry.value, "'mailbox'");
      step.from_mailbox = true;
    } else {
      step.sender_variable = reader_.variable(entry.value);
    }
  });
  if (has_from && step.from_mailbox)
    YamlReader::fail_at(in.arguments_where, "'receive' takes 'from' or 'mailbox', not both");
  if (!has_from && !step.from_mailbox) fail_missing(in, "'from' or 'mailbox'");
  return step;
}

user::StepAction StepLoader::load_mailbox_create(StepInput& in) {
  user::MailboxCreateStep step;
  visit_arguments(in, {"name", "capacity", "mode"}, [&](const MapEntry& entry) {
    if (entry.name == "name") {
      step.name = reader_.object_name(entry.value, "a mailbox name");
    } else if (entry.name == "capacity") {
      step.capacity = reader_.capacity(entry.value, "'capacity'");
    } else {
      step.mode = reader_.mode(entry.value, "'mode'");
    }
  });
  return step;
}

user::StepAction StepLoader::load_mailbox_destroy(StepInput& in) {
  user::MailboxDestroyStep step;
  if (in.arguments.IsScalar()) {
    step.mailbox = mailbox_ref(in.arguments, "'mailbox_destroy'");
    return step;
  }
  bool has_mailbox = false;
  visit_arguments(in, {"name", "mailbox"}, [&](const MapEntry& entry) {
    if (has_mailbox) YamlReader::fail_at(in.arguments_where, "'mailbox_destroy' takes 'name' or 'mailbox', not both");
    step.mailbox = mailbox_ref(entry.value, quoted(entry.name));
    has_mailbox = true;
  });
  if (!has_mailbox) fail_missing(in, "'name'");
  return step;
}

}  // namespace ipcsim::scenario::detail
