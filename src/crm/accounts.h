// Accounts: creating users under the role rules, and the first-run superadmin.
//   superadmin creates admins and agents (an agent's parent must be an admin);
//   an admin creates agents under itself; an agent creates nobody.
// A new admin or agent gets the least-used active key from the pool (if the pool has one).
#pragma once

#include <optional>
#include <string>

#include "crm/auth.h"
#include "crm/key_pool.h"

namespace va::crm {

struct NewUser {
  std::string username;
  std::string password;
  Role role = Role::Agent;
  Id parent_id = 0;
  std::string display_name;
  std::string email;
  // kRoleDefault: an agent (or superadmin) gets 1; an admin 0, no limit, because an admin's
  // limit counts its whole tenant (call/tenant_limits.h) and 1 would stop its agents calling
  // at once until the superadmin sets one.
  static constexpr std::int64_t kRoleDefault = -1;
  std::int64_t max_concurrent_calls = kRoleDefault;
};

bool valid_username(const std::string& s);  // [a-z0-9_.-]{3,32}

class Accounts {
 public:
  Accounts(Store& store, KeyPool& keys, PasswordCost cost)
      : store_(store), keys_(keys), cost_(cost) {}

  // `actor` = nullptr for the CLI (acts as superadmin). Errc::Forbidden, Invalid, Conflict.
  core::Result<User> create(const User* actor, const NewUser& req);

  // On an empty users table creates `superadmin` with `password`, or a generated one which
  // is returned so the caller prints it once. nullopt when a superadmin already exists.
  core::Result<std::optional<std::string>> bootstrap_superadmin(const std::string& password);

 private:
  Store& store_;
  KeyPool& keys_;
  PasswordCost cost_;
};

}  // namespace va::crm
