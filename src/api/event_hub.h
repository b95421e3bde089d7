// EventHub: the call layer's CallEventSink for /api/events. publish() (any thread, never
// blocks) posts the event to the API's executor, where it becomes one JSON message
// {"type":"call.<name>","call":{...}} handed to every subscriber allowed to see the call:
// its owner, the owner's admin, and superadmins (the scope rule of GET /api/calls).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "call/call_event.h"
#include "crm/auth.h"
#include "crm/entities.h"
#include "dialer/campaign_event.h"

namespace va::api {

// Who is watching: enough to apply the owner scope without a database lookup per event,
// and the session it was opened under, so that the view ends with that session.
struct EventViewer {
  crm::Id user_id = 0;
  crm::Role role = crm::Role::Agent;
  std::string token;       // re-checked periodically (api/event_recheck.h)
  std::string token_hash;  // matched against crm::SessionEnd
};

// Whether a session end closes this viewer's socket.
bool ended_by(const EventViewer& viewer, const crm::SessionEnd& end);

// Per WebSocket subscriber (see event_session.h).
struct EventSessionLimits {
  std::size_t max_queued = 256;   // messages waiting for one slow peer
  std::chrono::seconds idle{20};  // a ping after half of it; closed when the peer is silent
  // How often every viewer's session is checked again (expiry, a change by another process).
  std::chrono::milliseconds recheck{400};
};

// The scope rule of crm::scope_of, on the ids an event carries.
bool may_see(const EventViewer& viewer, const call::CallEvent& event);

// The WebSocket message for one event.
std::string event_message(const call::CallEvent& event);
// {"type": "campaign.progress|status|done", "campaign": {"id", "owner_id", "status",
// "waiting_reason", "lead"?: {"lead_id", "state", "last_outcome", "call_id"}}}
std::string campaign_event_message(const dialer::CampaignEvent& event);

// Campaign events (the dialer's) go to the same viewers as the owner's calls.
class EventHub : public call::CallEventSink, public dialer::CampaignEventSink {
 public:
  using Message = std::shared_ptr<const std::string>;
  // Called on the executor; must not block (a subscriber queues and writes later).
  using Deliver = std::function<void(const Message&)>;
  // Called on the executor when the viewer's session ended; no delivery follows it.
  using Ended = std::function<void()>;

  // `executor`: where subscribers live and messages fan out (HttpServer::executor()).
  explicit EventHub(boost::asio::any_io_executor executor);
  ~EventHub() override;
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;

  void publish(const call::CallEvent& event) override;
  void publish_campaign(const dialer::CampaignEvent& event) override;

  // Any thread: closes every subscriber the session end names. Posted to the executor, so
  // an event published after this call never reaches them.
  void end_sessions(const crm::SessionEnd& end);

  // Executor thread only.
  std::uint64_t subscribe(EventViewer viewer, Deliver deliver, Ended ended = {});
  void unsubscribe(std::uint64_t id);
  // Unsubscribes and tells the subscriber its session ended.
  void end_subscriber(std::uint64_t id);
  std::vector<std::pair<std::uint64_t, EventViewer>> viewers() const;
  std::size_t subscriber_count() const;

  // In-process consumers of every raw event (the webhook dispatcher): called on the
  // publishing thread, in publish order, before the event is posted to the subscribers; must
  // be thread-safe and must not block. Set before events flow; {} removes them.
  using CallTap = std::function<void(const call::CallEvent&)>;
  using CampaignTap = std::function<void(const dialer::CampaignEvent&)>;
  void set_taps(CallTap call_tap, CampaignTap campaign_tap);

  // Any thread: events published so far (for /metrics and tests).
  std::uint64_t published() const;

 private:
  struct State;
  std::shared_ptr<State> state_;  // shared with posted work, so late handlers stay valid
};

}  // namespace va::api
