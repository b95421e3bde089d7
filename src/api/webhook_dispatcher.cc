// WebhookDispatcher: one intake thread (events in order into the database), `workers` sender
// threads (due deliveries out). Nothing here runs on a shard or an HTTP handler's thread.
#include "api/webhook_dispatcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>

#include "api/views.h"
#include "api/webhook_signature.h"

namespace va::api {
namespace {

constexpr auto kRecordWait = std::chrono::seconds(2);
constexpr auto kRecordPoll = std::chrono::milliseconds(50);

std::int64_t to_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

bool subscribed(const crm::Webhook& w, const std::string& name) {
  return std::find(w.events.begin(), w.events.end(), name) != w.events.end();
}

// The event's own facts over the stored record: the record writer may still be saving them.
void overlay_ended(crm::Call& c, const call::CallEvent& e) {
  c.status = e.status;
  if (!e.end_reason.empty()) c.end_reason = e.end_reason;
  if (!e.outcome.empty()) c.outcome = e.outcome;
  if (c.ended_at == 0) c.ended_at = to_ms(e.at);
  if (e.media) {
    c.local_rtp_port = e.media->local_rtp_port;
    c.remote_rtp = e.media->remote_rtp;
    c.ssrc_in = e.media->ssrc_in;
    c.ssrc_out = e.media->ssrc_out;
    if (!e.media->key_fingerprint.empty()) c.key_fingerprint = e.media->key_fingerprint;
    c.packets_in = static_cast<std::int64_t>(e.media->packets_in);
    c.packets_out = static_cast<std::int64_t>(e.media->packets_out);
    c.packets_dropped_foreign = static_cast<std::int64_t>(e.media->packets_dropped_foreign);
  }
  if (e.greeting_latency_ms) c.greeting_latency_ms = *e.greeting_latency_ms;
}

// The call as GET /api/calls/{id} shows it; for call.ended once the record says so (or the
// wait ran out: then with the event's facts laid over it).
core::Result<crm::Call> read_call(crm::Store& store, const call::CallEvent& e) {
  const bool ended = e.type == call::CallEventType::Ended;
  const auto deadline = std::chrono::steady_clock::now() + kRecordWait;
  for (;;) {
    auto c = store.get_call(e.call_id);
    if (!c) return c;
    if (!ended || c->status == crm::CallStatus::Ended ||
        std::chrono::steady_clock::now() >= deadline) {
      if (ended) overlay_ended(*c, e);
      return c;
    }
    std::this_thread::sleep_for(kRecordPoll);
  }
}

}  // namespace

const std::vector<std::string>& webhook_event_names() {
  static const std::vector<std::string> kNames = {"call.ended", "call.analyzed", "campaign.done"};
  return kNames;
}

std::chrono::milliseconds webhook_retry_delay(const WebhookSettings& s, std::int64_t attempt) {
  auto delay = s.first_retry;
  for (std::int64_t i = 1; i < attempt && delay < s.max_retry; ++i)
    delay *= 2;
  return std::min(delay, s.max_retry);
}

WebhookDispatcher::WebhookDispatcher(crm::Store& store, WebhookSettings settings, Sender sender)
    : store_(store), settings_(settings), sender_(std::move(sender)) {
  if (!sender_) sender_ = send_webhook;
}

WebhookDispatcher::~WebhookDispatcher() {
  stop();
}

void WebhookDispatcher::start() {
  if (!threads_.empty()) return;
  threads_.emplace_back([this] { intake_loop(); });
  for (int i = 0; i < std::max(1, settings_.workers); ++i)
    threads_.emplace_back([this] { worker_loop(); });
}

void WebhookDispatcher::stop() {
  {
    core::MutexLock lock(mutex_);
    stopping_ = true;
  }
  intake_ready_.notify_all();
  due_.notify_all();
  for (auto& t : threads_)
    t.join();
  threads_.clear();
}

void WebhookDispatcher::on_call_event(const call::CallEvent& event) {
  // Only the kinds an endpoint can name are worth a database look-up.
  const std::string name = "call." + std::string(call::to_string(event.type));
  const auto& names = webhook_event_names();
  if (std::find(names.begin(), names.end(), name) == names.end()) return;
  {
    core::MutexLock lock(mutex_);
    if (intake_.size() >= settings_.max_intake) {
      dropped_.fetch_add(1);
      return;
    }
    intake_.emplace_back(event);
  }
  intake_ready_.notify_one();
}

void WebhookDispatcher::on_campaign_event(const dialer::CampaignEvent& event) {
  if (event.kind != "done") return;
  {
    core::MutexLock lock(mutex_);
    if (intake_.size() >= settings_.max_intake) {
      dropped_.fetch_add(1);
      return;
    }
    intake_.emplace_back(event);
  }
  intake_ready_.notify_one();
}

void WebhookDispatcher::wake() {
  {
    core::MutexLock lock(mutex_);
    ++wakes_;
  }
  due_.notify_all();
}

WebhookDispatcher::Stats WebhookDispatcher::stats() const {
  return {stored_.load(), delivered_.load(), failed_tries_.load(), gave_up_.load(),
          dropped_.load()};
}

void WebhookDispatcher::intake_loop() {
  for (;;) {
    Event event;
    {
      core::MutexLock lock(mutex_);
      while (!stopping_ && intake_.empty())
        lock.wait(intake_ready_);
      // Stopping drains what was queued: the call layer stopped first, and its last calls'
      // call.ended events are in here.
      if (intake_.empty()) return;
      event = std::move(intake_.front());
      intake_.pop_front();
    }
    try {
      store_event(event);
    } catch (const std::exception& e) {
      spdlog::error("webhooks: storing an event failed: {}", e.what());
    }
  }
}

void WebhookDispatcher::store_event(const Event& event) {
  namespace json = boost::json;
  crm::WebhookDelivery d;
  crm::Id owner = 0;
  crm::Id parent = 0;
  if (const auto* c = std::get_if<call::CallEvent>(&event)) {
    d.event = "call." + std::string(call::to_string(c->type));
    d.call_id = c->call_id;
    d.order_key = "call:" + std::to_string(c->call_id);
    owner = c->owner_id;
    parent = c->owner_parent_id;
  } else {
    const auto& k = std::get<dialer::CampaignEvent>(event);
    d.event = "campaign." + k.kind;
    d.campaign_id = k.campaign_id;
    d.order_key = "campaign:" + std::to_string(k.campaign_id);
    owner = k.owner_id;
    parent = k.owner_parent_id;
  }
  auto hooks = store_.webhooks_for_owner(owner, parent);
  if (!hooks) {
    spdlog::error("webhooks: endpoints of user {}: {}", owner, hooks.error().message());
    return;
  }
  std::erase_if(*hooks, [&](const crm::Webhook& w) { return !subscribed(w, d.event); });
  if (hooks->empty()) return;

  json::object body{{"event", d.event}};
  if (const auto* c = std::get_if<call::CallEvent>(&event)) {
    auto call = read_call(store_, *c);
    if (!call) {
      spdlog::warn("webhooks: {} of call {}: no record: {}", d.event, c->call_id,
                   call.error().message());
      return;
    }
    auto lines = store_.transcript(c->call_id);
    if (!lines) return;
    d.campaign_id = call->campaign_id;
    body["call_id"] = c->call_id;
    body["call"] = call_view(*call, &*lines);
    // As GET /api/calls/{id} shows it (DESIGN: the body's call is that view).
    set_agent_profile_id(body["call"], store_.call_agent_profile(call->id));
  } else {
    auto campaign = store_.get_campaign(d.campaign_id);
    if (!campaign) return;
    body["campaign_id"] = d.campaign_id;
    body["campaign"] = campaign_view(*campaign);
  }
  d.body = json::serialize(body);
  d.created_at = crm::now_ms();
  d.next_attempt_at = d.created_at;
  for (const auto& w : *hooks) {
    d.webhook_id = w.id;
    if (auto id = store_.enqueue_webhook_delivery(d); !id) {
      spdlog::error("webhooks: queueing {} for endpoint {}: {}", d.event, w.id,
                    id.error().message());
      continue;
    }
    stored_.fetch_add(1);
  }
  due_.notify_all();
}

void WebhookDispatcher::worker_loop() {
  for (;;) {
    std::uint64_t seen = 0;
    {
      core::MutexLock lock(mutex_);
      if (stopping_) return;
      seen = wakes_;
    }
    bool sent = false;
    try {
      sent = send_one();
    } catch (const std::exception& e) {
      spdlog::error("webhooks: a delivery failed: {}", e.what());
    }
    if (sent) continue;
    core::MutexLock lock(mutex_);
    const auto until = std::chrono::steady_clock::now() + settings_.poll;
    while (!stopping_ && wakes_ == seen) {
      if (lock.wait_until(due_, until) == std::cv_status::timeout) break;
    }
  }
}

bool WebhookDispatcher::send_one() {
  const auto now = crm::now_ms();
  // The lease outlasts the try: a worker that dies mid-try leaves it due again after this.
  const auto lease = now + 2 * settings_.timeout.count() + 5000;
  auto claimed = store_.claim_webhook_delivery(now, lease);
  if (!claimed) {
    spdlog::error("webhooks: claiming a delivery: {}", claimed.error().message());
    return false;
  }
  if (!*claimed) return false;
  const crm::WebhookDelivery& d = **claimed;
  crm::WebhookTryResult result;
  auto& a = result.attempt;
  a.delivery_id = d.id;
  a.webhook_id = d.webhook_id;
  a.attempt = d.attempts + 1;
  a.at = crm::now_ms();

  auto hook = store_.get_webhook(d.webhook_id);
  WebhookResponse answer;
  if (!hook) {
    answer.error = "endpoint gone";
  } else if (auto url = parse_webhook_url(hook->url); !url) {
    answer.error = url.error().message;
  } else {
    const auto ts = a.at / 1000;
    WebhookRequest req{*url,
                       {{kWebhookEventHeader, d.event},
                        {kWebhookTimestampHeader, std::to_string(ts)},
                        {kWebhookSignatureHeader, webhook_signature(hook->secret, ts, d.body)},
                        {kWebhookDeliveryHeader, std::to_string(d.id)}},
                       d.body,
                       settings_.timeout};
    answer = sender_(req);
  }
  const auto done = crm::now_ms();
  a.duration_ms = done - a.at;
  a.status_code = answer.status;
  const bool ok = answer.status >= 200 && answer.status < 300;
  if (ok) {
    result.status = "delivered";
    delivered_.fetch_add(1);
  } else {
    a.error = !answer.error.empty()
                  ? answer.error
                  : "HTTP " + std::to_string(answer.status) +
                        (answer.body.empty() ? "" : ": " + answer.body.substr(0, 200));
    failed_tries_.fetch_add(1);
    const auto give_up_at = d.created_at + settings_.give_up_after.count();
    const auto next = done + webhook_retry_delay(settings_, a.attempt).count();
    if (done >= give_up_at) {
      result.status = "failed";
      gave_up_.fetch_add(1);
      spdlog::warn("webhooks: gave up delivery {} ({} of call {}) after {} tries", d.id, d.event,
                   d.call_id, a.attempt);
    } else {
      result.status = "pending";
      result.next_attempt_at = std::min(next, give_up_at);
    }
  }
  if (auto r = store_.finish_webhook_try(result); !r) {
    spdlog::error("webhooks: recording try {} of delivery {}: {}", a.attempt, d.id,
                  r.error().message());
  }
  return true;
}

}  // namespace va::api
