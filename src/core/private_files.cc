// Private files: mkdir/open with owner-only modes, then fchmod/chmod to the exact mode, so
// neither a loose umask (022) nor a strange one (e.g. 0277) changes what is created.
#include "core/private_files.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

namespace va::core {

namespace fs = std::filesystem;

std::error_code make_private_dir(const fs::path& dir) {
  std::vector<fs::path> missing;
  std::error_code ec;
  for (fs::path p = dir; !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
    missing.push_back(p);
    if (p == p.parent_path()) break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (::mkdir(it->c_str(), 0700) != 0 && errno != EEXIST) {
      return {errno, std::generic_category()};
    }
    if (::chmod(it->c_str(), 0700) != 0) return {errno, std::generic_category()};
  }
  return {};
}

int open_private_file(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return fd;
  struct stat st {};
  // A file this call created has size 0 and the umask-reduced mode; make it exactly 0600.
  if (::fstat(fd, &st) == 0 && st.st_size == 0 && (st.st_mode & 0777) != 0600) {
    (void)::fchmod(fd, 0600);
  }
  return fd;
}

std::error_code create_private_file(const fs::path& path) {
  const int fd = open_private_file(path, O_WRONLY | O_EXCL);
  if (fd < 0) {
    if (errno == EEXIST) return {};
    return {errno, std::generic_category()};
  }
  ::close(fd);
  return {};
}

bool warn_if_not_private(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return true;
  if ((st.st_mode & 077) == 0) return true;
  spdlog::warn("{} is readable or writable by others (mode {:o}); make it {} (chmod {} {})",
               path.string(), st.st_mode & 0777, S_ISDIR(st.st_mode) ? "0700" : "0600",
               S_ISDIR(st.st_mode) ? "700" : "600", path.string());
  return false;
}

}  // namespace va::core
