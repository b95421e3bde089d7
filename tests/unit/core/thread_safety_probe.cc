// Probe for thread_safety_clang_catches_violation (not compiled into any target): a member
// GUARDED_BY a mutex written without the lock. scripts/check-thread-safety --probe must reject
// it, so the clang check is known to be able to fail.
#include "core/mutex.h"

namespace {

class Counter {
 public:
  void bump_without_lock() { ++count_; }  // the violation
  void bump() {
    va::core::MutexLock lock(mutex_);
    ++count_;
  }

 private:
  va::core::Mutex mutex_;
  int count_ GUARDED_BY(mutex_) = 0;
};

}  // namespace

void va_thread_safety_probe() {
  Counter c;
  c.bump();
  c.bump_without_lock();
}
