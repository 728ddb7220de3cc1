#include "kernel/user/programs/registry.h"

#include "kernel/user/programs/program_list.h"

namespace ipcsim::user::programs {
namespace {

struct Entry {
  std::string_view name;
  std::unique_ptr<BuiltinProgram> (*make)(Arguments);
};

// The programs of SCENARIO_FORMAT section 5.
constexpr Entry entries[] = {
    {"sh", make_sh},     {"ls", make_ls},     {"cat", make_cat},   {"grep", make_grep},
    {"wc", make_wc},     {"echo", make_echo}, {"head", make_head}, {"sort", make_sort},
    {"yes", make_yes},   {"true", make_true}, {"false", make_false}, {"sleep", make_sleep},
};

}  // namespace

bool is_builtin(std::string_view name) {
  for (const Entry& entry : entries)
    if (entry.name == name) return true;
  return false;
}

const std::vector<std::string_view>& builtin_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> all;
    for (const Entry& entry : entries) all.push_back(entry.name);
    return all;
  }();
  return names;
}

std::unique_ptr<kernel::ProcessImage> make_builtin(std::string_view name, std::vector<std::string> args) {
  for (const Entry& entry : entries)
    if (entry.name == name) return entry.make(std::move(args));
  return nullptr;
}

}  // namespace ipcsim::user::programs
