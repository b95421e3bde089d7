// Call and the transfer's fallback bridge (issue 15): when the far end refuses our REFER
// (405/501/603, as many GSM gateways do) or its NOTIFY reports a failure that is not the
// person's answer, the server dials the person itself (BridgeLeg, through the trunk) and
// connects the two legs' media through our RTP engine: caller audio -> the person, the
// person's audio -> the caller. Each leg keeps its own port, RtpSession, SSRC and source lock;
// the AI session is stopped once the person answers. Either side hanging up ends both; the
// call ends `transferred`. A person who does not answer (busy, no answer, rejected) gets the
// caller the apology and the call goes on with the AI.
#include <fmt/format.h>

#include <boost/asio/post.hpp>
#include <utility>

#include "call/bridge_leg.h"
#include "call/call.h"
#include "call/call_media.h"
#include "call/transfer_targets.h"

namespace va::call {

void Call::start_bridge(const std::string& why) {
  auto uri = transfer_uri(transfer_.to, env_.settings.trunk_uri);
  if (!uri) return transfer_failed(why + "; no bridge: " + uri.error().message());
  const bool warm = transfer_.mode == "warm";
  if (!warm) {
    // Blind: the bridge is the fallback, and why it is needed is the record's reason. Warm
    // keeps its own reason (the asker's); the briefing says it.
    transfer_.refer_failure = why;
    transfer_.reason = why;
  }
  transfer_.method = "bridge";
  transfer_.status = "dialing";
  transfer_timer_.cancel();
  save_transfer();
  VA_LOG(log_, info, "transfer: {}; bridging: dialling {} ourselves", why, *uri);
  auto log = log_;
  log.call_id += "/bridge";
  auto weak = weak_from_this();
  BridgeLegEvents events;
  events.on_answered = [weak] {
    if (auto self = weak.lock()) self->on_bridge_answered();
  };
  events.on_failed = [weak](int, const std::string& reason) {
    if (auto self = weak.lock()) self->on_bridge_failed(reason);
  };
  events.on_ended = [weak](const std::string& reason) {
    if (auto self = weak.lock()) self->on_bridge_ended(reason);
  };
  // The person's voice to the caller (CallMedia rule 8, the AI's path), once connected: not
  // what they say while a warm transfer's briefing plays to them.
  events.on_audio = [weak](media::AudioFrame frame) {
    auto self = weak.lock();
    if (self && self->media_ && !self->ending_ && self->transfer_.status == "done")
      self->media_->push_audio(std::move(frame));
  };
  BridgeLegEnv leg_env{env_.shard, env_.dialogs,  env_.pacer,
                       env_.ports, env_.settings, env_.new_call_id};
  bridge_ = BridgeLeg::create(std::move(leg_env), std::move(log), *uri, std::move(events));
  if (auto ec = bridge_->dial()) {
    bridge_.reset();
    transfer_failed(why + "; the bridge could not dial: " + ec.message());
    return;
  }
  // The asker (REST or the AI's tool) hears that the transfer is under way, by bridge.
  if (auto done = std::exchange(transfer_.done, {})) {
    TransferResult r;
    r.status = 202;
    r.to = transfer_.to;
    r.method = transfer_.method;
    r.transfer_status = transfer_.status;
    done(std::move(r));
  }
}

void Call::on_bridge_answered() {
  if (!transfer_.running() || ending_ || !media_ || !bridge_) return;
  if (transfer_.mode == "warm") {
    transfer_.status = "briefing";
    save_transfer();
    brief_person();
    return;
  }
  connect_bridge();
}

void Call::connect_bridge() {
  if (!transfer_.running() || ending_ || !media_ || !bridge_) return;
  // Caller -> person. The AI stops here: the caller now talks to a person.
  media_->bridge([weak = std::weak_ptr<BridgeLeg>(bridge_)](media::AudioFrame frame) {
    if (auto leg = weak.lock()) leg->push_audio(std::move(frame));
  });
  hold_timer_.cancel();
  transfer_.status = "done";
  save_transfer();
  const auto f = bridge_->facts();
  VA_LOG(log_, info, "bridged to {}: leg port {}, remote {}, ssrc out {:08x}", transfer_.to,
         f.local_rtp_port, f.remote_rtp, f.ssrc_out);
  add_transcript_line("system", transfer_.mode == "warm"
                                    ? fmt::format("Transferred to {} (warm: briefed, then "
                                                  "connected)",
                                                  transfer_.to)
                                    : fmt::format("Transferred to {} (bridged: the far end "
                                                  "refused the REFER)",
                                                  transfer_.to));
}

void Call::on_bridge_failed(const std::string& why) {
  bridge_.reset();
  transfer_failed(transfer_.refer_failure.empty()
                      ? "the person's line: " + why
                      : fmt::format("{}; bridge: {}", transfer_.refer_failure, why));
}

void Call::on_bridge_ended(const std::string& why) {
  VA_LOG(log_, info, "bridge leg ended: {}", why);
  if (transfer_.status != "done" && transfer_.running()) {
    // A warm transfer's person who hung up during the briefing: the caller stays with the AI.
    // The leg is released after this handler (we are inside one of its callbacks).
    boost::asio::post(env_.shard.context(), [leg = std::exchange(bridge_, {})] {});
    transfer_failed("the person hung up before being connected: " + why);
    return;
  }
  end(EndReason::Transferred);
}

}  // namespace va::call
