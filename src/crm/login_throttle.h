// LoginThrottle: after kMaxFailures failed logins for one username+address within the
// window, further attempts are refused until the lockout passes (answered 429).
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "core/mutex.h"

namespace va::crm {

class LoginThrottle {
 public:
  static constexpr int kMaxFailures = 5;
  static constexpr std::chrono::minutes kWindow{15};
  static constexpr std::chrono::minutes kLockout{5};
  static constexpr std::size_t kMaxEntries = 100000;  // bounded memory under a spray

  explicit LoginThrottle(const core::Clock& clock) : clock_(clock) {}

  bool blocked(const std::string& username, const std::string& address);
  void failed(const std::string& username, const std::string& address);
  void succeeded(const std::string& username, const std::string& address);

 private:
  struct Entry {
    int failures = 0;
    core::Clock::TimePoint first{};
    core::Clock::TimePoint locked_until{};
  };
  const core::Clock& clock_;
  core::Mutex mu_;
  std::map<std::string, Entry> entries_ GUARDED_BY(mu_);
};

}  // namespace va::crm
