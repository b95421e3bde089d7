// CRM entities: role and key-owner names as stored and as the REST API spells them.
#include "crm/entities.h"

#include <chrono>

namespace va::crm {

const char* to_string(Role r) {
  switch (r) {
    case Role::Superadmin:
      return "superadmin";
    case Role::Admin:
      return "admin";
    case Role::Agent:
      return "agent";
  }
  return "agent";
}

std::optional<Role> parse_role(const std::string& s) {
  if (s == "superadmin") return Role::Superadmin;
  if (s == "admin") return Role::Admin;
  if (s == "agent") return Role::Agent;
  return std::nullopt;
}

const char* to_string(KeyOwner o) {
  switch (o) {
    case KeyOwner::Pool:
      return "pool";
    case KeyOwner::User:
      return "user";
    case KeyOwner::Tenant:
      return "tenant";
    case KeyOwner::Unclaimed:
      return "unclaimed";
  }
  return "unclaimed";
}

std::optional<KeyOwner> parse_key_owner(const std::string& s) {
  if (s == "pool") return KeyOwner::Pool;
  if (s == "user") return KeyOwner::User;
  if (s == "tenant") return KeyOwner::Tenant;
  if (s == "unclaimed") return KeyOwner::Unclaimed;
  return std::nullopt;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace va::crm
