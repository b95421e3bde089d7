// Mutex and MutexLock: std::mutex with the thread-safety annotations, so that a member marked
// GUARDED_BY(mutex_) is checked by clang to be touched only with the lock held.
#pragma once

#include <condition_variable>
#include <mutex>

#include "core/thread_annotations.h"

namespace va::core {

class CAPABILITY("mutex") Mutex {
 public:
  void lock() ACQUIRE() { mutex_.lock(); }
  void unlock() RELEASE() { mutex_.unlock(); }
  bool try_lock() TRY_ACQUIRE(true) { return mutex_.try_lock(); }

 private:
  friend class MutexLock;
  std::mutex mutex_;
};

// Holds the lock for its scope. wait() sleeps on a condition variable with the lock released
// and holds it again on return; loop on the condition in the caller (`while (!ready) wait(cv)`),
// where the analysis sees the lock held.
class SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mutex) ACQUIRE(mutex) : lock_(mutex.mutex_) {}
  ~MutexLock() RELEASE() = default;
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

  void wait(std::condition_variable& cv) { cv.wait(lock_); }
  template <class Clock, class Duration>
  std::cv_status wait_until(std::condition_variable& cv,
                            const std::chrono::time_point<Clock, Duration>& deadline) {
    return cv.wait_until(lock_, deadline);
  }

 private:
  std::unique_lock<std::mutex> lock_;
};

}  // namespace va::core
