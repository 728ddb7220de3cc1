#include "kernel/file_system.h"

#include <vector>

#include "kernel/pipe.h"

namespace ipcsim::kernel {
namespace {

std::vector<std::string_view> components(std::string_view absolute) {
  std::vector<std::string_view> parts;
  std::size_t at = 0;
  while (at < absolute.size()) {
    const std::size_t slash = absolute.find('/', at);
    const std::size_t end = slash == std::string_view::npos ? absolute.size() : slash;
    if (end > at) parts.push_back(absolute.substr(at, end - at));
    at = end + 1;
  }
  return parts;
}

}  // namespace

std::string absolute_path(std::string_view cwd, std::string_view path) {
  if (path.empty()) return {};
  std::string joined = path.front() == '/' ? std::string(path) : std::string(cwd) + "/" + std::string(path);
  // Lexical "..": without symbolic links it is the physical parent too.
  std::vector<std::string_view> kept;
  for (std::string_view part : components(joined)) {
    if (part == ".") continue;
    if (part == "..") {
      if (!kept.empty()) kept.pop_back();
      continue;
    }
    kept.push_back(part);
  }
  std::string out;
  for (std::string_view part : kept) (out += '/') += part;
  return out.empty() ? "/" : out;
}

FileSystem::FileSystem() : root_(std::make_shared<Inode>()) {
  root_->type = FileType::directory;
  root_->mode = 0755;
  root_->parent = root_.get();
  // /tmp always exists, world-writable and sticky (section 5).
  create(*root_, "tmp", FileType::directory, 01777, 0);
}

std::shared_ptr<Inode> FileSystem::create(Inode& directory, std::string name, FileType type, int mode, int owner) {
  auto inode = std::make_shared<Inode>();
  inode->type = type;
  inode->mode = mode;
  inode->owner = owner;
  if (type == FileType::directory) inode->parent = &directory;
  directory.entries.emplace(std::move(name), inode);
  return inode;
}

KResult<PathLookup> FileSystem::resolve(std::string_view cwd, std::string_view path, int uid) const {
  if (path.empty()) return Errno::enoent;  // as Linux: "" names nothing
  PathLookup found;
  found.absolute = absolute_path(cwd, path);
  const std::vector<std::string_view> parts = components(found.absolute);
  std::shared_ptr<Inode> here = root_;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (here->type != FileType::directory) return Errno::enotdir;
    if (!permitted(*here, uid, permission_search)) return Errno::eacces;
    auto entry = here->entries.find(parts[i]);
    if (i + 1 == parts.size()) {
      found.directory = here.get();
      found.name = std::string(parts[i]);
      if (entry != here->entries.end()) found.inode = entry->second;
      break;
    }
    if (entry == here->entries.end()) return Errno::enoent;
    here = entry->second;
  }
  if (parts.empty()) found.inode = root_;
  // "file/" names a directory that is not there (path_resolution(7)).
  if (path.back() == '/' && found.inode && found.inode->type != FileType::directory) return Errno::enotdir;
  return found;
}

KResult<Inode*> FileSystem::add_boot_entry(std::string_view path, FileType type, int mode, int owner,
                                           std::string content) {
  const std::vector<std::string_view> parts = components(absolute_path("/", path));
  Inode* here = root_.get();
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const bool last = i + 1 == parts.size();
    auto entry = here->entries.find(parts[i]);
    if (entry == here->entries.end()) {
      if (last) {
        if (mode < 0) mode = 0755;
        auto made = create(*here, std::string(parts[i]), type, mode, owner < 0 ? 0 : owner);
        made->content = std::move(content);
        return made.get();
      }
      here = create(*here, std::string(parts[i]), FileType::directory, 0755, 0).get();
      continue;
    }
    Inode& existing = *entry->second;
    if (!last) {
      if (existing.type != FileType::directory) return Errno::enotdir;
      here = &existing;
      continue;
    }
    // A directory declared again (or /tmp given a mode) only changes its mode.
    if (existing.type != type || type != FileType::directory) return Errno::eexist;
    if (mode >= 0) existing.mode = mode;
    if (owner >= 0) existing.owner = owner;
    return &existing;
  }
  return root_.get();  // "/" itself
}

}  // namespace ipcsim::kernel
