#pragma once
// The one permission check of every kernel object with mode bits (files,
// FIFOs, mailboxes, shared memory): the owner's bits for the owner, the
// "other" bits for everyone else — there are no groups — and root passes.
namespace ipcsim::kernel {

inline constexpr int permission_read = 4;
inline constexpr int permission_write = 2;
inline constexpr int permission_search = 1;  // execute, for a directory

constexpr bool permits(int mode, int owner_uid, int uid, int wanted) {
  if (uid == 0) return true;
  const int bits = uid == owner_uid ? (mode >> 6) & 7 : mode & 7;
  return (bits & wanted) == wanted;
}

}  // namespace ipcsim::kernel
