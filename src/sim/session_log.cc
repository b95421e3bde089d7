// SessionLog: append-only file, line-buffered writes.
#include "sim/session_log.h"

#include <stdexcept>

#include "core/mutex.h"

namespace va::sim {

SessionLog::SessionLog(const std::string& path) {
  if (path.empty()) return;
  file_ = std::fopen(path.c_str(), "a");
  if (!file_) throw std::runtime_error("cannot open simulator log " + path);
}

SessionLog::~SessionLog() {
  if (file_) std::fclose(file_);
}

void SessionLog::write_line(const std::string& json_object) {
  if (!file_) return;
  std::string line = json_object + "\n";  // one write per line: readers never see half of one
  core::MutexLock lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fflush(file_);
}

}  // namespace va::sim
