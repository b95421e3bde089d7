// Call: the life of one call on its shard. See call.h for the rules; the numbers below refer
// to them.
#include "call/call.h"

#include <fmt/format.h>

#include <boost/asio/post.hpp>

#include "call/call_media.h"
#include "call/codec_preference.h"
#include "call/end_reason_sip.h"
#include "call/media_address.h"
#include "sip/dialog_registry.h"
#include "sip/incoming_call.h"
#include "sip/invite_session.h"
#include "sip/outgoing_call.h"
#include "sip/sdp/parser.h"
#include "sip/sdp/serializer.h"
#include "sip/uri.h"

namespace va::call {
namespace {

constexpr auto kFactsInterval = std::chrono::seconds(1);

std::string session_id_for(crm::Id id) {
  return std::to_string(3'900'000'000ULL + static_cast<std::uint64_t>(id));
}

}  // namespace

std::string_view to_string(Call::State state) {
  switch (state) {
    case Call::State::Setup:
      return "setup";
    case Call::State::Dialing:
      return "dialing";
    case Call::State::Ringing:
      return "ringing";
    case Call::State::Active:
      return "active";
    case Call::State::Ended:
      return "ended";
  }
  return "unknown";
}

std::shared_ptr<Call> Call::create(CallEnv env, CallPlan plan) {
  return std::shared_ptr<Call>(new Call(std::move(env), std::move(plan)));
}

Call::Call(CallEnv env, CallPlan plan)
    : env_(std::move(env)),
      plan_(std::move(plan)),
      negotiator_(session_id_for(plan_.record.id), 1, "voiceagent"),
      max_duration_timer_(env_.shard.context()),
      facts_timer_(env_.shard.context()),
      playout_timer_(env_.shard.context()) {
  log_.call_id = std::to_string(plan_.record.id);
  log_.sip_call_id = plan_.record.sip_call_id;
  log_.shard = env_.shard.index();
  record_ = CallRecordWriter::create(env_.store, env_.db, plan_.record, log_);
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

void Call::publish(CallEventType type, const std::function<void(CallEvent&)>& fill) {
  CallEvent e;
  e.type = type;
  e.call_id = plan_.record.id;
  e.owner_id = plan_.owner.id;
  e.owner_parent_id = plan_.owner.parent_id;
  e.at = std::chrono::system_clock::now();
  e.status = state_ == State::Ended ? "ended" : std::string(to_string(state_));
  e.direction = plan_.record.direction;
  e.peer = plan_.record.direction == "inbound" ? plan_.record.from : plan_.record.to;
  if (fill) fill(e);
  if (env_.events) env_.events->publish(e);
}

std::error_code Call::prepare_media(const std::string& peer_host) {
  local_address_ =
      choose_media_address(env_.settings.public_address, env_.settings.sip_listen, peer_host);
  CallMediaConfig config;
  config.log = log_;
  config.bind_address = host_of(env_.settings.sip_listen);
  config.rtp = env_.settings.rtp;
  config.rtcp_mux = env_.settings.rtcp_mux;
  config.ai = plan_.ai;
  config.ai.log = log_;
  config.key_fingerprint = plan_.key_fingerprint;
  config.greeting = plan_.greeting;
  config.recording_path = plan_.recording_path;
  config.recorder = env_.recordings;
  // On the writer's thread, maybe after this call is gone: the record writer outlives both.
  config.on_recording_finished = [record = record_](const media::RecordingResult& r) {
    if (r.complete) record->update([path = r.path](crm::Call& c) { c.recording_path = path; });
  };
  CallMediaEvents events;
  auto weak = weak_from_this();
  events.on_greeting_started = [weak](std::chrono::microseconds latency) {
    if (auto self = weak.lock()) {
      self->greeting_latency_ms_ =
          std::chrono::duration_cast<std::chrono::milliseconds>(latency).count();
      const auto ms = *self->greeting_latency_ms_;
      self->env_.live.update(self->id(), [ms](LiveCall& c) { c.greeting_latency_ms = ms; });
      self->record_->update([ms](crm::Call& c) { c.greeting_latency_ms = ms; });
      self->publish(CallEventType::GreetingStarted,
                    [ms](CallEvent& e) { e.greeting_latency_ms = ms; });
      // The greeting is played from our own rendering, not spoken by the AI session, so no
      // transcription comes back for it: the transcript gets its text from the plan.
      self->add_transcript_line("agent", self->plan_.agent.greeting);
    }
  };
  events.on_transcript = [weak](const std::string& who, std::string_view text, bool finished) {
    if (auto self = weak.lock()) self->on_transcript(who, text, finished);
  };
  events.on_ai_turn_end = [weak] {
    if (auto self = weak.lock()) self->close_transcript_segments();
  };
  events.on_interrupted = [weak] {
    if (auto self = weak.lock()) self->publish(CallEventType::Interrupted);
  };
  events.on_end_call = [weak] {
    if (auto self = weak.lock()) self->on_end_call_tool();
  };
  events.on_rtp_inactive = [weak] {
    if (auto self = weak.lock()) {
      VA_LOG(self->log_, warn, "no RTP for {} s: ending the call",
             std::chrono::duration_cast<std::chrono::seconds>(
                 self->env_.settings.rtp.inactivity_timeout)
                 .count());
      self->end(EndReason::RtpTimeout);
    }
  };
  events.on_ai_failed = [weak](std::error_code, const std::string& reason) {
    if (auto self = weak.lock()) self->on_ai_failed(reason);
  };
  auto media =
      CallMedia::create(env_.shard, env_.pacer, env_.ports, std::move(config), std::move(events));
  if (!media) return media.error();
  media_ = std::move(*media);
  if (auto ec = media_->prepare()) return ec;
  const auto port = media_->local_port();
  env_.live.update(id(), [port](LiveCall& c) { c.media.local_rtp_port = port; });
  return {};
}

std::string Call::local_offer() {
  auto local = make_local_media(local_address_, media_->local_port(), env_.settings.codecs,
                                env_.settings.rtcp_mux);
  return sdp::serialize(negotiator_.create_offer(local));
}

void Call::dial() {
  state_ = State::Dialing;
  publish(CallEventType::Created);
  // The media address must be reachable from where the INVITE goes.
  const auto target = sip::parse_uri(plan_.request_uri);
  if (auto ec = prepare_media(target ? target->host : std::string())) {
    VA_LOG(log_, warn, "no media for the call: {}", ec.message());
    end(EndReason::NoMedia);
    return;
  }
  sip::OutgoingCallConfig config;
  config.call_id = plan_.record.sip_call_id;
  config.request_uri = plan_.request_uri;
  config.sdp_offer = local_offer();
  config.username = env_.settings.trunk_username;
  config.password = env_.settings.trunk_password;
  config.dial_timeout = env_.settings.dial_timeout;
  sip::OutgoingCallEvents events;
  auto weak = weak_from_this();
  events.on_progress = [weak](int status, const std::optional<std::string>& early_sdp) {
    if (auto self = weak.lock()) self->on_outgoing_progress(status, early_sdp);
  };
  events.on_answered = [weak](const std::string& sdp, std::shared_ptr<sip::InviteSession> s) {
    if (auto self = weak.lock()) self->on_outgoing_answered(sdp, std::move(s));
  };
  events.on_failed = [weak](sip::CallOutcome outcome, int status, const std::string& reason) {
    if (auto self = weak.lock()) {
      self->on_outgoing_failed(end_reason_for(outcome), status, reason);
    }
  };
  outgoing_ = sip::OutgoingCall::start(env_.dialogs, std::move(config), std::move(events));
  arm_max_duration();
}

void Call::on_outgoing_progress(int status, const std::optional<std::string>&) {
  if (status < 180 || state_ != State::Dialing) return;
  state_ = State::Ringing;
  const auto at = now_ms();
  env_.live.update(id(), [](LiveCall& c) { c.status = "ringing"; });
  record_->update([at](crm::Call& c) {
    c.status = "ringing";
    c.ringing_at = at;
  });
  publish(CallEventType::Ringing);
}

void Call::on_outgoing_answered(const std::string& answer_sdp,
                                std::shared_ptr<sip::InviteSession> session) {
  session_ = std::move(session);
  outgoing_.reset();
  auto parsed = sdp::parse(answer_sdp);
  auto negotiated = parsed ? negotiator_.process_answer(*parsed)
                           : core::Result<sdp::NegotiatedMedia>(parsed.error());
  if (!negotiated) {
    VA_LOG(log_, warn, "unusable SDP answer: {}", negotiated.error().message());
    attach_session_events();
    end(EndReason::NoMedia);
    return;
  }
  attach_session_events();
  if (auto ec = media_->set_remote(*negotiated)) {
    VA_LOG(log_, warn, "cannot use the answered media: {}", ec.message());
    end(EndReason::NoMedia);
    return;
  }
  // Rule 1: our ACK is out, the call is up.
  start_media();
}

void Call::on_outgoing_failed(EndReason reason, int status, const std::string& text) {
  outgoing_.reset();
  VA_LOG(log_, info, "dial failed: {} {} ({})", status, text, to_string(reason));
  end(reason);
}

void Call::answer(std::shared_ptr<sip::IncomingCall> incoming) {
  incoming_ = std::move(incoming);
  state_ = State::Ringing;
  publish(CallEventType::Created);
  auto weak = weak_from_this();
  incoming_->set_on_cancelled([weak] {
    if (auto self = weak.lock()) self->end(EndReason::Cancelled);
  });
  if (incoming_->state() == sip::IncomingCall::State::Cancelled) {
    end(EndReason::Cancelled);
    return;
  }
  if (auto ec = prepare_media(incoming_->peer().address.to_string())) {
    VA_LOG(log_, warn, "no media for the call: {}", ec.message());
    incoming_->reject(503, "No Media Port");
    end(EndReason::NoMedia);
    return;
  }
  if (!incoming_->offer()) {
    // Offer-less INVITEs (the ACK carries the answer) are rare on trunks; refuse clearly.
    incoming_->reject(488, "SDP Offer Required");
    end(EndReason::NoMedia);
    return;
  }
  auto local = make_local_media(local_address_, media_->local_port(), env_.settings.codecs,
                                env_.settings.rtcp_mux);
  auto answer = negotiator_.create_answer(*incoming_->offer(), local);
  if (!answer) {
    incoming_->reject(488, "Not Acceptable Here");
    end(EndReason::NoMedia);
    return;
  }
  if (auto ec = media_->set_remote(answer->media)) {
    VA_LOG(log_, warn, "cannot use the offered media: {}", ec.message());
    incoming_->reject(488, "Not Acceptable Here");
    end(EndReason::NoMedia);
    return;
  }
  session_ = incoming_->answer(sdp::serialize(answer->sdp));
  if (!session_) {
    end(EndReason::Rejected);
    return;
  }
  attach_session_events();
  arm_max_duration();
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
  session_->set_events(std::move(events));
}

core::Result<std::string> Call::on_reoffer(const sdp::SessionDescription& offer) {
  auto local = make_local_media(local_address_, media_->local_port(), env_.settings.codecs,
                                env_.settings.rtcp_mux);
  auto answer = negotiator_.create_answer(offer, local);
  if (!answer) return answer.error();
  // New remote address, codec or hold: the RTP session relearns (DESIGN.md isolation).
  if (auto ec = media_->renegotiate(answer->media)) return ec;
  VA_LOG(log_, info, "re-INVITE: remote {}:{}{}", answer->media.remote_address,
         answer->media.remote_port, answer->media.hold ? " (hold)" : "");
  return sdp::serialize(answer->sdp);
}

void Call::on_confirmed() {
  // Inbound: the ACK for our 200 arrived (rule 1).
  if (state_ == State::Ringing && !answered_) start_media();
}

void Call::start_media() {
  if (ending_ || answered_) return;
  answered_ = true;
  state_ = State::Active;
  if (auto ec = media_->start()) {
    VA_LOG(log_, warn, "media did not start: {}", ec.message());
    end(EndReason::NoMedia);
    return;
  }
  const auto f = facts();
  const auto at = now_ms();
  env_.live.update(id(), [f](LiveCall& c) {
    c.status = "active";
    c.media = f;
  });
  record_->update([f, at](crm::Call& c) {
    c.status = "active";
    c.answered_at = at;
    c.local_rtp_port = f.local_rtp_port;
    c.remote_rtp = f.remote_rtp;
    c.ssrc_out = f.ssrc_out;
  });
  VA_LOG(log_, info, "answered: local port {}, remote {}, key {}", f.local_rtp_port, f.remote_rtp,
         f.key_fingerprint);
  publish(CallEventType::Answered, [f](CallEvent& e) { e.media = f; });
  arm_facts_tick();
}

void Call::arm_max_duration() {
  max_duration_timer_.expires_after(env_.settings.max_duration);
  max_duration_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    if (ec) return;
    if (auto self = weak.lock()) self->end(EndReason::MaxDuration);
  });
}

void Call::arm_facts_tick() {
  facts_timer_.expires_after(kFactsInterval);
  facts_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    if (ec) return;
    auto self = weak.lock();
    if (!self || self->state_ != State::Active) return;
    const auto f = self->facts();
    self->env_.live.update(self->id(), [f](LiveCall& c) { c.media = f; });
    self->publish(CallEventType::Media, [f](CallEvent& e) { e.media = f; });
    self->arm_facts_tick();
  });
}

