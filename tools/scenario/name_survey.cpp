#include "tools/scenario/name_survey.h"

#include "kernel/user/programs/registry.h"

namespace ipcsim::scenario::detail {
namespace {

class Surveyor {
 public:
  explicit Surveyor(DeclaredNames& names) : names_(names) {}

  void survey_root(const YAML::Node& root) {
    for_each_entry(root, [&](std::string_view key, const YAML::Node& value) {
      if (key == "processes") {
        for_each_item(value, [&](const YAML::Node& process) {
          for_each_entry(process, [&](std::string_view field, const YAML::Node& field_value) {
            if (field == "name" && field_value.IsScalar()) names_.process_names.insert(field_value.Scalar());
            if (field == "exec") note_exec(field_value);
            if (field == "steps") survey_steps(field_value, 0);
          });
        });
      } else if (key == "programs") {
        for_each_entry(value, [&](std::string_view program, const YAML::Node& steps) {
          names_.program_names.emplace(program);
          names_.process_names.emplace(program);
          survey_steps(steps, 0);
        });
      } else if (key == "hosts") {
        for_each_item(value, [&](const YAML::Node& host) {
          for_each_entry(host, [&](std::string_view field, const YAML::Node& field_value) {
            if (field == "name" && field_value.IsScalar()) names_.host_names.insert(field_value.Scalar());
          });
        });
      } else if (key == "mailboxes") {
        for_each_item(value, [&](const YAML::Node& mailbox) {
          for_each_entry(mailbox, [&](std::string_view field, const YAML::Node& field_value) {
            if (field == "name" && field_value.IsScalar()) names_.mailbox_names.insert(field_value.Scalar());
          });
        });
      }
    });
  }

 private:
  template <typename Function>
  static void for_each_entry(const YAML::Node& map, Function function) {
    if (!map.IsMap()) return;
    for (auto it = map.begin(); it != map.end(); ++it) {
      // Copies: yaml-cpp's iterator hands out a temporary pair.
      const YAML::Node key = it->first;
      const YAML::Node value = it->second;
      if (key.IsScalar()) function(std::string_view(key.Scalar()), value);
    }
  }

  template <typename Function>
  static void for_each_item(const YAML::Node& sequence, Function function) {
    if (!sequence.IsSequence()) return;
    for (auto it = sequence.begin(); it != sequence.end(); ++it) function(*it);
  }

  void survey_steps(const YAML::Node& steps, int depth) {
    if (depth > max_step_nesting || ++visited_ > visit_budget) return;
    for_each_item(steps, [&](const YAML::Node& step) {
      for_each_entry(step,
                     [&](std::string_view op, const YAML::Node& arguments) { survey_step(op, arguments, depth); });
    });
  }

  void survey_step(std::string_view op, const YAML::Node& arguments, int depth) {
    for_each_entry(arguments, [&](std::string_view key, const YAML::Node& value) {
      if (op == "fork" && key == "name" && value.IsScalar()) names_.process_names.insert(value.Scalar());
      if ((op == "fork" && key == "exec") || (op == "exec" && key == "program")) note_exec(value);
      if (op == "mailbox_create" && key == "name" && value.IsScalar()) names_.mailbox_names.insert(value.Scalar());
      if (key == "steps" || key == "do" || key == "then" || key == "else" || key == "handler")
        survey_steps(value, depth + 1);
    });
  }

  // exec renames a process to its program's name. A built-in program may
  // be the shell, which execs any other built-in in its children, so once
  // one is exec'd every built-in name could name a process (`grep` in
  // `expect: {exit: {grep: 0}}` after `sh -c 'ls | grep foo'`).
  void note_exec(const YAML::Node& program) {
    if (!program.IsScalar() || !is_builtin_program(program.Scalar())) return;
    for (std::string_view name : user::programs::builtin_names()) names_.process_names.emplace(name);
  }

  // Aliases can repeat a list exponentially often; the loader reports that.
  static constexpr int visit_budget = 100'000;

  DeclaredNames& names_;
  int visited_ = 0;
};

}  // namespace

DeclaredNames survey_names(const YAML::Node& root) {
  DeclaredNames names;
  Surveyor(names).survey_root(root);
  return names;
}

bool is_builtin_program(std::string_view name) { return user::programs::is_builtin(name); }

}  // namespace ipcsim::scenario::detail
