#include "kernel/user/program_catalog.h"

#include "kernel/user/interpreter.h"
#include "kernel/user/programs/registry.h"

namespace ipcsim::user {

void ProgramCatalog::add(ProgramDefinition program) {
  std::string name = program.name;
  programs_.insert_or_assign(std::move(name), std::move(program));
}

std::unique_ptr<kernel::ProcessImage> ProgramCatalog::image_for(SharedSteps steps,
                                                                const std::vector<std::string>& args) {
  Variables variables;
  std::vector<Value> list;
  for (const std::string& arg : args) list.emplace_back(arg);
  variables.set("args", Value::list(std::move(list)));
  return std::make_unique<Interpreter>(std::move(steps), std::move(variables), *this);
}

kernel::KResult<std::unique_ptr<kernel::ProcessImage>> ProgramCatalog::load(std::string_view program,
                                                                            const std::vector<std::string>& args) {
  // The scenario's own programs first (the loader keeps their names apart
  // from the built-ins), then the built-in programs.
  auto found = programs_.find(program);
  if (found != programs_.end()) return image_for(found->second.steps, args);
  if (auto builtin = programs::make_builtin(program, args)) return builtin;
  return kernel::Errno::enoent;
}

}  // namespace ipcsim::user
