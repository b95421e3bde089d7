// `voiceagent users ...`: thin shell over crm::Accounts and crm::Auth.
#include "app/users_command.h"

#include <iostream>

#include "app/crm_context.h"
#include "crm/auth.h"
#include "crm/errc.h"

namespace va::app {

int users_create(const core::Config& config, const UsersCreateOptions& o) {
  CrmContext crm(config, 1);
  auto role = crm::parse_role(o.role);
  if (!role) {
    std::cerr << "voiceagent: role must be admin or agent\n";
    return 2;
  }
  crm::NewUser req{o.username, o.password, *role, 0, o.display_name, o.email, 1};
  if (!o.parent.empty()) {
    auto parent = crm.store->get_user_by_name(o.parent);
    if (!parent && o.parent.find_first_not_of("0123456789") == std::string::npos) {
      parent = crm.store->get_user(std::stoll(o.parent));
    }
    if (!parent) {
      std::cerr << "voiceagent: parent '" << o.parent << "' not found\n";
      return 1;
    }
    req.parent_id = parent->id;
  }
  const bool generated = req.password.empty();
  if (generated) req.password = crm::generate_password();
  auto user = crm.accounts->create(nullptr, req);
  if (!user) {
    std::cerr << "voiceagent: cannot create user: " << user.error().message() << "\n";
    return 1;
  }
  std::cout << "created " << crm::to_string(user->role) << " " << user->username << " (id "
            << user->id << ", key "
            << (user->key_fingerprint.empty() ? "none" : user->key_fingerprint) << ")\n";
  if (generated) std::cout << "password: " << req.password << "\n";
  return 0;
}

int users_list(const core::Config& config) {
  CrmContext crm(config, 1);
  auto users = crm.store->list_users(std::nullopt);
  if (!users) {
    std::cerr << "voiceagent: " << users.error().message() << "\n";
    return 1;
  }
  std::cout << "id\tusername\trole\tparent\tactive\tkey\n";
  for (const auto& u : *users) {
    std::cout << u.id << "\t" << u.username << "\t" << crm::to_string(u.role) << "\t"
              << (u.parent_id ? std::to_string(u.parent_id) : "-") << "\t"
              << (u.active ? "yes" : "no") << "\t"
              << (u.key_fingerprint.empty() ? "-" : u.key_fingerprint) << "\n";
  }
  return 0;
}

int users_passwd(const core::Config& config, const std::string& username,
                 const std::string& password) {
  CrmContext crm(config, 1);
  auto user = crm.store->get_user_by_name(username);
  if (!user) {
    std::cerr << "voiceagent: user '" << username << "' not found\n";
    return 1;
  }
  const std::string chosen = password.empty() ? crm::generate_password() : password;
  crm::Auth auth(*crm.store, core::Clock::steady(), crm::PasswordCost::interactive());
  if (auto r = auth.set_password(user->id, chosen); !r) {
    std::cerr << "voiceagent: cannot set password: " << r.error().message()
              << (r.error() == crm::Errc::Invalid ? " (8-256 characters)" : "") << "\n";
    return 1;
  }
  std::cout << "password changed for " << username << " (sessions ended)\n";
  if (password.empty()) std::cout << "password: " << chosen << "\n";
  return 0;
}

}  // namespace va::app
