// KeyPool: fingerprint, seal, store; least-used assignment under one lock per process.
#include "crm/key_pool.h"

#include <spdlog/spdlog.h>

#include "crm/errc.h"

namespace va::crm {

core::Result<ApiKey> KeyPool::add(const std::string& key, const std::string& label) {
  if (key.size() < 8 || key.size() > 512) return Errc::Invalid;
  ApiKey k;
  k.fingerprint = key_fingerprint(key);
  k.label = label;
  k.sealed = vault_.seal(key);
  auto id = store_.add_key(k);
  if (!id) return id.error();
  spdlog::info("crm: api key {} added to the pool", k.fingerprint);
  return store_.get_key(*id);
}

core::Result<ApiKey> KeyPool::assign_least_used(Id user_id) {
  std::lock_guard lock(assign_mu_);
  auto key = store_.least_used_active_key();
  if (!key) return key.error();
  if (auto r = store_.set_user_key(user_id, key->id); !r) return r.error();
  spdlog::info("crm: user {} assigned api key {}", user_id, key->fingerprint);
  return key;
}

core::Result<int> KeyPool::assign_missing() {
  auto users = store_.users_without_key();
  if (!users) return users.error();
  int assigned = 0;
  for (Id id : *users) {
    auto r = assign_least_used(id);
    if (!r) return r.error();
    ++assigned;
  }
  return assigned;
}

core::Result<ApiKey> KeyPool::set_user_key(Id user_id, const std::string& key) {
  auto existing = store_.get_key_by_fingerprint(key_fingerprint(key));
  if (!existing && existing.error() != Errc::NotFound) return existing.error();
  if (!existing) existing = add(key, "");
  if (!existing) return existing.error();
  if (auto r = store_.set_user_key(user_id, existing->id); !r) return r.error();
  spdlog::info("crm: user {} set to api key {}", user_id, existing->fingerprint);
  return store_.get_key(existing->id);
}

core::Result<ResolvedKey> KeyPool::resolve(Id user_id) {
  auto user = store_.get_user(user_id);
  if (!user) return user.error();
  if (user->api_key_id == 0) return Errc::NoKey;
  auto key = store_.get_key(user->api_key_id);
  if (!key) return key.error();
  if (key->status != "active") return Errc::NoKey;
  auto clear = vault_.open(key->sealed);
  if (!clear) return clear.error();
  return ResolvedKey{std::move(*clear), key->fingerprint};
}

}  // namespace va::crm
