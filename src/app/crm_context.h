// CrmContext: the store, vault, key pool and accounts opened from the config, for the CLI
// commands and the server alike. Throws std::runtime_error with one clear line on failure.
#pragma once

#include <memory>

#include "core/config.h"
#include "crm/accounts.h"
#include "crm/key_pool.h"
#include "crm/store.h"

namespace va::app {

struct CrmContext {
  explicit CrmContext(const core::Config& config, int connections = 4);

  std::unique_ptr<crm::Store> store;
  std::unique_ptr<crm::KeyPool> keys;
  std::unique_ptr<crm::Accounts> accounts;
};

}  // namespace va::app
