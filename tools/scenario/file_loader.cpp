#include "tools/scenario/file_loader.h"

#include <map>
#include <string_view>

#include "tools/scenario/units.h"

namespace ipcsim::scenario::detail {
namespace {

using Kind = FileSpec::Kind;

const char* kind_name(Kind kind) {
  return kind == Kind::directory ? "a directory" : kind == Kind::fifo ? "a FIFO" : "a regular file";
}

// "/a/b/" -> "/a/b"; an error for anything but a plain absolute path.
std::string checked_path(const YamlReader& reader, const YAML::Node& key) {
  const std::string path = reader.one_line(key, "a path in 'files'");
  if (path.empty() || path.front() != '/')
    reader.fail(key, "a path in 'files' must be absolute (start with '/'), not " + quoted(path));
  std::string normal;
  std::size_t at = 1;
  while (at <= path.size()) {
    const std::size_t slash = std::min(path.find('/', at), path.size());
    const std::string_view part = std::string_view(path).substr(at, slash - at);
    if (part == "." || part == "..")
      reader.fail(key, "a path in 'files' must not contain '.' or '..': " + quoted(path));
    if (!part.empty()) (normal += '/') += part;
    at = slash + 1;
  }
  if (normal.empty()) reader.fail(key, "'/' always exists; it cannot be declared");
  return normal;
}

}  // namespace

std::vector<FileSpec> load_files(const YamlReader& reader, const YAML::Node& node) {
  std::vector<FileSpec> files;
  // What each path is, including the directories entries imply.
  std::map<std::string, Kind, std::less<>> kinds{{"/tmp", Kind::directory}};
  for (const MapEntry& entry : reader.entries(node, "'files'")) {
    FileSpec file;
    file.where = reader.location(entry.key);
    const std::string& written = entry.name;
    const bool trailing_slash = !written.empty() && written.back() == '/';
    file.path = checked_path(reader, entry.key);
    file.kind = trailing_slash ? Kind::directory : Kind::regular;
    if (entry.value.IsScalar() && !entry.value.IsNull()) {
      if (trailing_slash)
        reader.fail(entry.value, "a directory (a path ending in '/') takes a map such as {} or {mode: 0700}");
      file.text = reader.scalar(entry.value, "a file's text");
    } else if (!entry.value.IsNull()) {
      bool has_text = false;
      bool fifo = false;
      reader.visit(entry.value, "the entry " + quoted(written), {"text", "mode", "owner", "fifo"},
                   [&](const MapEntry& field) {
                     if (field.name == "text") {
                       file.text = reader.scalar(field.value, "'text'");
                       has_text = true;
                     } else if (field.name == "mode") {
                       file.mode = reader.mode(field.value, "'mode'");
                     } else if (field.name == "owner") {
                       file.owner = static_cast<int>(reader.integer(field.value, "'owner'", 0, 65535));
                     } else {
                       fifo = reader.boolean(field.value, "'fifo'");
                     }
                   });
      if (fifo) {
        if (trailing_slash) reader.fail(entry.key, "a FIFO's path must not end in '/'");
        if (has_text) reader.fail(entry.value, "a FIFO has no 'text': its data lives only while it is open");
        file.kind = Kind::fifo;
      }
      if (trailing_slash && has_text) reader.fail(entry.value, "a directory has no 'text'");
    }
    // Parents are directories; the path itself is what it says, once.
    for (std::size_t slash = file.path.find('/', 1); slash != std::string::npos;
         slash = file.path.find('/', slash + 1)) {
      const std::string parent = file.path.substr(0, slash);
      auto [it, added] = kinds.emplace(parent, Kind::directory);
      if (!added && it->second != Kind::directory)
        reader.fail(entry.key, quoted(parent) + " is declared as " + kind_name(it->second) + ", not a directory");
    }
    auto [it, added] = kinds.emplace(file.path, file.kind);
    if (!added && (it->second != Kind::directory || file.kind != Kind::directory))
      reader.fail(entry.key, quoted(file.path) + " is already " + kind_name(it->second));
    files.push_back(std::move(file));
  }
  return files;
}

}  // namespace ipcsim::scenario::detail
