#pragma once
// One factory per built-in program, each defined beside its program; the
// registry maps names to them. Internal to kernel/user/programs.
#include <memory>
#include <string>
#include <vector>

#include "kernel/user/programs/builtin.h"

namespace ipcsim::user::programs {

using Arguments = std::vector<std::string>;

std::unique_ptr<BuiltinProgram> make_sh(Arguments args);     // shell.cpp
std::unique_ptr<BuiltinProgram> make_ls(Arguments args);     // ls.cpp
std::unique_ptr<BuiltinProgram> make_cat(Arguments args);    // cat.cpp
std::unique_ptr<BuiltinProgram> make_grep(Arguments args);   // grep.cpp
std::unique_ptr<BuiltinProgram> make_wc(Arguments args);     // wc.cpp
std::unique_ptr<BuiltinProgram> make_head(Arguments args);   // head.cpp
std::unique_ptr<BuiltinProgram> make_sort(Arguments args);   // sort.cpp
std::unique_ptr<BuiltinProgram> make_echo(Arguments args);   // small_programs.cpp
std::unique_ptr<BuiltinProgram> make_yes(Arguments args);    // small_programs.cpp
std::unique_ptr<BuiltinProgram> make_true(Arguments args);   // small_programs.cpp
std::unique_ptr<BuiltinProgram> make_false(Arguments args);  // small_programs.cpp
std::unique_ptr<BuiltinProgram> make_sleep(Arguments args);  // small_programs.cpp

}  // namespace ipcsim::user::programs
