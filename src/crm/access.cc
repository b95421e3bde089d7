// Access: scopes are computed per request from the users table, so a re-parented agent or a
// new agent is seen at once.
#include "crm/access.h"

#include <algorithm>

namespace va::crm {

core::Result<OwnerScope> scope_of(Store& store, const User& actor) {
  switch (actor.role) {
    case Role::Superadmin:
      return OwnerScope{};
    case Role::Agent:
      return OwnerScope{std::vector<Id>{actor.id}};
    case Role::Admin: {
      auto agents = store.agents_of(actor.id);
      if (!agents) return agents.error();
      agents->insert(agents->begin(), actor.id);
      return OwnerScope{std::move(*agents)};
    }
  }
  return OwnerScope{std::vector<Id>{actor.id}};
}

bool in_scope(const OwnerScope& scope, Id owner_id) {
  return !scope || std::find(scope->begin(), scope->end(), owner_id) != scope->end();
}

}  // namespace va::crm
