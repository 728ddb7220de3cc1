// The in-memory file system (SCENARIO_FORMAT.md section 5 `files:`, open(2)
// flags and errors, unlink(2), path_resolution(7)). Whole scenarios, and the
// file system itself inspected after the run.
#include "kernel/errno.h"  // first: <cerrno> macros would break the Errno enum

#include <doctest/doctest.h>

#include <string>

#include "kernel/file_system.h"
#include "test_support.h"

namespace ipcsim::testing {
namespace {

using kernel::FileType;

Run go(const std::string& yaml) { return run(yaml, nullptr, "files.yaml"); }

// The entry at `path` after the run; it must exist.
const kernel::Inode& entry(const Run& r, const std::string& path) {
  auto found = r.machine->kernel().files.resolve("/", path, 0);
  REQUIRE_MESSAGE(found.ok(), path);
  REQUIRE_MESSAGE(found.value().inode != nullptr, "no entry " << path);
  return *found.value().inode;
}

bool exists(const Run& r, const std::string& path) {
  auto found = r.machine->kernel().files.resolve("/", path, 0);
  return found.ok() && found.value().inode != nullptr;
}

TEST_SUITE("file system") {

TEST_CASE("files: entries belong to root; strings are 0644 files, maps give text, mode, owner or fifo") {
  const Run r = go(R"y(
name: files
files:
  /home/foo.txt: "foo\n"
  /home/u/notes: {text: "mine", mode: 0600, owner: 1000}
  /home/u/: {owner: 1000, mode: 0700}
  /srv/a/b/c/: {}
  /run/f: {fifo: true, mode: 0666}
  /tmp/: {}
processes:
  - name: p
    steps: []
)y");
  holds(r);
  const kernel::Inode& foo = entry(r, "/home/foo.txt");
  CHECK(foo.type == FileType::regular);
  CHECK(foo.content == "foo\n");
  CHECK(foo.mode == 0644);
  CHECK(foo.owner == 0);
  const kernel::Inode& notes = entry(r, "/home/u/notes");
  CHECK(notes.content == "mine");
  CHECK(notes.mode == 0600);
  CHECK(notes.owner == 1000);
  // A directory declared after an entry implied it takes the given mode and owner.
  CHECK(entry(r, "/home/u").mode == 0700);
  CHECK(entry(r, "/home/u").owner == 1000);
  // Implied parents: root's, 0755.
  for (const char* dir : {"/home", "/srv", "/srv/a", "/srv/a/b", "/srv/a/b/c", "/run"}) {
    CAPTURE(dir);
    CHECK(entry(r, dir).type == FileType::directory);
    CHECK(entry(r, dir).mode == 0755);
    CHECK(entry(r, dir).owner == 0);
  }
  CHECK(entry(r, "/run/f").type == FileType::fifo);
  CHECK(entry(r, "/run/f").mode == 0666);
  // /tmp always exists, 1777; declaring it changes nothing.
  CHECK(entry(r, "/tmp").mode == 01777);
  const Run plain = go("name: t\nprocesses:\n  - {name: p, steps: []}\n");
  CHECK(entry(plain, "/tmp").type == FileType::directory);
  CHECK(entry(plain, "/tmp").mode == 01777);
  const Run moded = go("name: t\nfiles:\n  /tmp/: {mode: 0755}\nprocesses:\n  - {name: p, steps: []}\n");
  CHECK(entry(moded, "/tmp").mode == 0755);
}

TEST_CASE("open flags: read, write from the start, create, truncate, append, exclusive") {
  const Run r = go(R"y(
name: flags
files:
  /tmp/f: {text: "abcdef", owner: 1000}
processes:
  - name: p
    steps:
      - open: {path: /tmp/f, flags: [read], into: fd}
      - read: {fd: $fd, count: 100, into: d}
      - assert: "$d == 'abcdef'"
      - write: {fd: $fd, data: "x", expect: EBADF}
      - close: $fd
      - open: {path: /tmp/f, flags: [write], into: fd}
      - write: {fd: $fd, data: "XY"}
      - read: {fd: $fd, count: 1, into: d, expect: EBADF}
      - close: $fd
      - open: {path: /tmp/f, flags: [read, write, append], into: fd}
      - write: {fd: $fd, data: "!"}
      - close: $fd
      - open: {path: /tmp/f, into: fd}
      - read: {fd: $fd, count: 100, into: d}
      - assert: "$d == 'XYcdef!'"
      - open: {path: /tmp/new, flags: [read], expect: ENOENT}
      - open: {path: /tmp/new, flags: [write, create], into: fd, expect: ok}
      - write: {fd: $fd, data: "new"}
      - open: {path: /tmp/new, flags: [write, create, exclusive], expect: EEXIST}
      - open: {path: /tmp/new, flags: [write, create], into: fd, expect: ok}
      - open: {path: /tmp/f, flags: [write, truncate], into: fd}
      - open: {path: /tmp/f, flags: [read], into: fd}
      - read: {fd: $fd, count: 100, into: d, expect: ok}
      - assert: "$d == '' && $ret == 0"
      - open: {path: /tmp/new, flags: [read], into: fd}
      - read: {fd: $fd, count: 100, into: d}
      - assert: "$d == 'new'"
expect:
  exit: {p: 0}
)y");
  holds(r);
  // mode 0666 (the default) & ~022, owned by the creator.
  CHECK(entry(r, "/tmp/new").mode == 0644);
  CHECK(entry(r, "/tmp/new").owner == 1000);
}

TEST_CASE("open errors: EISDIR writing a directory, ENOTDIR through a file, ENOENT under a missing directory") {
  const Run r = go(R"y(
name: errors
files:
  /home/f: "x"
processes:
  - name: p
    uid: 0
    steps:
      - open: {path: /home, flags: [write], expect: EISDIR}
      - open: {path: /home, flags: [read, write], expect: EISDIR}
      - open: {path: /home, flags: [read], expect: ok}
      - open: {path: /home/f/x, flags: [read], expect: ENOTDIR}
      - open: {path: /home/f/x, flags: [write, create], expect: ENOTDIR}
      - open: {path: /home/f/, flags: [read], expect: ENOTDIR}
      - open: {path: /none/x, flags: [write, create], expect: ENOENT}
expect:
  exit: {p: 0}
)y");
  holds(r);
}

TEST_CASE("EACCES by mode bits and uid, root passes; creating needs write permission on the directory") {
  const Run r = go(R"y(
name: permissions
files:
  /home/secret: {text: "s", mode: 0600}
  /home/public: {text: "p", mode: 0644}
  /home/mine: {text: "m", mode: 0200, owner: 1000}
  /locked/: {mode: 0700}
  /locked/f: "x"
processes:
  - name: user
    steps:
      - open: {path: /home/secret, flags: [read], expect: EACCES}
      - open: {path: /home/public, flags: [read], expect: ok}
      - open: {path: /home/public, flags: [write], expect: EACCES}
      - open: {path: /home/mine, flags: [write], expect: ok}
      - open: {path: /home/mine, flags: [read], expect: EACCES}
      - open: {path: /home/new, flags: [write, create], expect: EACCES}
      - open: {path: /locked/f, flags: [read], expect: EACCES}
      - open: {path: /tmp/new, flags: [write, create], expect: ok}
  - name: root
    uid: 0
    steps:
      - open: {path: /home/secret, flags: [read, write], expect: ok}
      - open: {path: /home/mine, flags: [read], expect: ok}
      - open: {path: /locked/f, flags: [read], expect: ok}
      - open: {path: /home/new, flags: [write, create], expect: ok}
expect:
  exit: {user: 0, root: 0}
)y");
  holds(r);
  CHECK(entry(r, "/home/new").owner == 0);
  CHECK(entry(r, "/tmp/new").owner == 1000);
}

TEST_CASE("unlink: EPERM in sticky /tmp for another uid's file; its owner and root may") {
  const Run r = go(R"y(
name: sticky
files:
  /tmp/roots: "r"
  /tmp/alices: {text: "a", owner: 1001, mode: 0666}
  /home/f: "x"
processes:
  - name: bob
    steps:
      - unlink: {path: /tmp/roots, expect: EPERM}
      - unlink: {path: /tmp/alices, expect: EPERM}
      - unlink: {path: /home/f, expect: EACCES}
      - unlink: {path: /tmp/nothing, expect: ENOENT}
      - unlink: {path: /home, expect: EISDIR}
      - open: {path: /tmp/bobs, flags: [write, create]}
      - unlink: {path: /tmp/bobs, expect: ok}
  - name: alice
    uid: 1001
    steps:
      - sleep: 1ms
      - unlink: {path: /tmp/alices, expect: ok}
  - name: root
    uid: 0
    steps:
      - sleep: 1ms
      - unlink: {path: /tmp/roots, expect: ok}
expect:
  exit: {bob: 0, alice: 0, root: 0}
)y");
  holds(r);
  CHECK_FALSE(exists(r, "/tmp/roots"));
  CHECK_FALSE(exists(r, "/tmp/alices"));
  CHECK_FALSE(exists(r, "/tmp/bobs"));
  CHECK(exists(r, "/home/f"));
}

TEST_CASE("an unlinked file stays readable through an fd that had it open") {
  const Run r = go(R"y(
name: unlink open file
processes:
  - name: p
    steps:
      - open: {path: /tmp/f, flags: [read, write, create], into: fd}
      - write: {fd: $fd, data: "kept"}
      - unlink: /tmp/f
      - open: {path: /tmp/f, flags: [read], expect: ENOENT}
      - dup: {fd: $fd, into: copy}
      - close: $fd
      - write: {fd: $copy, data: "!", expect: ok}
expect:
  exit: {p: 0}
)y");
  holds(r);
}

TEST_CASE("relative paths start at the working directory") {
  const Run r = go(R"y(
name: relative
files:
  /home/u/notes: "n"
processes:
  - name: p
    steps:
      - open: {path: home/u/notes, flags: [read], into: fd, expect: ok}
      - read: {fd: $fd, count: 10, into: d}
      - assert: "$d == 'n'"
      - open: {path: ./tmp/../tmp/made, flags: [write, create], expect: ok}
      - mkfifo: {path: tmp/fifo, expect: ok}
      - unlink: {path: tmp/made, expect: ok}
expect:
  exit: {p: 0}
)y");
  holds(r);
  CHECK(entry(r, "/tmp/fifo").type == FileType::fifo);
  CHECK_FALSE(exists(r, "/tmp/made"));

  // After chdir, from the new directory; ".." climbs out of it.
  const Run sh = go(R"y(
name: cd
files:
  /home/u/notes: "n"
processes:
  - name: shell
    exec: sh
    args: ["-c", "cd /home/u; cat notes; cat ../u/notes; cd /tmp; cat ../home/u/notes"]
expect:
  console: "nnn"
)y");
  holds(sh);
}

}  // TEST_SUITE

}  // namespace
}  // namespace ipcsim::testing
