// EventRelay: where the call layer and the dialer publish this node's events. Each goes to
// the webhooks (once, on the node where it happened), to this node's /api/events viewers (the
// EventHub) and, in a cluster, to every other node's viewers over the ClusterBus. Events
// relayed from other nodes enter the hub directly (ClusterBus), so they never fire webhooks
// or travel again.
#pragma once

#include <atomic>
#include <vector>

#include "api/event_hub.h"
#include "api/webhook_dispatcher.h"
#include "call/call_event.h"
#include "core/mutex.h"
#include "crm/store.h"
#include "dialer/campaign_event.h"

namespace va::app {

class ClusterBus;

class EventRelay final : public call::CallEventSink, public dialer::CampaignEventSink {
 public:
  EventRelay(api::EventHub& hub, api::WebhookDispatcher& webhooks)
      : hub_(hub), webhooks_(&webhooks) {}

  // call::CallEventSink
  void publish(const call::CallEvent& event) override;
  // dialer::CampaignEventSink
  void publish_campaign(const dialer::CampaignEvent& event) override;

  // The calls this node closed `interrupted` for a dead node (crm::DeadNode): a call.ended
  // for each, so live views on every node drop them and webhooks hear of them (once: one
  // survivor reaps each dead node). Reads the records; call it off the shards.
  void publish_interrupted(crm::Store& store, const std::vector<crm::Id>& calls);

  // Any time; nullptr: this node alone.
  void set_cluster(ClusterBus* bus) { bus_.store(bus); }
  // Before the dispatcher stops: later events reach no webhook.
  void stop_webhooks();

 private:
  api::EventHub& hub_;
  core::Mutex mutex_;
  api::WebhookDispatcher* webhooks_ GUARDED_BY(mutex_);
  std::atomic<ClusterBus*> bus_{nullptr};
};

}  // namespace va::app
