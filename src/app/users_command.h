// `voiceagent users create|list|passwd`: user administration from the shell, acting as
// superadmin (whoever can run the binary on the data dir already owns the data).
#pragma once

#include <string>

#include "core/config.h"

namespace va::app {

struct UsersCreateOptions {
  std::string username;
  std::string role = "agent";  // admin | agent
  std::string parent;          // an agent's admin: username or id
  std::string password;        // empty = generated and printed once
  std::string display_name;
  std::string email;
};

// Each returns the process exit code and prints one line per result or error.
int users_create(const core::Config& config, const UsersCreateOptions& options);
int users_list(const core::Config& config);
int users_passwd(const core::Config& config, const std::string& username,
                 const std::string& password);  // empty password = generated and printed

}  // namespace va::app
