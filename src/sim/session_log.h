// SessionLog: the simulator's JSON-lines log (D1.21), one object per line, flushed per line so
// tests can read it while the simulator runs. Keys appear only as fingerprints. Thread-safe:
// sessions on every simulator thread write whole lines under one lock.
#pragma once

#include <cstdio>
#include <string>

#include "core/mutex.h"

namespace va::sim {

class SessionLog {
 public:
  explicit SessionLog(const std::string& path);  // empty path = disabled
  ~SessionLog();
  SessionLog(const SessionLog&) = delete;
  SessionLog& operator=(const SessionLog&) = delete;

  bool enabled() const { return file_ != nullptr; }
  void write_line(const std::string& json_object);

 private:
  core::Mutex mutex_;
  std::FILE* file_ PT_GUARDED_BY(mutex_) = nullptr;  // set once; writes under mutex_
};

}  // namespace va::sim
