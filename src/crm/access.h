// Access: who may see and change what. Agents: their own objects. Admins: their own and their
// agents'. Superadmin: everything. Every API handler asks here; nothing is checked ad hoc.
#pragma once

#include "crm/store.h"

namespace va::crm {

// The owners whose objects `actor` may see (nullopt = all).
core::Result<OwnerScope> scope_of(Store& store, const User& actor);
bool in_scope(const OwnerScope& scope, Id owner_id);

}  // namespace va::crm
