// ClusterCallControl: the nodes table (heartbeats, drain flags, live calls per node) decides
// where a call goes; the bus carries the command and its answer.
#include "app/cluster_call_control.h"

#include <spdlog/spdlog.h>

#include <limits>

#include "app/cluster_bus.h"
#include "crm/cluster_store.h"

namespace va::app {
namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

api::ApiError node_timeout(const std::string& node, std::chrono::milliseconds timeout) {
  return {504, "node_timeout",
          "node " + node + " did not answer within " + std::to_string(timeout.count()) + " ms"};
}

}  // namespace

ClusterCallControl::ClusterCallControl(api::CallControl& local, crm::Store& store, std::string node,
                                       std::chrono::milliseconds dead_after,
                                       std::chrono::milliseconds timeout)
    : local_(local),
      store_(store),
      node_(std::move(node)),
      dead_after_(dead_after),
      timeout_(timeout) {}

std::string ClusterCallControl::least_loaded_node() {
  auto* cluster = crm::ClusterStore::of(store_);
  if (!cluster) return {};
  auto nodes = cluster->cluster_nodes();
  if (!nodes) return {};  // the database is slow or away: place it here, as before
  const auto fresh_after = now_ms() - dead_after_.count();
  std::string best;
  auto best_calls = std::numeric_limits<std::int64_t>::max();
  for (const auto& n : *nodes) {
    if (n.name == node_ && !n.draining) best_calls = std::min(best_calls, n.live_calls);
  }
  for (const auto& n : *nodes) {
    const bool candidate = n.status == "live" && !n.draining && n.last_seen_at >= fresh_after;
    if (candidate && n.name != node_ && n.live_calls < best_calls) {
      best = n.name;
      best_calls = n.live_calls;
    }
  }
  return best;
}

api::ApiResult<crm::Id> ClusterCallControl::place_call(const api::PlaceCallRequest& request) {
  auto* bus = bus_.load();
  if (!bus) return local_.place_call(request);
  const auto node = least_loaded_node();
  if (node.empty()) return local_.place_call(request);
  return place_on(*bus, node, request);
}

api::ApiResult<crm::Id> ClusterCallControl::place_on(ClusterBus& bus, const std::string& node,
                                                     const api::PlaceCallRequest& request) {
  api::ClusterCommand c;
  c.op = "place";
  c.owner_id = request.owner.id;
  c.to = request.to;
  c.lead_id = request.lead_id;
  c.campaign_id = request.campaign_id;
  c.agent_profile_id = request.agent_profile_id;
  c.agent = request.agent;
  api::ClusterMessage probe{node_, api::ClusterMessageKind::Command, {}, {}, c, {}};
  // A command too long for a NOTIFY (a long system prompt) is placed here, never lost.
  if (api::encode_cluster_message(probe).empty()) return local_.place_call(request);
  auto reply = bus.request(node, c, timeout_);
  // No answer: the other node may still place it, so this node must not (no double dial).
  if (!reply) return node_timeout(node, timeout_);
  if (reply->status / 100 != 2) return api::ApiError{reply->status, reply->code, reply->message};
  spdlog::debug("call {} placed on {} (the least loaded node)", reply->call_id, node);
  return api::ApiResult<crm::Id>(boost::system::in_place_value, reply->call_id);
}

api::ApiResult<void> ClusterCallControl::check_alive(const std::string& node) {
  auto* cluster = crm::ClusterStore::of(store_);
  if (!cluster) return {};
  auto nodes = cluster->cluster_nodes();
  if (!nodes) return {};  // cannot tell: ask it, the timeout still answers
  for (const auto& n : *nodes) {
    if (n.name != node) continue;
    if (n.status == "live" && n.last_seen_at >= now_ms() - dead_after_.count()) return {};
    return api::ApiError{503, "node_dead",
                         "the call lives on node " + node +
                             ", which is not running; its calls are closed as interrupted"};
  }
  return api::ApiError{503, "node_dead", "the call's node " + node + " is unknown"};
}

api::ApiResult<void> ClusterCallControl::hangup(crm::Id call_id) {
  auto* bus = bus_.load();
  if (!bus || local_.live(call_id)) return local_.hangup(call_id);
  auto record = store_.get_call(call_id);
  if (!record || !crm::is_live(record->status) || record->node.empty() || record->node == node_) {
    return local_.hangup(call_id);  // 404 not_live, as on one node
  }
  if (auto alive = check_alive(record->node); !alive) return alive.error();
  api::ClusterCommand c;
  c.op = "hangup";
  c.call_id = call_id;
  auto reply = bus->request(record->node, c, timeout_);
  if (!reply) return node_timeout(record->node, timeout_);
  if (reply->status / 100 != 2) return api::ApiError{reply->status, reply->code, reply->message};
  return {};
}

api::ClusterReply ClusterCallControl::command(const api::ClusterCommand& command) {
  api::ClusterReply r;
  r.request = command.request;
  auto fail = [&r](const api::ApiError& e) {
    r.status = e.status;
    r.code = e.code;
    r.message = e.message;
    return r;
  };
  if (command.op == "hangup") {
    if (auto done = local_.hangup(command.call_id); !done) return fail(done.error());
    return r;
  }
  auto owner = store_.get_user(command.owner_id);
  if (!owner) return fail({422, "invalid_field", "the call's owner no longer exists"});
  auto id = local_.place_call({*owner, command.to, command.lead_id, command.campaign_id,
                               command.agent, command.agent_profile_id});
  if (!id) return fail(id.error());
  r.status = 201;
  r.call_id = *id;
  return r;
}

}  // namespace va::app
