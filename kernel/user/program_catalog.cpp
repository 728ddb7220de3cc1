#include "kernel/user/program_catalog.h"

#include "kernel/user/interpreter.h"

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
  auto found = programs_.find(program);
  if (found == programs_.end()) return kernel::Errno::enoent;
  return image_for(found->second.steps, args);
}

}  // namespace ipcsim::user
