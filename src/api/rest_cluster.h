// GET /api/cluster/nodes (issue 18): every node sharing the database, with where its API
// listens, its pid, its state and its live calls. Superadmin and admins (operators who place
// calls need to see which nodes take them); agents get 403. A node's state: `live` (beating,
// taking calls), `draining` (beating, taking no new call), `dead` (declared dead by a survivor,
// or stopped cleanly).
#pragma once

#include "api/router.h"
#include "crm/store.h"

namespace va::api {

void add_cluster_routes(Router& router, crm::Store& store);

}  // namespace va::api
