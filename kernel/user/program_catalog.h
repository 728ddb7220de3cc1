#pragma once
// The programs `exec` can start: the scenario's `programs:`, each start a
// fresh step interpreter with `$args`, then the built-in programs of
// kernel/user/programs (sh, ls, cat, grep, ...).
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kernel/kernel.h"
#include "kernel/user/assertion_log.h"
#include "kernel/user/program.h"

namespace ipcsim::user {

class ProgramCatalog final : public kernel::ProgramLoader {
 public:
  explicit ProgramCatalog(AssertionLog& log) : log_(&log) {}
  void add(ProgramDefinition program);
  bool contains(std::string_view name) const { return programs_.find(name) != programs_.end(); }
  // A scenario program, else a built-in one; ENOENT for an unknown program,
  // as execve says.
  kernel::KResult<std::unique_ptr<kernel::ProcessImage>> load(std::string_view program,
                                                              const std::vector<std::string>& args) override;
  // A step interpreter running `steps` with `args`, for boot processes.
  std::unique_ptr<kernel::ProcessImage> image_for(SharedSteps steps, const std::vector<std::string>& args);
  AssertionLog& log() const { return *log_; }

 private:
  std::map<std::string, ProgramDefinition, std::less<>> programs_;
  AssertionLog* log_;
};

}  // namespace ipcsim::user
