// KeyPool: the pool of sealed Gemini keys and who holds which. New admins and agents get the
// least-used active key; `keys assign` fills in users without one; a call resolves its key
// from its owner. Only resolve() ever returns a clear key, and only to the call layer.
#pragma once

#include <mutex>
#include <string>

#include "crm/key_vault.h"
#include "crm/store.h"

namespace va::crm {

struct ResolvedKey {
  std::string key;  // the clear key: hand it to the AI session, never log it
  std::string fingerprint;
};

class KeyPool {
 public:
  KeyPool(Store& store, KeyVault vault) : store_(store), vault_(std::move(vault)) {}

  // Adds a key (Conflict if its fingerprint is already in the pool).
  core::Result<ApiKey> add(const std::string& key, const std::string& label);
  // Gives `user_id` the least-used active key; NotFound when the pool is empty.
  core::Result<ApiKey> assign_least_used(Id user_id);
  // Gives every admin/agent without a key one; returns how many were assigned.
  core::Result<int> assign_missing();
  // Sets a user's key explicitly, adding it to the pool first if it is new.
  core::Result<ApiKey> set_user_key(Id user_id, const std::string& key);
  // The owner's key for a call being placed (NoKey if none is assigned).
  core::Result<ResolvedKey> resolve(Id user_id);

 private:
  Store& store_;
  KeyVault vault_;
  std::mutex assign_mu_;  // least-used choice + write must not interleave between threads
};

}  // namespace va::crm
