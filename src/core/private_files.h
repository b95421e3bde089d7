// Private files: the data dir, the database (with its -wal and -shm), the recordings and the
// master key hold keys and conversations, so they are owner-only (dirs 0700, files 0600)
// from the moment they exist, whatever the process umask; and at start a warning names any
// of them that is looser (made by an older version, or changed by hand).
#pragma once

#include <filesystem>
#include <system_error>

namespace va::core {

// Creates `dir` and its missing parents; every directory created here is 0700. An existing
// directory is left as it is (see warn_if_not_private).
std::error_code make_private_dir(const std::filesystem::path& dir);

// Opens `path` with `flags` (O_WRONLY, O_RDWR, O_TRUNC, O_EXCL...; O_CREAT and O_CLOEXEC are
// added), creating it 0600. Returns the fd, or -1 with errno set.
int open_private_file(const std::filesystem::path& path, int flags);

// Creates `path` empty and 0600 when it does not exist (SQLite then gives the database's
// -wal and -shm the same mode); an existing file is untouched.
std::error_code create_private_file(const std::filesystem::path& path);

// True when `path` is missing or private (no group or other bits); otherwise logs a warning
// naming the path and its mode, and returns false.
bool warn_if_not_private(const std::filesystem::path& path);

}  // namespace va::core
