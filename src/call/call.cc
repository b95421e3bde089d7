// Call: the life of one call on its shard. See call.h for the rules; the numbers below refer
// to them. The phases live beside this file: outbound_setup.cc, inbound_setup.cc,
// call_media_binding.cc, end_of_call_policy.cc; transcript lines come from TranscriptJoiner.
#include "call/call.h"

#include <fmt/format.h>

#include <boost/asio/post.hpp>
#include <utility>

#include "call/bridge_leg.h"
#include "call/call_media.h"
#include "call/usage_cost.h"
#include "sip/incoming_call.h"
#include "sip/invite_session.h"
#include "sip/outgoing_call.h"
#include "sip/sdp/serializer.h"

namespace va::call {
namespace {

constexpr auto kFactsInterval = std::chrono::seconds(1);

std::string session_id_for(crm::Id id) {
  return std::to_string(3'900'000'000ULL + static_cast<std::uint64_t>(id));
}

}  // namespace

std::shared_ptr<Call> Call::create(CallEnv env, CallPlan plan) {
  return std::shared_ptr<Call>(new Call(std::move(env), std::move(plan)));
}

Call::Call(CallEnv env, CallPlan plan)
    : env_(std::move(env)),
      plan_(std::move(plan)),
      status_(plan_.record.status),
      negotiator_(session_id_for(plan_.record.id), 1, "voiceagent"),
      max_duration_timer_(env_.shard.context()),
      facts_timer_(env_.shard.context()),
      playout_timer_(env_.shard.context()),
      transcript_([this](const std::string& who, const std::string& text) {
        add_transcript_line(who, text);
      }),
      failover_(env_.settings.failover, plan_.failover),
      voicemail_timer_(env_.shard.context()),
      transfer_timer_(env_.shard.context()),
      hold_timer_(env_.shard.context()) {
  log_.call_id = std::to_string(plan_.record.id);
  log_.sip_call_id = plan_.record.sip_call_id;
  log_.shard = env_.shard.index();
  record_ = CallRecordWriter::create(env_.store, env_.db, plan_.record, log_,
                                     env_.settings.auto_analysis);
}

Call::~Call() = default;

std::int64_t Call::now_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

MediaFacts Call::facts() const {
  MediaFacts f = media_ ? media_->facts() : MediaFacts{};
  f.key_fingerprint = plan_.key_fingerprint;
  return f;
}

// The one place a call's status changes: the call, its live entry (while live) and its record
// move together. The record's other changes of the moment go in `more`, in the same write.
void Call::set_status(crm::CallStatus status, std::function<void(crm::Call&)> more) {
  status_ = status;
  if (crm::is_live(status)) env_.live.update(id(), [status](LiveCall& c) { c.status = status; });
  record_->update([status, more = std::move(more)](crm::Call& c) {
    c.status = status;
    if (more) more(c);
  });
}

void Call::publish(CallEventType type, const std::function<void(CallEvent&)>& fill) {
  CallEvent e;
  e.type = type;
  e.call_id = plan_.record.id;
  e.owner_id = plan_.owner.id;
  e.owner_parent_id = plan_.owner.parent_id;
  e.at = std::chrono::system_clock::now();
  e.status = status_;
  e.direction = plan_.record.direction;
  e.peer = plan_.record.direction == "inbound" ? plan_.record.from : plan_.record.to;
  if (fill) fill(e);
  if (env_.events) env_.events->publish(e);
}

void Call::attach_session_events() {
  if (!session_) return;
  auto weak = weak_from_this();
  sip::InviteSessionEvents events;
  events.on_terminated = [weak](sip::TerminationReason reason, int status) {
    auto self = weak.lock();
    if (!self) return;
    VA_LOG(self->log_, info, "dialog ended: {} ({})", sip::to_string(reason), status);
    switch (reason) {
      case sip::TerminationReason::RemoteBye:
        self->end(EndReason::RemoteHangup);
        break;
      case sip::TerminationReason::SessionExpired:
        self->end(EndReason::SessionExpired);
        break;
      case sip::TerminationReason::AckTimeout:
        self->end(EndReason::AckTimeout);
        break;
      case sip::TerminationReason::PeerGone:
        self->end(EndReason::Unreachable);
        break;
      case sip::TerminationReason::LocalBye:
        break;  // we asked for it in end()
    }
  };
  events.on_offer = [weak](const sdp::SessionDescription& offer) -> core::Result<std::string> {
    auto self = weak.lock();
    if (!self) return std::make_error_code(std::errc::operation_canceled);
    return self->on_reoffer(offer);
  };
  events.on_confirmed = [weak] {
    if (auto self = weak.lock()) self->on_confirmed();
  };
  events.on_info = [weak](const sip::Message& info) {
    auto self = weak.lock();
    return self ? self->on_info(info) : 481;
  };
  events.on_notify = [weak](const sip::Message& notify) {
    auto self = weak.lock();
    return self ? self->on_notify(notify) : 481;
  };
  session_->set_events(std::move(events));
}

core::Result<std::string> Call::on_reoffer(const sdp::SessionDescription& offer) {
  auto answer = negotiator_.create_answer(offer, local_media());
  if (!answer) return answer.error();
  // New remote address, codec or hold: the RTP session relearns (DESIGN.md isolation).
  if (auto ec = media_->renegotiate(answer->media)) return ec;
  VA_LOG(log_, info, "re-INVITE: remote {}:{}{}", answer->media.remote_address,
         answer->media.remote_port, answer->media.hold ? " (hold)" : "");
  return sdp::serialize(answer->sdp);
}

void Call::start_media() {
  if (ending_ || answered_) return;
  answered_ = true;
  if (auto ec = media_->start()) {
    VA_LOG(log_, warn, "media did not start: {}", ec.message());
    end(EndReason::NoMedia);
    return;
  }
  const auto f = facts();
  const auto at = now_ms();
  env_.live.update(id(), [f](LiveCall& c) { c.media = f; });
  set_status(crm::CallStatus::Active, [f, at](crm::Call& c) {
    c.answered_at = at;
    c.local_rtp_port = f.local_rtp_port;
    c.remote_rtp = f.remote_rtp;
    c.ssrc_out = f.ssrc_out;
  });
  VA_LOG(log_, info, "answered: local port {}, remote {}, {}, key {}", f.local_rtp_port,
         f.remote_rtp, f.srtp ? "SRTP" : "plain RTP", f.key_fingerprint);
  publish(CallEventType::Answered, [f](CallEvent& e) { e.media = f; });
  arm_facts_tick();
}

void Call::arm_facts_tick() {
  facts_timer_.expires_after(kFactsInterval);
  facts_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    if (ec) return;
    auto self = weak.lock();
    if (!self || self->status_ != crm::CallStatus::Active) return;
    const auto f = self->facts();
    self->env_.live.update(self->id(), [f](LiveCall& c) { c.media = f; });
    self->publish(CallEventType::Media, [f](CallEvent& e) { e.media = f; });
    self->arm_facts_tick();
  });
}

