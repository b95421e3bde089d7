// ClusterCallControl: the REST API's CallControl on a node of a cluster (issue 18), over the
// node's own CallControlAdapter and the ClusterBus:
//  - place_call: the least loaded live node places the call (fewest live call records; this
//    node on a tie, so a quiet cluster forwards nothing). Another node gets a `place` command
//    over the bus and answers with the call's id or its refusal; the record names that node.
//  - hangup: a call live on another node is hung up there (`hangup` command); the answer
//    waits for that node's reply, or says the node is dead (503 node_dead) or did not answer
//    in time (504 node_timeout).
//  - everything else acts on this node.
// It also answers the commands other nodes send here (command()).
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "api/call_control.h"
#include "api/cluster_wire.h"
#include "crm/store.h"

namespace va::app {

class ClusterBus;

class ClusterCallControl final : public api::CallControl {
 public:
  // `dead_after`: a node whose heartbeat is older is neither chosen nor asked. Until
  // set_bus() (and without a bus: SQLite, one node) every request acts on this node.
  ClusterCallControl(api::CallControl& local, crm::Store& store, std::string node,
                     std::chrono::milliseconds dead_after, std::chrono::milliseconds timeout);
  void set_bus(ClusterBus* bus) { bus_.store(bus); }

  // api::CallControl
  api::ApiResult<crm::Id> place_call(const api::PlaceCallRequest& request) override;
  api::ApiResult<void> check_ai(const crm::User& owner) override { return local_.check_ai(owner); }
  api::ApiResult<void> hangup(crm::Id call_id) override;
  api::ApiResult<api::SmsResult> send_sms(crm::Id call_id, const std::string& text) override {
    return local_.send_sms(call_id, text);
  }
  api::ApiResult<call::TransferResult> transfer(crm::Id call_id,
                                                const call::TransferRequest& request) override {
    return local_.transfer(call_id, request);
  }
  std::optional<api::LiveCallView> live(crm::Id call_id) const override {
    return local_.live(call_id);
  }
  api::ApiResult<std::string> greeting_preview(const crm::User& owner,
                                               const crm::AgentConfig& agent) override {
    return local_.greeting_preview(owner, agent);
  }

  // A command from another node, run on this node's calls (the bus's command handler).
  api::ClusterReply command(const api::ClusterCommand& command);

 private:
  // The live, not draining node with the fewest live calls ("" = this node).
  std::string least_loaded_node();
  api::ApiResult<crm::Id> place_on(ClusterBus& bus, const std::string& node,
                                   const api::PlaceCallRequest& request);
  api::ApiResult<void> check_alive(const std::string& node);

  api::CallControl& local_;
  crm::Store& store_;
  std::atomic<ClusterBus*> bus_{nullptr};
  const std::string node_;
  const std::chrono::milliseconds dead_after_;
  const std::chrono::milliseconds timeout_;
};

}  // namespace va::app
