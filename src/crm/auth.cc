// Auth: verify, then issue a random token; a wrong user and a wrong password look the same.
#include "crm/auth.h"

#include <spdlog/spdlog.h>

#include "crm/errc.h"

namespace va::crm {

Auth::Auth(Store& store, const core::Clock& clock, PasswordCost cost)
    : store_(store),
      throttle_(clock),
      cost_(cost),
      dummy_hash_(hash_password(generate_password(), cost).value()) {}

core::Result<LoginResult> Auth::login(const std::string& username, const std::string& password,
                                      const std::string& address) {
  if (throttle_.blocked(username, address)) return Errc::Throttled;
  auto user = store_.get_user_by_name(username);
  if (!user && user.error() != Errc::NotFound) return user.error();
  // Always one verification at the same cost: the time does not tell which names exist.
  const bool verified = verify_password(user ? user->password_hash : dummy_hash_, password);
  if (!user || !user->active || !verified) {
    throttle_.failed(username, address);
    spdlog::info("auth: failed login for '{}' from {}", username.substr(0, 64), address);
    return Errc::BadCredentials;
  }
  throttle_.succeeded(username, address);
  LoginResult out{generate_token(), std::move(*user)};
  const auto now = now_ms();
  const auto ttl = std::chrono::duration_cast<std::chrono::milliseconds>(kSessionTtl).count();
  if (auto r = store_.create_session({token_hash(out.token), out.user.id, now, now + ttl}); !r) {
    return r.error();
  }
  return out;
}

core::Result<User> Auth::authenticate(const std::string& token) {
  if (token.empty() || token.size() > 128) return Errc::BadCredentials;
  auto session = store_.get_session(token_hash(token));
  if (!session) {
    if (session.error() == Errc::NotFound) return Errc::BadCredentials;
    return session.error();
  }
  if (session->expires_at <= now_ms()) {
    (void)store_.delete_session(session->token_hash);
    return Errc::BadCredentials;
  }
  auto user = store_.get_user(session->user_id);
  if (!user) return user.error();
  if (!user->active) return Errc::BadCredentials;
  return user;
}

core::Result<void> Auth::logout(const std::string& token) {
  const auto hash = token_hash(token);
  if (auto r = store_.delete_session(hash); !r) return r;
  notify({0, hash});
  return {};
}

core::Result<void> Auth::set_password(Id user_id, const std::string& password) {
  auto hash = hash_password(password, cost_);
  if (!hash) return hash.error();
  if (auto r = store_.set_password_hash(user_id, *hash); !r) return r;
  return end_sessions(user_id);
}

core::Result<void> Auth::end_sessions(Id user_id) {
  if (auto r = store_.delete_user_sessions(user_id); !r) return r;
  notify({user_id, ""});
  return {};
}

void Auth::set_session_end_listener(SessionEndListener listener) {
  core::MutexLock lock(listener_mu_);
  listener_ = std::move(listener);
}

void Auth::notify(const SessionEnd& end) {
  core::MutexLock lock(listener_mu_);
  if (listener_) listener_(end);
}

}  // namespace va::crm
