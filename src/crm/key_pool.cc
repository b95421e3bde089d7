// KeyPool: fingerprint, seal, store; ownership rules; least-used assignment of pool keys under
// one lock per process.
#include "crm/key_pool.h"

#include <spdlog/spdlog.h>

#include "core/mutex.h"
#include "crm/errc.h"

namespace va::crm {
namespace {

bool valid_key(const std::string& key) {
  return key.size() >= 8 && key.size() <= 512;
}

// Rule 3 for a key that has an owner (pool, user or tenant).
core::Result<void> may_hold(const ApiKey& k, const User& user, bool by_superadmin) {
  switch (k.owner) {
    case KeyOwner::Pool:
      if (by_superadmin) return {};
      return Errc::KeyInPool;
    case KeyOwner::User:
      if (k.owner_id == user.id) return {};
      return Errc::KeyOwned;
    case KeyOwner::Tenant:
      if (k.owner_id == tenant_of(user)) return {};
      return Errc::KeyOwned;
    case KeyOwner::Unclaimed:
      break;
  }
  return Errc::KeyOwned;
}

}  // namespace

bool is_provider(const std::string& name) {
  return name == "gemini" || name == "openai";
}

Id tenant_of(const User& u) {
  return u.role == Role::Agent ? u.parent_id : u.id;
}

core::Result<ApiKey> KeyPool::add(const std::string& key, const std::string& label,
                                  const std::string& provider) {
  if (!valid_key(key) || !is_provider(provider)) return Errc::Invalid;
  ApiKey k;
  k.provider = provider;
  k.fingerprint = key_fingerprint(key);
  k.label = label;
  k.sealed = vault_.seal(key);
  k.owner = KeyOwner::Pool;
  auto id = store_.add_key(k);
  if (!id && id.error() == Errc::Conflict) {
    // Rule 4: the superadmin, who knows the key, claims an unclaimed one for the pool.
    auto existing = store_.get_key_by_fingerprint(k.fingerprint);
    if (existing && existing->owner == KeyOwner::Unclaimed &&
        store_.claim_key(existing->id, KeyOwner::Pool, 0)) {
      spdlog::info("crm: unclaimed api key {} claimed for the pool", k.fingerprint);
      return store_.get_key(existing->id);
    }
    return Errc::Conflict;
  }
  if (!id) return id.error();
  spdlog::info("crm: api key {} added to the pool", k.fingerprint);
  return store_.get_key(*id);
}

core::Result<ApiKey> KeyPool::assign_least_used(Id user_id, const std::string& provider) {
  core::MutexLock lock(assign_mu_);
  auto key = store_.least_used_active_key(provider);
  if (!key) return key.error();
  if (auto r = store_.set_user_key(user_id, key->id); !r) return r.error();
  spdlog::info("crm: user {} assigned pool api key {}", user_id, key->fingerprint);
  return key;
}

core::Result<void> KeyPool::assign_each_provider(Id user_id) {
  for (const char* provider : kProviders) {
    auto key = assign_least_used(user_id, provider);
    if (!key && key.error() != Errc::NotFound) return key.error();
  }
  return {};
}

// Gemini as before (NotFound when a user lacks one and the pool has none); other providers
// only where the pool has keys of theirs.
core::Result<int> KeyPool::assign_missing() {
  int assigned = 0;
  for (const std::string provider : kProviders) {
    auto users = store_.users_without_key(provider);
    if (!users) return users.error();
    for (Id id : *users) {
      auto r = assign_least_used(id, provider);
      if (!r && r.error() == Errc::NotFound && provider != "gemini") break;
      if (!r) return r.error();
      ++assigned;
    }
  }
  return assigned;
}

core::Result<void> KeyPool::check_or_claim(const ApiKey& k, const User& user, KeyOwner owner,
                                           Id owner_id, bool by_superadmin) {
  if (k.owner != KeyOwner::Unclaimed) return may_hold(k, user, by_superadmin);
  if (auto r = store_.claim_key(k.id, owner, owner_id); !r) return r.error();
  spdlog::info("crm: unclaimed api key {} claimed as {} {}'s", k.fingerprint, to_string(owner),
               owner_id);
  return {};
}

core::Result<ApiKey> KeyPool::set_user_key(const User* actor, Id user_id, const std::string& key,
                                           const std::string& provider) {
  if (!valid_key(key) || !is_provider(provider)) return Errc::Invalid;
  auto user = store_.get_user(user_id);
  if (!user) return user.error();
  const bool by_superadmin = !actor || actor->role == Role::Superadmin;
  if (!by_superadmin && (actor->role != Role::Admin || tenant_of(*user) != actor->id)) {
    return Errc::Forbidden;
  }
  // Rule 2: who a new key (or a claimed unclaimed one) belongs to.
  const KeyOwner owner = by_superadmin ? KeyOwner::User : KeyOwner::Tenant;
  const Id owner_id = by_superadmin ? user->id : actor->id;
  const auto fingerprint = key_fingerprint(key);
  // Twice at most: a concurrent add or claim of the same key (another request or node) makes
  // the first try fail; the second sees the stored owner and applies rule 3.
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto stored = store_.get_key_by_fingerprint(fingerprint);
    if (!stored && stored.error() != Errc::NotFound) return stored.error();
    if (!stored) {
      ApiKey k;
      k.fingerprint = fingerprint;
      k.sealed = vault_.seal(key);
      k.owner = owner;
      k.owner_id = owner_id;
      k.provider = provider;
      auto id = store_.add_key(k);
      if (!id && id.error() == Errc::Conflict) continue;
      if (!id) return id.error();
      stored = store_.get_key(*id);
      if (!stored) return stored.error();
      spdlog::info("crm: api key {} stored as {} {}'s", fingerprint, to_string(owner), owner_id);
    } else if (auto ok = check_or_claim(*stored, *user, owner, owner_id, by_superadmin); !ok) {
      if (ok.error() == Errc::NotFound) continue;  // claimed meanwhile by someone else
      spdlog::info("crm: api key {} refused for user {}: {}", fingerprint, user_id,
                   ok.error().message());
      return ok.error();
    }
    if (auto r = store_.set_user_key(user_id, stored->id); !r) return r.error();
    spdlog::info("crm: user {} set to api key {}", user_id, fingerprint);
    return store_.get_key(stored->id);
  }
  return Errc::Conflict;
}

core::Result<ResolvedKey> KeyPool::resolve(Id user_id, const std::string& provider) {
  auto user = store_.get_user(user_id);
  if (!user) return user.error();
  const Id key_id = provider == "openai" ? user->openai_key_id : user->api_key_id;
  if (key_id == 0) return Errc::NoKey;
  auto key = store_.get_key(key_id);
  if (!key) return key.error();
  if (key->status != "active" || key->provider != provider) return Errc::NoKey;
  // Rule 6: a pool key may be held by anyone it was given to; a private key only by its own.
  if (key->owner != KeyOwner::Pool && !may_hold(*key, *user, false)) {
    spdlog::warn("crm: user {} holds api key {} owned by another ({}), not used", user_id,
                 key->fingerprint, to_string(key->owner));
    return Errc::NoKey;
  }
  auto clear = vault_.open(key->sealed);
  if (!clear) return clear.error();
  return ResolvedKey{std::move(*clear), key->fingerprint};
}

}  // namespace va::crm
