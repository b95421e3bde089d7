// KeyPool: the shared pool of sealed AI keys (Gemini and OpenAI, one of each per user), the keys
// users and tenants own, and who holds which. A call resolves its key from its owner; only
// resolve() ever returns a clear key, and only to the call layer. The rules (DESIGN.md: keys set
// for a user never join the shared pool; the pool holds only keys the superadmin added):
//   1. The pool holds only keys the superadmin added (add(): POST /api/keys, `keys add`).
//      Least-used assignment (a new admin or agent, `keys assign`) hands out pool keys only.
//   2. A new key set for a user (set_user_key(): PUT /api/users/{id}/api-key) is private:
//      set by the superadmin or the CLI it belongs to that user (KeyOwner::User); set by an
//      admin on itself or one of its agents it belongs to that admin's tenant (Tenant).
//   3. A key already stored may be set for a user only if: it is a pool key and the
//      superadmin sets it (it stays in the pool; an admin gets KeyInPool); it is a User key
//      of that very user; it is a Tenant key of that user's tenant. Anything else is
//      KeyOwned, whoever asks: a private key never reaches another user or tenant.
//   4. An unclaimed key (migration 3) is claimed by the next set (as rule 2) or add (pool).
//   5. A user's tenant is its admin for an agent, else the user itself.
//   6. resolve() re-checks 3 for the key a user holds and refuses a key that is not theirs.
#pragma once

#include <mutex>
#include <string>

#include "core/mutex.h"
#include "crm/key_vault.h"
#include "crm/store.h"

namespace va::crm {

struct ResolvedKey {
  std::string key;  // the clear key: hand it to the AI session, never log it
  std::string fingerprint;
};

// Rule 5: the admin whose tenant `u` is in (an agent's parent, else `u` itself).
Id tenant_of(const User& u);
// The providers a key may be for.
bool is_provider(const std::string& name);
inline constexpr const char* kProviders[] = {"gemini", "openai"};

class KeyPool {
 public:
  KeyPool(Store& store, KeyVault vault) : store_(store), vault_(std::move(vault)) {}

  // Adds a key to the shared pool (Conflict if it is already stored, unless unclaimed).
  // `provider`: gemini | openai (Invalid otherwise).
  core::Result<ApiKey> add(const std::string& key, const std::string& label,
                           const std::string& provider = "gemini");
  // Gives `user_id` the least-used active pool key of `provider`; NotFound when the pool has
  // none of it. A user holds one key per provider.
  core::Result<ApiKey> assign_least_used(Id user_id, const std::string& provider = "gemini");
  // A new user's keys: one of each provider that has keys in the pool (none is not an error).
  core::Result<void> assign_each_provider(Id user_id);
  // Gives every admin/agent without a key of a provider one from the pool (each provider with
  // pool keys); returns how many were assigned.
  core::Result<int> assign_missing();
  // Sets a user's key on behalf of `actor` (nullptr: the CLI, acting as superadmin) under
  // rules 2-4: KeyInPool, KeyOwned, Forbidden (an agent, or an admin outside its tenant).
  // A key not yet stored is stored for `provider`; a stored key keeps its own.
  core::Result<ApiKey> set_user_key(const User* actor, Id user_id, const std::string& key,
                                    const std::string& provider = "gemini");
  // The owner's key of `provider` for a call being placed (NoKey if none is assigned, or rule
  // 6 fails).
  core::Result<ResolvedKey> resolve(Id user_id, const std::string& provider = "gemini");

 private:
  // Rules 3 and 4 for a key already stored; claims it when unclaimed.
  core::Result<void> check_or_claim(const ApiKey& k, const User& user, KeyOwner owner, Id owner_id,
                                    bool by_superadmin);

  Store& store_;
  KeyVault vault_;
  core::Mutex assign_mu_;  // least-used choice + write must not interleave between threads
};

}  // namespace va::crm
