// CrmContext: open the database (migrating it) and the master key under data_dir.
#include "app/crm_context.h"

#include <stdexcept>

#include "core/private_files.h"

namespace va::app {
namespace {

// At start: a warning names every private path that is looser than 0700/0600 (made by an
// older version or changed by hand); new ones are created owner-only (core/private_files.h).
void check_private_paths(const core::Config& config) {
  const std::filesystem::path data(config.data_dir);
  (void)core::make_private_dir(data);
  core::warn_if_not_private(data);
  core::warn_if_not_private(data / "master.key");
  const auto url = config.database_url();
  if (url.rfind("sqlite:", 0) == 0) {
    const std::string db = url.substr(7);
    for (const char* suffix : {"", "-wal", "-shm"})
      core::warn_if_not_private(db + suffix);
  }
}

}  // namespace

CrmContext::CrmContext(const core::Config& config, int connections) {
  check_private_paths(config);
  auto s = crm::Store::create(config.database_url(), connections);
  if (!s)
    throw std::runtime_error("database " + config.database_url() + ": " + s.error().message());
  store = std::move(*s);
  auto vault = crm::KeyVault::load(config.data_dir, core::process_env());
  if (!vault) {
    throw std::runtime_error("master key (" + config.data_dir +
                             "/master.key or VOICEAGENT_MASTER_KEY): " + vault.error().message());
  }
  keys = std::make_unique<crm::KeyPool>(*store, *vault);
  accounts = std::make_unique<crm::Accounts>(*store, *keys, crm::PasswordCost::interactive());
}

}  // namespace va::app
