// EventRelay: webhooks first (they queue), as the hub's taps did before the cluster relay.
#include "app/event_relay.h"

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

void EventRelay::stop_webhooks() {
  core::MutexLock lock(mutex_);
  webhooks_ = nullptr;
}

}  // namespace va::app
