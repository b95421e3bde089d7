// LoginThrottle: a fixed window per username+address, then a fixed lockout.
#include "crm/login_throttle.h"

#include "core/mutex.h"

namespace va::crm {
namespace {
std::string key_of(const std::string& user, const std::string& addr) {
  return user + "\n" + addr;
}
}  // namespace

bool LoginThrottle::blocked(const std::string& username, const std::string& address) {
  core::MutexLock lock(mu_);
  auto it = entries_.find(key_of(username, address));
  return it != entries_.end() && clock_.now() < it->second.locked_until;
}

void LoginThrottle::failed(const std::string& username, const std::string& address) {
  core::MutexLock lock(mu_);
  const auto now = clock_.now();
  if (entries_.size() >= kMaxEntries) {
    std::erase_if(entries_, [&](const auto& e) {
      return now >= e.second.locked_until && now - e.second.first > kWindow;
    });
  }
  auto& e = entries_[key_of(username, address)];
  if (e.failures == 0 || now - e.first > kWindow) {
    e.failures = 0;
    e.first = now;
  }
  if (++e.failures >= kMaxFailures) {
    e.locked_until = now + kLockout;
    e.failures = 0;
  }
}

void LoginThrottle::succeeded(const std::string& username, const std::string& address) {
  core::MutexLock lock(mu_);
  entries_.erase(key_of(username, address));
}

}  // namespace va::crm
