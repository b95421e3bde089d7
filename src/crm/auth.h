// Auth: login with argon2id passwords, opaque session tokens stored hashed, logout,
// password change, throttled failures. Used by api/ on the DB pool.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "core/mutex.h"
#include "crm/login_throttle.h"
#include "crm/passwords.h"
#include "crm/store.h"

namespace va::crm {

// A session (or every session of a user) that ended: logout, password change, deactivation.
// Whoever holds a view opened under it (the /api/events sockets) closes it at once.
struct SessionEnd {
  Id user_id = 0;          // 0: only the session below
  std::string token_hash;  // empty: every session of user_id
};

struct LoginResult {
  std::string token;  // give to the client once; only its hash is stored
  User user;
};

class Auth {
 public:
  static constexpr std::chrono::hours kSessionTtl{12};

  Auth(Store& store, const core::Clock& clock, PasswordCost cost);

  // Errc::Throttled, Errc::BadCredentials (unknown user, wrong password, inactive).
  core::Result<LoginResult> login(const std::string& username, const std::string& password,
                                  const std::string& address);
  // The active user a token belongs to; BadCredentials if unknown or expired.
  core::Result<User> authenticate(const std::string& token);
  core::Result<void> logout(const std::string& token);
  // Sets a new password and ends every session of that user.
  core::Result<void> set_password(Id user_id, const std::string& password);
  // Ends every session of a user (deactivation).
  core::Result<void> end_sessions(Id user_id);

  // Told of every session this Auth ends, after the database change (any thread). Sessions
  // ended elsewhere (another process, expiry) are found by re-checking (api/event_recheck.h).
  using SessionEndListener = std::function<void(const SessionEnd&)>;
  void set_session_end_listener(SessionEndListener listener);

  PasswordCost cost() const { return cost_; }

 private:
  void notify(const SessionEnd& end);

  Store& store_;
  LoginThrottle throttle_;
  PasswordCost cost_;
  // Verified for an unknown user name, so a login takes as long whether the name exists.
  std::string dummy_hash_;
  core::Mutex listener_mu_;
  SessionEndListener listener_ GUARDED_BY(listener_mu_);
};

}  // namespace va::crm
