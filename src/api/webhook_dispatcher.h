// WebhookDispatcher: turns call and campaign events into signed HTTP deliveries (DESIGN.md
// "After the call"; crm/README.md "Webhooks" for the tables).
//
// Rules:
//  1. Intake: on_call_event()/on_campaign_event() (any thread, never block) queue the event
//     (at most `max_intake`; more are dropped and counted). One intake thread takes them in
//     order, finds the active endpoints that get the owner's events (the owner's, its
//     admin's, every superadmin's) and subscribe to the event's name ("call.<kind>" with kind
//     call::to_string(CallEventType): any kind a webhook lists, e.g. "analyzed", flows through
//     unchanged; "campaign.<kind>"), builds the body once and stores one delivery per endpoint.
//     call.ended waits (at most 2 s) until the call record says ended, so the body is the
//     record as GET /api/calls/{id} shows it after the call, transcript included.
//  2. Delivery: `workers` threads each claim the next due delivery (crm::Store::
//     claim_webhook_delivery: a lease, so no two workers or nodes send it at once, and no
//     delivery of a call before an earlier one of the same call and endpoint is done), sign it
//     with a fresh timestamp and POST it (webhook_client.h).
//  3. A 2xx answer delivers it. Anything else is a failed try, logged with its status code or
//     error; the next try waits first_retry, then twice as long each time up to max_retry;
//     tries stop give_up_after the event (status failed). Every try is a row of the log.
//  4. Everything is in the database: deliveries queued or waiting for a retry survive a
//     restart and are sent by whichever process runs next.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "api/webhook_client.h"
#include "call/call_event.h"
#include "core/mutex.h"
#include "crm/store.h"
#include "dialer/campaign_event.h"

namespace va::api {

// The events an endpoint may subscribe to.
const std::vector<std::string>& webhook_event_names();

struct WebhookSettings {
  int workers = 2;
  std::chrono::milliseconds timeout{10000};
  std::chrono::milliseconds first_retry{30000};
  std::chrono::milliseconds max_retry{3600000};
  std::chrono::milliseconds give_up_after{86400000};
  std::chrono::milliseconds poll{500};  // how often idle workers look for due deliveries
  std::size_t max_intake = 10000;
};

// The delay before try `attempt` + 1 after try `attempt` (1-based) failed.
std::chrono::milliseconds webhook_retry_delay(const WebhookSettings& s, std::int64_t attempt);

class WebhookDispatcher {
 public:
  using Sender = std::function<WebhookResponse(const WebhookRequest&)>;

  // `sender`: the HTTP client (send_webhook when empty).
  WebhookDispatcher(crm::Store& store, WebhookSettings settings, Sender sender = {});
  ~WebhookDispatcher();
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  void start();
  // Stores the events still queued, then waits for the tries in flight (each bounded by the
  // timeout); deliveries not yet sent stay in the database for the next start.
  void stop();

  // Any thread; never blocks.
  void on_call_event(const call::CallEvent& event);
  void on_campaign_event(const dialer::CampaignEvent& event);
  // A delivery was queued elsewhere (a re-send): look now rather than at the next poll.
  void wake();

  struct Stats {
    std::uint64_t stored = 0;     // deliveries queued
    std::uint64_t delivered = 0;  // 2xx answers
    std::uint64_t failed_tries = 0;
    std::uint64_t gave_up = 0;
    std::uint64_t dropped_events = 0;  // intake full
  };
  Stats stats() const;

 private:
  using Event = std::variant<call::CallEvent, dialer::CampaignEvent>;
  void intake_loop();
  void worker_loop();
  void store_event(const Event& event);
  bool send_one();  // false: nothing due

  crm::Store& store_;
  WebhookSettings settings_;
  Sender sender_;
  core::Mutex mutex_;
  std::condition_variable intake_ready_;
  std::condition_variable due_;
  std::deque<Event> intake_ GUARDED_BY(mutex_);
  bool stopping_ GUARDED_BY(mutex_) = false;
  std::uint64_t wakes_ GUARDED_BY(mutex_) = 0;
  std::vector<std::thread> threads_;
  std::atomic<std::uint64_t> stored_{0}, delivered_{0}, failed_tries_{0}, gave_up_{0}, dropped_{0};
};

}  // namespace va::api
