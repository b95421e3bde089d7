// Call and the transfer to a person (issue 15), blind, by REFER (RFC 3515): the target is
// checked against the allowed targets (transfer_targets.h), the caller hears "please hold"
// (again every few seconds while it runs), the far end's 202 and its NOTIFY message/sipfrag
// progress decide: a 2xx sipfrag ends our leg (outcome `transferred`). A refused REFER, or a
// failure sipfrag that is not the person's own answer, falls back to the bridge
// (call_bridge.cc). A busy/declining person, a failed bridge or no final NOTIFY in
// kTransferTimeout brings the caller back to the AI with a spoken apology, the reason on the
// record.
#include <fmt/format.h>

#include <boost/asio/post.hpp>
#include <boost/json/serialize.hpp>
#include <utility>

#include "call/bridge_leg.h"
#include "call/call.h"
#include "call/call_media.h"
#include "call/transfer_targets.h"
#include "sip/invite_session.h"
#include "sip/refer_progress.h"

namespace va::call {
namespace {

// RFC 3515 leaves it to the referrer; a person who does not pick up within the far end's own
// dial timeout gives a failure NOTIFY long before this.
constexpr auto kTransferTimeout = std::chrono::seconds(90);
// The hold message again when the caller has heard nothing for this long.
constexpr auto kHoldRepeat = std::chrono::seconds(4);

// A final sipfrag status that is the person's own answer (busy, declined, no answer): dialling
// them ourselves would get the same. Anything else (403, 404 from a gateway that cannot route,
// 5xx) is the far end failing us: the bridge is tried.
bool persons_answer(int status) {
  return status == 486 || status == 600 || status == 603 || status == 480 || status == 408 ||
         status == 487;
}

TransferResult refusal(int status, std::string code, std::string message) {
  TransferResult r;
  r.status = status;
  r.code = std::move(code);
  r.message = std::move(message);
  return r;
}

std::string header(const sip::Message& m, std::string_view name) {
  const auto* v = m.headers.get(name);
  return v ? *v : std::string();
}

}  // namespace

void Call::transfer(TransferRequest request, std::function<void(TransferResult)> done) {
  auto answer = [&done](TransferResult r) {
    if (done) done(std::move(r));
  };
  std::string why;
  auto to = normalize_transfer_target(request.to, &why);
  if (!to) return answer(refusal(400, "invalid_field", "field 'to' " + why));
  if (request.mode != "blind" && request.mode != "warm")
    return answer(refusal(400, "invalid_field", "field 'mode' must be blind or warm"));
  if (!transfer_allowed(plan_.transfer_targets, *to) &&
      !transfer_prefix_allowed(env_.settings.transfer_allow, *to)) {
    return answer(refusal(403, "transfer_not_allowed",
                          "field 'to': " + *to +
                              " is not an allowed transfer target of this call (config "
                              "transfer.allow, or transfer_targets on the user or campaign)"));
  }
  if (ending_ || !answered_ || !session_ ||
      session_->state() != sip::InviteSession::State::Confirmed)
    return answer(refusal(409, "not_live", "the call is not answered"));
  if (transfer_.running())
    return answer(refusal(409, "transfer_in_progress", "a transfer is already under way"));
  if (transfer_.status == "done")
    return answer(refusal(409, "transferred", "the call is already transferred"));
  auto uri = transfer_uri(*to, env_.settings.trunk_uri);
  if (!uri)
    return answer(
        refusal(400, "invalid_field", "field 'to' cannot be dialled: " + uri.error().message()));

  const bool warm = request.mode == "warm";
  // Warm never REFERs: the person must hear the briefing before the caller, so we dial them.
  transfer_ = TransferState{*to,      request.mode,   warm ? "bridge" : "refer",
                            "trying", request.reason, std::move(done)};
  ++transfer_generation_;
  save_transfer();
  add_transcript_line("system", request.reason.empty()
                                    ? fmt::format("Transferring to {}", *to)
                                    : fmt::format("Transferring to {}: {}", *to, request.reason));
  VA_LOG(log_, info, "transfer to {} by {} {}", *to, warm ? "a warm bridge to" : "REFER", *uri);
  // The caller hears this, not silence, while the far end works (rule: no dead air).
  if (media_ && env_.transfer_hold && *env_.transfer_hold) media_->play_prompt(*env_.transfer_hold);
  arm_hold_music();
  if (warm) return start_warm_transfer();
  const bool sent =
      session_->send_refer(*uri, [weak = weak_from_this()](int status, const std::string& reason) {
        if (auto self = weak.lock()) self->on_refer_answered(status, reason);
      });
  if (!sent) start_bridge("the dialog cannot carry a REFER");
}

std::string Call::on_transfer_tool(const std::string& to, const std::string& reason,
                                   const std::string& mode) {
  // Settled at once when refused before anything was sent; else the REFER (or the warm
  // bridge's INVITE) is out and the answer comes later (the AI hears of a failure by text,
  // transfer_failed). No mode = blind.
  auto result = std::make_shared<TransferResult>();
  transfer({to, mode.empty() ? "blind" : mode, reason.empty() ? "asked by the AI" : reason},
           [result](TransferResult r) { *result = std::move(r); });
  if (result->status != 0 && result->status != 202) {
    return boost::json::serialize(
        boost::json::object{{"accepted", false}, {"reason", result->message}});
  }
  return R"({"accepted":true,"status":"transferring; the caller hears a hold message"})";
}

void Call::on_refer_answered(int status, const std::string& reason) {
  if (!transfer_.running() || ending_) return;
  if (status / 100 == 2) {
    // 202 Accepted (or 200): the far end now calls the target; NOTIFYs tell how it goes.
    transfer_.status = "accepted";
    save_transfer();
    VA_LOG(log_, info, "REFER accepted: {} {}", status, reason);
    if (auto done = std::exchange(transfer_.done, {})) {
      TransferResult r;
      r.status = 202;
      r.to = transfer_.to;
      r.method = transfer_.method;
      r.transfer_status = transfer_.status;
      done(std::move(r));
    }
    arm_transfer_timer();
    return;
  }
  // 405/501/603 (many GSM gateways) or any failure: we dial the person ourselves.
  start_bridge(fmt::format("REFER refused: {} {}", status, reason));
}

int Call::on_notify(const sip::Message& notify) {
  // RFC 6665 4.1.3: no REFER of ours running -> no subscription for this NOTIFY.
  if (transfer_.status.empty() || transfer_.method != "refer") return 481;
  const auto p = sip::parse_refer_notify(header(notify, "Event"), notify.content_type,
                                         header(notify, "Subscription-State"), notify.body);
  if (p.verdict != sip::ReferProgress::Verdict::Ok) {
    VA_LOG(log_, info, "NOTIFY refused {}: {}", p.response_status(), p.error);
    return p.response_status();
  }
  VA_LOG(log_, info, "transfer progress: {} {}{}", p.status, p.reason,
         p.terminated ? " (final)" : "");
  if (!transfer_.running() || ending_) return 200;  // a late NOTIFY: answered, nothing to do
  if (p.status < 200) {
    if (p.terminated) post_bridge("the subscription ended without a final status");
    return 200;
  }
  if (p.status >= 300) {
    const auto why = fmt::format("the target answered {} {}", p.status, p.reason);
    if (persons_answer(p.status)) {
      transfer_failed(why);
    } else {
      post_bridge(why);
    }
    return 200;
  }
  transfer_.status = "done";
  transfer_timer_.cancel();
  save_transfer();
  add_transcript_line("system", fmt::format("Transferred to {}", transfer_.to));
  // RFC 3515 2.4.5 / 5589: the transfer is done, so we leave; after the NOTIFY's 200 is out.
  boost::asio::post(env_.shard.context(), [weak = weak_from_this()] {
    if (auto self = weak.lock()) self->end(EndReason::Transferred);
  });
  return 200;
}

void Call::transfer_failed(const std::string& why) {
  if (!transfer_.running()) return;
  transfer_timer_.cancel();
  hold_timer_.cancel();
  if (auto leg = std::exchange(bridge_, {})) leg->hang_up();
  transfer_.status = "failed";
  transfer_.reason = why;
  save_transfer();
  VA_LOG(log_, warn, "transfer to {} failed: {}", transfer_.to, why);
  add_transcript_line("system", fmt::format("Transfer to {} failed: {}", transfer_.to, why));
  if (auto done = std::exchange(transfer_.done, {}))
    done(refusal(502, "transfer_refused", "the transfer to " + transfer_.to + " failed: " + why));
  if (ending_ || !media_) return;
  if (env_.transfer_apology && *env_.transfer_apology) media_->play_prompt(*env_.transfer_apology);
  media_->tell_ai(fmt::format(
      "The transfer to {} did not work ({}). The caller is still with you: apologise briefly "
      "and go on helping them.",
      transfer_.to, why));
}

void Call::arm_transfer_timer() {
  transfer_timer_.expires_after(kTransferTimeout);
  transfer_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    if (ec) return;
    if (auto self = weak.lock()) self->transfer_failed("no final NOTIFY from the far end");
  });
}

void Call::post_bridge(const std::string& why) {
  // After our NOTIFY's 200 is out: the bridge's INVITE should not race it.
  boost::asio::post(env_.shard.context(), [weak = weak_from_this(), why] {
    auto self = weak.lock();
    if (self && self->transfer_.running() && !self->ending_ && self->transfer_.method == "refer")
      self->start_bridge(why);
  });
}

void Call::arm_hold_music() {
  hold_timer_.expires_after(kHoldRepeat);
  hold_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    auto self = weak.lock();
    if (ec || !self || self->ending_ || !self->transfer_.running() || !self->media_) return;
    const auto& hold = self->env_.transfer_hold;
    if (hold && *hold && self->media_->queued_frames() == 0) self->media_->play_prompt(*hold);
    self->arm_hold_music();
  });
}

void Call::save_transfer() {
  const auto t = transfer_;
  record_->update([to = t.to, mode = t.mode, method = t.method, status = t.status,
                   reason = t.reason](crm::Call& c) {
    c.transfer_to = to;
    c.transfer_mode = mode;
    c.transfer_method = method;
    c.transfer_status = status;
    c.transfer_reason = reason;
  });
}

}  // namespace va::call
