// FakeCallControl: one timer thread plays every fake call; the record is written at each
// step so GET /api/calls/{id} and the history agree with the events.
#include "fake_call_control.h"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cmath>
#include <numbers>
#include <vector>

#include "media/wav.h"

namespace va::testing {

struct FakeCallControl::Live {
  crm::Call record;
  crm::Id parent_id = 0;
  call::MediaFacts media;
  bool hangup_requested = false;
  std::unique_ptr<boost::asio::steady_timer> timer;
};

FakeCallControl::FakeCallControl(crm::Store& store, call::CallEventSink& sink,
                                 std::chrono::milliseconds step)
    : store_(store), sink_(sink), step_(step), work_(io_.get_executor()) {
  thread_ = std::thread([this] { io_.run(); });
}

FakeCallControl::~FakeCallControl() {
  work_.reset();
  io_.stop();
  thread_.join();
}

api::ApiResult<crm::Id> FakeCallControl::place_call(const api::PlaceCallRequest& req) {
  auto c = std::make_shared<Live>();
  c->record.owner_id = req.owner.id;
  c->record.direction = "outbound";
  c->record.to = req.to;
  c->record.from = "+10000000000";
  c->record.lead_id = req.lead_id;
  c->record.campaign_id = req.campaign_id;
  c->record.status = crm::CallStatus::Dialing;
  c->record.created_at = crm::now_ms();
  c->record.key_fingerprint = req.owner.key_fingerprint;
  c->parent_id = req.owner.parent_id;
  auto id = store_.create_call(c->record);
  if (!id) return api::ApiError{500, "internal", "cannot store the call"};
  c->record.id = *id;
  // Per-call media identity, distinct for every call, as the real layer's would be.
  c->media.local_rtp_port = 20000 + 2 * (*id % 1000);
  c->media.remote_rtp = "127.0.0.1:" + std::to_string(40000 + *id % 1000);
  c->media.ssrc_in = 0x10000000u + static_cast<std::uint32_t>(*id);
  c->media.ssrc_out = 0x20000000u + static_cast<std::uint32_t>(*id);
  c->media.key_fingerprint = req.owner.key_fingerprint;
  c->timer = std::make_unique<boost::asio::steady_timer>(io_);
  {
    std::lock_guard lock(mu_);
    live_[*id] = c;
  }
  boost::asio::post(io_, [this, c] { play(c, 0); });
  return api::ApiResult<crm::Id>(boost::system::in_place_value, *id);
}

api::ApiResult<void> FakeCallControl::hangup(crm::Id call_id) {
  std::shared_ptr<Live> c;
  {
    std::lock_guard lock(mu_);
    auto it = live_.find(call_id);
    if (it == live_.end()) return api::ApiError{404, "not_live", "the call already ended"};
    c = it->second;
  }
  boost::asio::post(io_, [this, c] {
    if (c->record.status != crm::CallStatus::Ended) finish(c, "local_hangup");
  });
  return {};
}

std::optional<api::LiveCallView> FakeCallControl::live(crm::Id call_id) const {
  std::lock_guard lock(mu_);
  auto it = live_.find(call_id);
  if (it == live_.end()) return std::nullopt;
  return api::LiveCallView{it->second->record.status, it->second->media, std::nullopt};
}

api::ApiResult<std::string> FakeCallControl::greeting_preview(const crm::User&,
                                                              const crm::AgentConfig& agent) {
  // 60 ms per character, like a speaking voice, at 8 kHz.
  std::vector<std::int16_t> pcm(std::min<std::size_t>(agent.greeting.size() * 480, 80000));
  for (std::size_t i = 0; i < pcm.size(); ++i)
    pcm[i] = static_cast<std::int16_t>(
        8000 * std::sin(2 * std::numbers::pi * 440 * static_cast<double>(i) / 8000));
  return api::ApiResult<std::string>(boost::system::in_place_value, media::wav_bytes(pcm, 8000));
}

void FakeCallControl::finish(const std::shared_ptr<Live>& c, const std::string& reason) {
  c->timer->cancel();
  c->record.status = crm::CallStatus::Ended;
  c->record.end_reason = reason;
  c->record.outcome = reason == "remote_bye" ? "completed" : "hung_up";
  c->record.ended_at = crm::now_ms();
  (void)store_.update_call(c->record);
  call::CallEvent e;
  e.type = call::CallEventType::Ended;
  e.call_id = c->record.id;
  e.owner_id = c->record.owner_id;
  e.owner_parent_id = c->parent_id;
  e.at = std::chrono::system_clock::now();
  e.status = crm::CallStatus::Ended;
  e.end_reason = reason;
  e.media = c->media;
  sink_.publish(e);
  std::lock_guard lock(mu_);
  live_.erase(c->record.id);
}

void FakeCallControl::play(std::shared_ptr<Live> c, int step) {
  if (c->record.status == crm::CallStatus::Ended) return;
  call::CallEvent e;
  e.call_id = c->record.id;
  e.owner_id = c->record.owner_id;
  e.owner_parent_id = c->parent_id;
  e.at = std::chrono::system_clock::now();
  e.direction = "outbound";
  e.peer = c->record.to;
  const std::string lines[][2] = {
      {"agent", "Hello, this is your assistant calling " + c->record.to + "."},
      {"caller", "Hi, who is this? (call " + std::to_string(c->record.id) + ")"},
      {"agent", "I am calling about your enquiry. Is now a good time?"},
      {"caller", "Yes, go ahead."},
  };
  constexpr int kLines = 4;
  if (step == 0) {
    e.type = call::CallEventType::Created;
    e.status = crm::CallStatus::Dialing;
  } else if (step == 1) {
    e.type = call::CallEventType::Ringing;
    e.status = c->record.status = crm::CallStatus::Ringing;
    c->record.ringing_at = crm::now_ms();
  } else if (step == 2) {
    e.type = call::CallEventType::Answered;
    e.status = c->record.status = crm::CallStatus::Active;
    c->record.answered_at = crm::now_ms();
    c->record.local_rtp_port = c->media.local_rtp_port;
    c->record.remote_rtp = c->media.remote_rtp;
    c->record.ssrc_in = c->media.ssrc_in;
    c->record.ssrc_out = c->media.ssrc_out;
    e.media = c->media;
  } else if (step < 3 + kLines) {
    const auto& l = lines[step - 3];
    e.type = call::CallEventType::Transcript;
    e.status = crm::CallStatus::Active;
    e.who = l[0];
    e.text = l[1];
    (void)store_.append_transcript(c->record.id, {l[0], l[1], crm::now_ms()});
    c->media.packets_in += 50;
    c->media.packets_out += 50;
  } else {
    c->record.packets_in = static_cast<std::int64_t>(c->media.packets_in);
    c->record.packets_out = static_cast<std::int64_t>(c->media.packets_out);
    finish(c, "remote_bye");
    return;
  }
  (void)store_.update_call(c->record);
  sink_.publish(e);
  c->timer->expires_after(step_);
  c->timer->async_wait([this, c, step](const boost::system::error_code& ec) {
    if (!ec) play(c, step + 1);
  });
}

}  // namespace va::testing