void Call::add_transcript_line(const std::string& who, const std::string& text) {
  if (text.empty()) return;
  failover_.remember(who, text);  // the context a failover's session is told
  if (who == "caller" || who == "agent") {
    recent_lines_.emplace_back(who, text);  // a warm transfer's briefing quotes the latest
    if (recent_lines_.size() > 8) recent_lines_.pop_front();
  }
  record_->append_transcript({who, text, now_ms()});
  publish(CallEventType::Transcript, [&](CallEvent& e) {
    e.who = who;
    e.text = text;
  });
}

void Call::end(EndReason reason) {
  if (ending_) return;
  ending_ = true;
  // Handed to a person: however our leg ends now (our BYE, or the far end's), it was that.
  if (transfer_.status == "done") reason = EndReason::Transferred;
  transfer_timer_.cancel();
  hold_timer_.cancel();
  if (bridge_) bridge_->hang_up();  // the person's leg goes with ours
  if (transfer_.running() && transfer_.method == "bridge") {
    transfer_.status = "failed";  // the caller left while we were dialling the person
    transfer_.reason += "; the call ended before the person answered";
    save_transfer();
  }
  if (auto asker = std::exchange(transfer_.done, {})) {
    TransferResult r;
    r.status = 409;
    r.code = "not_live";
    r.message = "the call ended before the far end answered the REFER";
    asker(std::move(r));
  }
  max_duration_timer_.cancel();
  facts_timer_.cancel();
  playout_timer_.cancel();
  voicemail_timer_.cancel();
  note_voicemail_end();
  const bool was_answered = answered_;
  // Signalling first, so the far end stops sending before our port closes.
  if (outgoing_) {
    outgoing_->cancel();
    outgoing_.reset();
  }
  if (incoming_ && !session_) incoming_->reject(reason == EndReason::Shutdown ? 503 : 480);
  if (session_) {
    if (!session_->terminated()) {
      if (!session_->hangup()) session_->close();
    }
  }
  const auto f = facts();
  if (media_) media_->stop();
  transcript_.close_all();  // what was said up to the end is kept, finished or not
  const auto at = now_ms();
  const auto latency = greeting_latency_ms_;
  const auto usage = media_ ? media_->stats().ai_usage : ai::UsageMetadata{};
  const auto cost = cost_micros(env_.settings.prices, plan_.ai.model, usage);
  // The recording's path is not set here: on_recording_finished sets it once the file is whole.
  set_status(crm::CallStatus::Ended,
             [f, at, reason, was_answered, latency, usage, cost](crm::Call& c) {
               c.ended_at = at;
               c.input_tokens = usage.prompt_tokens;
               c.output_tokens = usage.response_tokens;
               c.input_audio_tokens = usage.prompt_audio_tokens;
               c.output_audio_tokens = usage.response_audio_tokens;
               c.cost_micros = cost;
               // Minutes talked run from the answer to the end, to the nearest second.
               if (c.answered_at > 0 && at > c.answered_at)
                 c.talk_s = (at - c.answered_at + 500) / 1000;
               c.end_reason = std::string(to_string(reason));
               c.outcome = std::string(outcome_of(reason, was_answered));
               if (f.local_rtp_port) c.local_rtp_port = f.local_rtp_port;
               if (!f.remote_rtp.empty()) c.remote_rtp = f.remote_rtp;
               c.ssrc_in = f.ssrc_in;
               c.ssrc_out = f.ssrc_out;
               c.packets_in = static_cast<std::int64_t>(f.packets_in);
               c.packets_out = static_cast<std::int64_t>(f.packets_out);
               c.packets_dropped_foreign = static_cast<std::int64_t>(f.packets_dropped_foreign);
               if (latency) c.greeting_latency_ms = *latency;
             });
  VA_LOG(log_, info, "ended: {} ({}), packets in {} out {} dropped foreign {}", to_string(reason),
         outcome_of(reason, was_answered), f.packets_in, f.packets_out, f.packets_dropped_foreign);
  publish(CallEventType::Ended, [&](CallEvent& e) {
    e.end_reason = std::string(to_string(reason));
    e.outcome = std::string(outcome_of(reason, was_answered));
    e.media = f;
    e.greeting_latency_ms = latency;
  });
  env_.live.remove(id());
  // The manager drops its reference after this handler: never destroy ourselves in it.
  boost::asio::post(env_.shard.context(), [finished = env_.on_finished, id = id(),
                                           keep = shared_from_this()] { finished(id); });
}

}  // namespace va::call
