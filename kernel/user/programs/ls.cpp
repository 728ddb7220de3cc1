// ls [PATH...]: GNU ls in the C locale, one name per line (as when its
// output is not a terminal). Without a path it lists the working directory.
// Files named on the command line come first, then each directory, with a
// "NAME:" header when there is more than one thing to show. Status 2 when a
// path could not be listed ("serious trouble" in GNU's words).
#include "kernel/user/programs/program_list.h"
#include "kernel/user/programs/text_tools.h"

namespace ipcsim::user::programs {
namespace {

class Ls final : public BuiltinProgram {
 public:
  explicit Ls(Arguments args) : BuiltinProgram("ls", std::move(args)) {}

 private:
  int main() override {
    std::vector<std::string> paths;
    for (const std::string& arg : args()) {
      if (arg == "-1") continue;  // one per line: what it does anyway
      if (arg.size() > 1 && arg.front() == '-') {
        error_line("ls: invalid option -- '" + std::string(1, arg[1]) + "'");
        error_line("Try 'ls --help' for more information.");
        return 2;
      }
      paths.push_back(arg);
    }
    // No operand: GNU opens "." straight away, without a stat.
    if (paths.empty()) return list_directory(".") ? 0 : 2;

    int status = 0;
    std::vector<std::string> files;
    std::vector<std::string> directories;
    for (const std::string& path : paths) {
      kernel::FileStatus info;
      const auto result = sys_stat(path, info);
      if (!result.ok()) {
        error_line("ls: cannot access '" + path + "': " + std::string(error_text(result.error)));
        status = 2;
      } else if (info.type == kernel::FileType::directory) {
        directories.push_back(path);
      } else {
        files.push_back(path);
      }
    }
    sort_lines(files);
    sort_lines(directories);
    for (const std::string& file : files) out(file + "\n");
    // GNU prints "DIR:" headers unless a single directory is all there is.
    const bool headers = paths.size() > 1;
    bool first = files.empty();
    for (const std::string& directory : directories) {
      if (headers) {
        if (!first) out("\n");
        out(directory + ":\n");
      }
      first = false;
      if (!list_directory(directory)) status = 2;
    }
    return status;
  }

  // open, getdents until it returns no names, close; then the visible
  // names in order. Returns false after reporting an error.
  bool list_directory(const std::string& path) {
    kernel::OpenFlags flags;
    flags.read = true;
    flags.directory = true;
    const auto opened = sys_open(path, flags);
    if (!opened.ok()) {
      error_line("ls: cannot open directory '" + path + "': " + std::string(error_text(opened.error)));
      return false;
    }
    const int fd = static_cast<int>(opened.value);
    std::vector<std::string> names;
    std::vector<std::string> batch;
    bool ok = true;
    for (;;) {
      const auto read = sys_getdents(fd, batch);
      if (!read.ok()) {
        error_line("ls: reading directory '" + path + "': " + std::string(error_text(read.error)));
        ok = false;
        break;
      }
      if (batch.empty()) break;
      names.insert(names.end(), batch.begin(), batch.end());
    }
    (void)sys_close(fd);
    for (const std::string& name : visible_names(std::move(names))) {
      user_step();
      out(name + "\n");
    }
    return ok;
  }
};

}  // namespace

std::unique_ptr<BuiltinProgram> make_ls(Arguments args) { return std::make_unique<Ls>(std::move(args)); }

}  // namespace ipcsim::user::programs