void Call::on_transcript(const std::string& who, std::string_view text, bool finished) {
  const bool caller = who == "caller";
  // `finished` is optional on the wire: a change of speaker also closes the other's segment.
  if (!text.empty()) close_transcript_segment(caller ? "agent" : "caller");
  auto& line = caller ? caller_line_ : agent_line_;
  line += text;
  if (finished) close_transcript_segment(who);
}

void Call::close_transcript_segments() {
  close_transcript_segment("caller");
  close_transcript_segment("agent");
}

void Call::close_transcript_segment(const std::string& who) {
  auto& line = who == "caller" ? caller_line_ : agent_line_;
  if (line.empty()) return;
  // Fragments carry their own spacing; trim the joined line.
  const auto first = line.find_first_not_of(" \t\n");
  const auto last = line.find_last_not_of(" \t\n");
  std::string done = first == std::string::npos ? "" : line.substr(first, last - first + 1);
  line.clear();
  add_transcript_line(who, done);
}

void Call::add_transcript_line(const std::string& who, const std::string& text) {
  if (text.empty()) return;
  record_->append_transcript({who, text, now_ms()});
  publish(CallEventType::Transcript, [&](CallEvent& e) {
    e.who = who;
    e.text = text;
  });
}

void Call::on_end_call_tool() {
  VA_LOG(log_, info, "the AI ended the call (end_call)");
  hang_up_after_playout(EndReason::AiEndCall, std::chrono::seconds(10));
}

