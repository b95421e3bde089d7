// Auth: login with argon2id passwords, opaque session tokens stored hashed, logout,
// password change, throttled failures. Used by api/ on the DB pool.
#pragma once

#include <chrono>
#include <string>

#include "crm/login_throttle.h"
#include "crm/passwords.h"
#include "crm/store.h"

namespace va::crm {

struct LoginResult {
  std::string token;  // give to the client once; only its hash is stored
  User user;
};

class Auth {
 public:
  static constexpr std::chrono::hours kSessionTtl{12};

  Auth(Store& store, const core::Clock& clock, PasswordCost cost)
      : store_(store), throttle_(clock), cost_(cost) {}

  // Errc::Throttled, Errc::BadCredentials (unknown user, wrong password, inactive).
  core::Result<LoginResult> login(const std::string& username, const std::string& password,
                                  const std::string& address);
  // The active user a token belongs to; BadCredentials if unknown or expired.
  core::Result<User> authenticate(const std::string& token);
  core::Result<void> logout(const std::string& token);
  // Sets a new password and ends every session of that user.
  core::Result<void> set_password(Id user_id, const std::string& password);

  PasswordCost cost() const { return cost_; }

 private:
  Store& store_;
  LoginThrottle throttle_;
  PasswordCost cost_;
};

}  // namespace va::crm
