// cat [FILE...]: copies each file (standard input for none, or for "-") to
// standard output. Like GNU cat it does not buffer lines: each piece read
// is written at once, so a pipeline sees data as soon as it comes. Status 1
// when a file could not be read, after going on with the others.
#include "kernel/user/programs/program_list.h"

namespace ipcsim::user::programs {
namespace {

using kernel::Errno;

class Cat final : public BuiltinProgram {
 public:
  explicit Cat(Arguments args) : BuiltinProgram("cat", std::move(args)) {}

 private:
  int main() override {
    std::vector<std::string> files = args();
    if (!files.empty() && files.front() == "--") files.erase(files.begin());
    if (files.empty()) files.push_back("-");
    int status = 0;
    for (const std::string& file : files) {
      Errno error = Errno::none;
      const int fd = open_input(file, error);
      if (fd >= 0) {
        error = read_all(fd, [&](std::string_view piece) {
          user_step();
          out(piece);
          flush();
          return true;
        });
        close_input(fd);
      }
      if (error != Errno::none) {
        error_line("cat: " + file + ": " + std::string(error_text(error)));
        status = 1;
      }
    }
    return status;
  }
};

}  // namespace

std::unique_ptr<BuiltinProgram> make_cat(Arguments args) { return std::make_unique<Cat>(std::move(args)); }

}  // namespace ipcsim::user::programs
