// Accounts: the role rules for creating users, then hash, insert and key assignment.
#include "crm/accounts.h"

#include <spdlog/spdlog.h>

#include "crm/errc.h"

namespace va::crm {
namespace {

core::Result<void> check_rules(Store& store, const User* actor, NewUser& req) {
  const Role acting = actor ? actor->role : Role::Superadmin;
  if (req.role == Role::Superadmin) return Errc::Forbidden;
  if (acting == Role::Agent) return Errc::Forbidden;
  if (acting == Role::Admin) {
    if (req.role != Role::Agent) return Errc::Forbidden;
    if (req.parent_id != 0 && req.parent_id != actor->id) return Errc::Forbidden;
    req.parent_id = actor->id;
    return {};
  }
  if (req.role == Role::Admin) {
    if (req.parent_id != 0) return Errc::Invalid;
    return {};
  }
  auto parent = store.get_user(req.parent_id);  // an agent needs an admin as parent
  if (!parent) return parent.error() == Errc::NotFound ? Errc::Invalid : parent.error();
  if (parent->role != Role::Admin) return Errc::Invalid;
  return {};
}

}  // namespace

bool valid_username(const std::string& s) {
  if (s.size() < 3 || s.size() > 32) return false;
  for (char c : s) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

core::Result<User> Accounts::create(const User* actor, const NewUser& request) {
  NewUser req = request;
  if (req.max_concurrent_calls == NewUser::kRoleDefault) {
    req.max_concurrent_calls = req.role == Role::Admin ? 0 : 1;
  }
  if (!valid_username(req.username) || req.display_name.size() > 200 || req.email.size() > 200 ||
      req.max_concurrent_calls < 0 || req.max_concurrent_calls > 1000) {
    return Errc::Invalid;
  }
  if (auto r = check_rules(store_, actor, req); !r) return r.error();
  auto hash = hash_password(req.password, cost_);
  if (!hash) return hash.error();
  User u;
  u.username = req.username;
  u.display_name = req.display_name;
  u.email = req.email;
  u.role = req.role;
  u.parent_id = req.parent_id;
  u.password_hash = *hash;
  u.max_concurrent_calls = req.max_concurrent_calls;
  auto id = store_.create_user(u);
  if (!id) return id.error();
  if (auto keys = keys_.assign_each_provider(*id); !keys) return keys.error();
  spdlog::info("crm: user {} '{}' created as {}", *id, u.username, to_string(u.role));
  return store_.get_user(*id);
}

core::Result<std::optional<std::string>> Accounts::bootstrap_superadmin(
    const std::string& password) {
  auto existing = store_.get_user_by_name("superadmin");
  if (existing) return std::optional<std::string>{};
  if (existing.error() != Errc::NotFound) return existing.error();
  const std::string chosen = password.empty() ? generate_password() : password;
  auto hash = hash_password(chosen, cost_);
  if (!hash) return hash.error();
  User u;
  u.username = "superadmin";
  u.display_name = "Superadmin";
  u.role = Role::Superadmin;
  u.password_hash = *hash;
  u.max_concurrent_calls = 100;
  auto id = store_.create_user(u);
  if (!id) return id.error();
  spdlog::info("crm: created user superadmin (id {})", *id);
  return password.empty() ? std::optional<std::string>{chosen} : std::optional<std::string>{""};
}

}  // namespace va::crm
