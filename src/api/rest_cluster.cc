// RestApi: GET /api/cluster/nodes (issue 18): every node sharing the database, with where its
// API listens, its pid, its state and its live calls. Superadmin and admins (operators who
// place calls need to see which nodes take them); agents get 403. A node's state: `live`
// (beating, taking calls), `draining` (beating, taking no new call), `dead` (declared dead by a
// survivor, or stopped cleanly).
#include <boost/json.hpp>

#include "api/api_error.h"
#include "api/rest_api.h"
#include "crm/cluster_store.h"

namespace va::api {
namespace {

// The row's status (live | stopped | dead) folded with its drain flag into the contract's three.
const char* node_state(const crm::ClusterNode& n) {
  if (n.status != "live") return "dead";
  return n.draining ? "draining" : "live";
}

boost::json::object node_view(const crm::ClusterNode& n) {
  return {{"name", n.name},
          {"http", n.http},
          {"pid", n.pid},
          {"status", node_state(n)},
          {"live_calls", n.live_calls},
          {"last_seen_at", n.last_seen_at},
          {"started_at", n.started_at}};
}

}  // namespace

void RestApi::add_cluster_routes() {
  auto& store = deps_.store;
  router_.add({"GET", "/api/cluster/nodes",
               "The nodes sharing the database: name, http, pid, status (live|dead|draining), "
               "live_calls (superadmin and admins)",
               true, [&store](RequestContext& ctx) {
                 if (ctx.actor.role == crm::Role::Agent)
                   return error_response({403, "forbidden", "only admins see the cluster"});
                 auto* cluster = crm::ClusterStore::of(store);
                 if (!cluster)
                   return json_response(200, boost::json::object{{"items", boost::json::array()}});
                 auto nodes = cluster->cluster_nodes();
                 if (!nodes) return error_response(from_crm(nodes.error(), "nodes"));
                 boost::json::array items;
                 for (const auto& n : *nodes)
                   items.push_back(node_view(n));
                 return json_response(200, boost::json::object{{"items", std::move(items)}});
               }});
}

}  // namespace va::api
