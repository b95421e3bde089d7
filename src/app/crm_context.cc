// CrmContext: open the database (migrating it) and the master key under data_dir.
#include "app/crm_context.h"

#include <stdexcept>

namespace va::app {

CrmContext::CrmContext(const core::Config& config, int connections) {
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
