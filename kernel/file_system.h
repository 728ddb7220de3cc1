#pragma once
// The tiny in-memory file system of one host (SCENARIO_FORMAT section 5):
// directories, regular files and FIFOs, owned by uids with mode bits.
// Permissions: kernel/permissions.h.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "kernel/errno.h"
#include "kernel/permissions.h"
#include "kernel/system_calls.h"

namespace ipcsim::kernel {

class Pipe;

struct Inode {
  FileType type = FileType::regular;
  int mode = 0644;
  int owner = 0;
  std::string content;  // a regular file's bytes
  // A directory's entries, in bytewise order (what `ls` prints).
  std::map<std::string, std::shared_ptr<Inode>, std::less<>> entries;
  Inode* parent = nullptr;  // a directory's, for ".."; directories are never removed
  std::shared_ptr<Pipe> fifo;  // a FIFO's pipe while any end is open
};

inline constexpr int sticky_bit = 01000;
// Files and FIFOs are created with mode & ~umask, Linux's default umask 022.
inline constexpr int umask_bits = 022;

inline bool permitted(const Inode& inode, int uid, int wanted) { return permits(inode.mode, inode.owner, uid, wanted); }

// A path resolved up to its last component.
struct PathLookup {
  Inode* directory = nullptr;     // where the last component lives (null for "/")
  std::string name;               // the last component ("" for "/")
  std::shared_ptr<Inode> inode;   // null when it does not exist
  std::string absolute;           // the normalised absolute path
};

class FileSystem {
 public:
  FileSystem();

  // Relative paths start at `cwd`. Errors: ENOENT (empty path, or a missing
  // directory on the way), ENOTDIR (a file on the way, or a trailing '/'
  // after one), EACCES (a directory on the way without search permission).
  KResult<PathLookup> resolve(std::string_view cwd, std::string_view path, int uid) const;

  // Adds an entry for the scenario's `files:`: parents are implied (root,
  // 0755). A directory that exists keeps its mode and owner unless `mode`
  // or `owner` is given (>= 0). Errors: EEXIST (a different kind of entry
  // is there), ENOTDIR.
  KResult<Inode*> add_boot_entry(std::string_view path, FileType type, int mode, int owner, std::string content);
  // Adds `name` to `directory`; the caller checked permissions and absence.
  std::shared_ptr<Inode> create(Inode& directory, std::string name, FileType type, int mode, int owner);

  Inode& root() { return *root_; }

 private:
  std::shared_ptr<Inode> root_;
};

// `path` made absolute and normalised ("." and ".." removed); "" for "".
std::string absolute_path(std::string_view cwd, std::string_view path);

}  // namespace ipcsim::kernel
