// CallControlAdapter: status codes follow what a client should do next: 422 fix the request,
// 409 fix the account, 429 wait for a call to end, 503 the node cannot take it now.
#include "app/call_control_adapter.h"

#include <future>
#include <memory>
#include <vector>

#include "ai/errc.h"
#include "call/call_manager.h"
#include "call/errc.h"
#include "media/wav.h"

namespace va::app {

api::ApiError CallControlAdapter::to_api_error(const std::error_code& ec) {
  if (ec.category() != call::call_category()) return api::from_crm(ec, "call");
  const std::string message = ec.message();
  switch (static_cast<call::Errc>(ec.value())) {
    case call::Errc::NodeLimit:
      return {503, "node_busy", message};
    case call::Errc::OwnerLimit:
    case call::Errc::TenantLimit:
      return {429, "too_many_calls", message};
    case call::Errc::MonthlyMinutes:
      return {403, "monthly_minutes_exhausted", message};
    case call::Errc::InvalidTarget:
      return {422, "invalid_field", "to: " + message};
    case call::Errc::NoTrunk:
      return {503, "no_trunk", message};
    case call::Errc::NoKey:
      return {409, "no_api_key", message};
    case call::Errc::PortsExhausted:
      return {503, "no_ports", message};
    case call::Errc::NotLive:
      return {409, "not_live", message};
    case call::Errc::ShuttingDown:
      return {503, "shutting_down", message};
  }
  return {500, "internal", message};
}

namespace {
api::ApiError unavailable() {
  return {503, "calls_unavailable", "the call layer is not running on this node"};
}
}  // namespace

api::ApiResult<crm::Id> CallControlAdapter::place_call(const api::PlaceCallRequest& request) {
  auto* calls = calls_.load();
  if (!calls) return unavailable();
  // A draining node takes no new call; the client may place it through another node.
  if (draining_ && draining_->load())
    return api::ApiError{503, "node_draining", "this node is draining: use another node"};
  auto id = calls->place_call({request.owner, request.to, request.lead_id, request.campaign_id,
                               request.agent, request.agent_profile_id});
  if (!id) return to_api_error(id.error());
  return api::ApiResult<crm::Id>(boost::system::in_place_value, *id);
}

api::ApiResult<void> CallControlAdapter::check_ai(const crm::User& owner) {
  auto* calls = calls_.load();
  if (!calls) return unavailable();
  if (auto ec = calls->check_ai(owner)) return to_api_error(ec);
  return {};
}

api::ApiResult<void> CallControlAdapter::hangup(crm::Id call_id) {
  auto* calls = calls_.load();
  if (!calls) return unavailable();
  if (auto ec = calls->hangup(call_id)) return to_api_error(ec);
  return {};
}

api::ApiResult<api::SmsResult> CallControlAdapter::send_sms(crm::Id call_id,
                                                            const std::string& text) {
  auto* calls = calls_.load();
  if (!calls) return unavailable();
  auto result = std::make_shared<std::promise<api::SmsResult>>();
  auto answered = result->get_future();
  if (auto ec = calls->send_sms(call_id, text, [result](int status, std::string reason) {
        result->set_value(api::SmsResult{status, std::move(reason)});
      })) {
    return to_api_error(ec);
  }
  // Timer F (64*T1 = 32 s) bounds the transaction; a little more for the post to the shard.
  if (answered.wait_for(std::chrono::seconds(40)) != std::future_status::ready)
    return api::ApiError{504, "sms_timeout", "the gateway did not answer the MESSAGE in time"};
  return answered.get();
}

api::ApiResult<call::TransferResult> CallControlAdapter::transfer(
    crm::Id call_id, const call::TransferRequest& request) {
  auto* calls = calls_.load();
  if (!calls) return unavailable();
  auto result = std::make_shared<std::promise<call::TransferResult>>();
  auto answered = result->get_future();
  if (auto ec = calls->transfer(call_id, request, [result](call::TransferResult r) {
        result->set_value(std::move(r));
      })) {
    return to_api_error(ec);
  }
  // The REFER's transaction ends within Timer F (32 s); a little more for the post to the shard.
  if (answered.wait_for(std::chrono::seconds(40)) != std::future_status::ready)
    return api::ApiError{504, "transfer_timeout", "the far end did not answer the REFER in time"};
  return answered.get();
}

api::ApiResult<std::string> CallControlAdapter::greeting_preview(const crm::User& owner,
                                                                 const crm::AgentConfig& agent) {
  auto* calls = calls_.load();
  if (!calls) return unavailable();
  auto greeting = calls->preview_greeting(owner, agent);
  if (!greeting) {
    const auto ec = greeting.error();
    // Neither espeak-ng nor Gemini TTS produced audio: the renderer's own words.
    if (ec.category() == ai::ai_category())
      return api::ApiError{502, "greeting_failed",
                           "the greeting could not be rendered: " + ec.message()};
    return to_api_error(ec);
  }
  std::vector<std::int16_t> pcm;
  pcm.reserve((*greeting)->frames.size() * ai::Greeting::kFrameSamples);
  for (const auto& frame : (*greeting)->frames)
    pcm.insert(pcm.end(), frame.begin(), frame.end());
  return api::ApiResult<std::string>(boost::system::in_place_value,
                                     media::wav_bytes(pcm, ai::Greeting::kRate));
}

std::optional<api::LiveCallView> CallControlAdapter::live(crm::Id call_id) const {
  auto* calls = calls_.load();
  if (!calls) return std::nullopt;
  auto live = calls->live_calls().find(call_id);
  if (!live) return std::nullopt;
  return api::LiveCallView{live->status, live->media, live->greeting_latency_ms};
}

}  // namespace va::app