void Call::on_ai_failed(const std::string& reason) {
  VA_LOG(log_, warn, "AI session failed: {}", reason);
  if (!answered_) {
    // Not answered yet: an inbound call is refused, an outbound one cancelled.
    if (incoming_) incoming_->reject(503, "Service Unavailable");
    end(EndReason::AiFailed);
    return;
  }
  // Rule 3: a short apology, then a clean hangup.
  if (env_.apology && *env_.apology) media_->play_prompt(*env_.apology);
  hang_up_after_playout(EndReason::AiFailed, std::chrono::seconds(8));
}

// Lets what is queued for the caller play out (a goodbye, an apology), then ends the call.
void Call::hang_up_after_playout(EndReason reason, std::chrono::milliseconds max_wait) {
  if (ending_) return;
  const auto deadline = std::chrono::steady_clock::now() + max_wait;
  auto poll = std::make_shared<std::function<void()>>();
  *poll = [weak = weak_from_this(), reason, deadline, poll] {
    auto self = weak.lock();
    if (!self || self->ending_) return;
    if (!self->media_ || self->media_->queued_frames() == 0 ||
        std::chrono::steady_clock::now() >= deadline) {
      self->end(reason);
      return;
    }
    self->playout_timer_.expires_after(std::chrono::milliseconds(100));
    self->playout_timer_.async_wait([poll](const boost::system::error_code& ec) {
      if (!ec) (*poll)();
    });
  };
  (*poll)();
}

void Call::end(EndReason reason) {
  if (ending_) return;
  ending_ = true;
  max_duration_timer_.cancel();
  facts_timer_.cancel();
  playout_timer_.cancel();
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
  close_transcript_segments();  // what was said up to the end is kept, finished or not
  state_ = State::Ended;
  const auto at = now_ms();
  const auto latency = greeting_latency_ms_;
  // The recording's path is not set here: on_recording_finished sets it once the file is whole.
  record_->update([f, at, reason, was_answered, latency](crm::Call& c) {
    c.status = "ended";
    c.ended_at = at;
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
