// CallMedia::State and the keypad: RFC 4733 key presses in (DtmfCollector: one press is one
// key, lost end packets time out), keys to the AI as realtimeInput text, the AI's send_dtmf
// (RFC 4733 when negotiated, else SIP INFO through the call) and send_sms (through the call).
#include <fmt/format.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "call/call_media_state.h"
#include "call/dtmf_info.h"

namespace va::call {
namespace {

constexpr std::uint16_t kDtmfOutDuration = 800;  // 100 ms at 8 kHz: what phones send
constexpr std::uint8_t kDtmfOutVolume = 10;      // -10 dBm0

// The string argument `name` of a tool call, if there is one.
std::optional<std::string> string_arg(const std::string& args_json, const char* name) {
  boost::system::error_code ec;
  auto v = boost::json::parse(args_json, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto* a = v.as_object().if_contains(name);
  if (!a || !a->is_string()) return std::nullopt;
  return std::string(a->as_string());
}

std::string refused(const std::string& reason) {
  return boost::json::serialize(boost::json::object{{"accepted", false}, {"reason", reason}});
}

}  // namespace

void CallMedia::State::on_telephone_event(const rtp::TelephoneEventNotice& n) {
  InCallback in(*this);
  if (stopped || hold) return;
  const auto before = dtmf.stats();
  const auto key = dtmf.on_notice(n, clock.now());
  const auto after = dtmf.stats();
  if (after.ignored_unknown != before.ignored_unknown ||
      after.ignored_duration != before.ignored_duration) {
    VA_LOG(config.log, info, "telephone-event ignored: event {} duration {}", n.event, n.duration);
  }
  if (key) deliver_dtmf(*key);
  arm_dtmf_timer();
}

void CallMedia::State::arm_dtmf_timer() {
  const auto deadline = dtmf.deadline();
  if (!deadline || stopped) return;
  dtmf_timer.expires_after(std::chrono::duration_cast<std::chrono::nanoseconds>(
      std::max(*deadline - clock.now(), core::Clock::Duration::zero())));
  dtmf_timer.async_wait(
      [this, weak = std::weak_ptr<bool>(alive)](const boost::system::error_code& ec) {
        auto a = weak.lock();
        if (ec || !a || !*a) return;
        on_dtmf_timer();
      });
}

void CallMedia::State::on_dtmf_timer() {
  if (stopped) return;
  if (auto key = dtmf.poll(clock.now())) {
    VA_LOG(config.log, info, "telephone-event {} without an end packet: taken at the timeout",
           *key);
    deliver_dtmf(*key);
  }
  arm_dtmf_timer();
}

void CallMedia::State::deliver_dtmf(char key) {
  ++stats.dtmf_in;
  VA_LOG(config.log, info, "caller pressed {}", key);
  // No other digit in the text: the AI must read exactly the key (DESIGN.md "In the call").
  if (ai && !ai_done)
    ai->send_text(fmt::format("The caller pressed the key {} on the keypad.", key));
  if (events.on_dtmf) events.on_dtmf(key);
}

std::string CallMedia::State::send_dtmf(const std::string& args_json) {
  const auto digits = string_arg(args_json, "digits");
  if (!digits) return refused("digits is missing");
  if (auto error = dtmf_digits_error(*digits); !error.empty()) return refused(error);
  if (!started || !session) return refused("the call is not answered");
  const char* method = "rfc4733";
  if (active && active->telephone_event_pt) {
    for (char c : *digits) {
      if (!session->send_telephone_event(static_cast<std::uint8_t>(dtmf_event_code(c)),
                                         kDtmfOutDuration, kDtmfOutVolume))
        return refused("too many keys queued");
    }
  } else {
    method = "info";
    if (!events.on_send_dtmf_info || !events.on_send_dtmf_info(*digits))
      return refused("no telephone-event and no dialog for SIP INFO");
  }
  stats.dtmf_out += digits->size();
  VA_LOG(config.log, info, "sending DTMF {} by {}", *digits, method);
  return boost::json::serialize(boost::json::object{{"accepted", true}, {"method", method}});
}

std::string CallMedia::State::send_sms(const std::string& args_json) {
  const auto text = string_arg(args_json, "text");
  if (!text) return refused("text is missing");
  if (auto error = sms_text_error(*text); !error.empty()) return refused("text: " + error);
  if (!events.on_send_sms) return refused("not supported");
  events.on_send_sms(*text);
  return R"({"accepted":true})";
}

}  // namespace va::call
