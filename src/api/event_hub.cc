// EventHub: the JSON is built once per event on the executor and shared by every
// subscriber's queue; subscribers are only touched on the executor, so nothing is locked.
#include "api/event_hub.h"

#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <map>

#include "core/mutex.h"

namespace va::api {

namespace {

bool may_see_owner(const EventViewer& viewer, crm::Id owner_id, crm::Id owner_parent_id) {
  switch (viewer.role) {
    case crm::Role::Superadmin:
      return true;
    case crm::Role::Admin:
      return owner_id == viewer.user_id || owner_parent_id == viewer.user_id;
    case crm::Role::Agent:
      return owner_id == viewer.user_id;
  }
  return false;
}

}  // namespace

bool may_see(const EventViewer& viewer, const call::CallEvent& event) {
  return may_see_owner(viewer, event.owner_id, event.owner_parent_id);
}

bool ended_by(const EventViewer& viewer, const crm::SessionEnd& end) {
  if (!end.token_hash.empty() && end.token_hash != viewer.token_hash) return false;
  return end.user_id == 0 || end.user_id == viewer.user_id;
}

std::string campaign_event_message(const dialer::CampaignEvent& e) {
  namespace json = boost::json;
  json::object c{{"id", e.campaign_id},
                 {"owner_id", e.owner_id},
                 {"status", e.status},
                 {"waiting_reason", e.waiting_reason}};
  if (e.lead_id != 0) {
    c["lead"] = json::object{
        {"lead_id", e.lead_id},
        {"state", e.lead_state},
        {"last_outcome", e.outcome.empty() ? json::value(nullptr) : json::value(e.outcome)},
        {"call_id", e.call_id == 0 ? json::value(nullptr) : json::value(e.call_id)}};
  }
  return json::serialize(json::object{{"type", "campaign." + e.kind}, {"campaign", std::move(c)}});
}

std::string event_message(const call::CallEvent& e) {
  namespace json = boost::json;
  const auto at_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(e.at.time_since_epoch()).count();
  json::object c{{"id", e.call_id}, {"owner_id", e.owner_id}, {"at", at_ms}};
  c["status"] = crm::to_string(e.status);
  if (!e.direction.empty()) c["direction"] = e.direction;
  if (!e.peer.empty()) c["peer"] = e.peer;
  if (e.type == call::CallEventType::Transcript) {
    c["line"] = json::object{{"who", e.who}, {"text", e.text}, {"at", at_ms}};
  }
  if (!e.end_reason.empty()) c["end_reason"] = e.end_reason;
  if (e.media) {
    const auto& m = *e.media;
    c["media"] = json::object{{"local_rtp_port", m.local_rtp_port},
                              {"remote_rtp", m.remote_rtp},
                              {"ssrc_in", m.ssrc_in},
                              {"ssrc_out", m.ssrc_out},
                              {"key_fingerprint", m.key_fingerprint},
                              {"packets_in", m.packets_in},
                              {"packets_out", m.packets_out},
                              {"packets_dropped_foreign", m.packets_dropped_foreign}};
  }
  if (e.greeting_latency_ms) c["greeting_latency_ms"] = *e.greeting_latency_ms;
  if (e.type == call::CallEventType::Analyzed) {
    c["analysis"] = json::object{
        {"status", e.analysis_status},
        {"disposition", e.disposition.empty() ? json::value(nullptr) : json::value(e.disposition)}};
  }
  return json::serialize(json::object{{"type", "call." + std::string(call::to_string(e.type))},
                                      {"call", std::move(c)}});
}

struct EventHub::State {
  boost::asio::any_io_executor executor;
  struct Subscriber {
    EventViewer viewer;
    Deliver deliver;
    Ended ended;
  };
  std::map<std::uint64_t, Subscriber> subscribers;
  std::uint64_t next_id = 1;
  std::atomic<std::uint64_t> published{0};
  core::Mutex taps_mu;
  CallTap call_tap GUARDED_BY(taps_mu);
  CampaignTap campaign_tap GUARDED_BY(taps_mu);

  template <class Build>
  void fan_out(crm::Id owner_id, crm::Id owner_parent_id, Build build) {
    Message msg;
    // Copy the ids first: a deliver() may unsubscribe (overflow) while we iterate.
    std::vector<std::uint64_t> ids;
    for (const auto& [id, s] : subscribers) {
      if (may_see_owner(s.viewer, owner_id, owner_parent_id)) ids.push_back(id);
    }
    if (ids.empty()) return;
    msg = std::make_shared<const std::string>(build());
    for (auto id : ids) {
      auto it = subscribers.find(id);
      if (it != subscribers.end()) it->second.deliver(msg);
    }
  }

  void end(std::uint64_t id) {
    auto it = subscribers.find(id);
    if (it == subscribers.end()) return;
    auto ended = std::move(it->second.ended);
    subscribers.erase(it);
    if (ended) ended();
  }

  void end_sessions(const crm::SessionEnd& e) {
    std::vector<std::uint64_t> ids;
    for (const auto& [id, s] : subscribers) {
      if (ended_by(s.viewer, e)) ids.push_back(id);
    }
    for (auto id : ids)
      end(id);
  }
};

EventHub::EventHub(boost::asio::any_io_executor executor) : state_(std::make_shared<State>()) {
  state_->executor = std::move(executor);
}

EventHub::~EventHub() = default;

void EventHub::set_taps(CallTap call_tap, CampaignTap campaign_tap) {
  core::MutexLock lock(state_->taps_mu);
  state_->call_tap = std::move(call_tap);
  state_->campaign_tap = std::move(campaign_tap);
}

void EventHub::publish(const call::CallEvent& event) {
  state_->published.fetch_add(1, std::memory_order_relaxed);
  {
    core::MutexLock lock(state_->taps_mu);
    if (state_->call_tap) state_->call_tap(event);
  }
  boost::asio::post(state_->executor, [s = state_, e = event] {
    s->fan_out(e.owner_id, e.owner_parent_id, [&e] { return event_message(e); });
  });
}

void EventHub::publish_campaign(const dialer::CampaignEvent& event) {
  state_->published.fetch_add(1, std::memory_order_relaxed);
  {
    core::MutexLock lock(state_->taps_mu);
    if (state_->campaign_tap) state_->campaign_tap(event);
  }
  boost::asio::post(state_->executor, [s = state_, e = event] {
    s->fan_out(e.owner_id, e.owner_parent_id, [&e] { return campaign_event_message(e); });
  });
}

void EventHub::end_sessions(const crm::SessionEnd& end) {
  boost::asio::post(state_->executor, [s = state_, e = end] { s->end_sessions(e); });
}

std::uint64_t EventHub::subscribe(EventViewer viewer, Deliver deliver, Ended ended) {
  const auto id = state_->next_id++;
  state_->subscribers.emplace(
      id, State::Subscriber{std::move(viewer), std::move(deliver), std::move(ended)});
  return id;
}

void EventHub::unsubscribe(std::uint64_t id) {
  state_->subscribers.erase(id);
}

void EventHub::end_subscriber(std::uint64_t id) {
  state_->end(id);
}

std::vector<std::pair<std::uint64_t, EventViewer>> EventHub::viewers() const {
  std::vector<std::pair<std::uint64_t, EventViewer>> out;
  out.reserve(state_->subscribers.size());
  for (const auto& [id, s] : state_->subscribers)
    out.emplace_back(id, s.viewer);
  return out;
}

std::size_t EventHub::subscriber_count() const {
  return state_->subscribers.size();
}

std::uint64_t EventHub::published() const {
  return state_->published.load(std::memory_order_relaxed);
}

}  // namespace va::api
