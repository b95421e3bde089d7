// EventRelay: webhooks first (they queue), as the hub's taps did before the cluster relay.
#include "app/event_relay.h"

#include <chrono>

#include "app/cluster_bus.h"

namespace va::app {

void EventRelay::publish(const call::CallEvent& event) {
  {
    core::MutexLock lock(mutex_);
    if (webhooks_) webhooks_->on_call_event(event);
  }
  hub_.publish(event);
  if (auto* bus = bus_.load()) bus->send_event(event);
}

void EventRelay::publish_campaign(const dialer::CampaignEvent& event) {
  {
    core::MutexLock lock(mutex_);
    if (webhooks_) webhooks_->on_campaign_event(event);
  }
  hub_.publish_campaign(event);
  if (auto* bus = bus_.load()) bus->send_campaign_event(event);
}

void EventRelay::publish_interrupted(crm::Store& store, const std::vector<crm::Id>& calls) {
  for (auto id : calls) {
    auto c = store.get_call(id);
    if (!c) continue;
    call::CallEvent e;
    e.type = call::CallEventType::Ended;
    e.call_id = c->id;
    e.owner_id = c->owner_id;
    if (auto owner = store.get_user(c->owner_id)) e.owner_parent_id = owner->parent_id;
    e.at = std::chrono::system_clock::time_point(std::chrono::milliseconds(c->ended_at));
    e.status = c->status;
    e.direction = c->direction;
    e.peer = c->direction == "inbound" ? c->from : c->to;
    e.end_reason = c->end_reason;
    e.outcome = c->outcome;
    publish(e);
  }
}

void EventRelay::stop_webhooks() {
  core::MutexLock lock(mutex_);
  webhooks_ = nullptr;
}

}  // namespace va::app
