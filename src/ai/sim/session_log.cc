// SessionLog: append-only file, line-buffered writes.
#include "ai/sim/session_log.h"

#include <stdexcept>

namespace va::ai::sim {

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
  std::fwrite(json_object.data(), 1, json_object.size(), file_);
  std::fputc('\n', file_);
  std::fflush(file_);
}

}  // namespace va::ai::sim
