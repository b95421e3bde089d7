// SimGateway: one shard of our own SIP stack answering as a gateway; each answered call gets
// a UDP RtpSession on the shard's pacer. A line "talks" in bursts (1 s tone, 2 s pause) the
// way a person does, so a voice-activity-driven AI gets turns to answer in.
#include "app/demo/sim_gateway.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "core/clock.h"
#include "core/mutex.h"
#include "core/shard_pool.h"
#include "media/audio_codec.h"
#include "rtp/pacer.h"
#include "rtp/rtp_session.h"
#include "sip/dialog_registry.h"
#include "sip/incoming_call.h"
#include "sip/invite_session.h"
#include "sip/sdp/codec.h"
#include "sip/sdp/negotiator.h"
#include "sip/sdp/serializer.h"
#include "sip/sip_stack.h"

namespace va::app::demo {
namespace {

constexpr std::size_t kMaxHeardSamples = 8000 * 60;
constexpr int kTalkMs = 1000;
constexpr int kPauseMs = 2000;

media::CodecId codec_of(std::uint8_t pt) {
  return pt == 8 ? media::CodecId::Pcma : (pt == 9 ? media::CodecId::G722 : media::CodecId::Pcmu);
}

}  // namespace

struct SimGateway::Impl : std::enable_shared_from_this<SimGateway::Impl> {
  struct Line {
    GatewayLine config;
    std::uint32_t index = 0;
    LineReport report;  // guarded by Impl::mu (read by reports() from other threads)
    std::shared_ptr<sip::InviteSession> session;
    std::unique_ptr<rtp::RtpSession> rtp;
    std::unique_ptr<media::AudioCodec> codec;
    std::unique_ptr<boost::asio::steady_timer> talk_timer;
    std::shared_ptr<sip::IncomingCall> pending;  // waiting for config.final_after_ms
    std::unique_ptr<boost::asio::steady_timer> final_timer;
    double phase = 0;
    std::int64_t frame_index = 0;
  };

  explicit Impl(std::vector<GatewayLine> lines) {
    for (auto& l : lines) {
      auto line = std::make_unique<Line>();
      line->config = l;
      line->index = static_cast<std::uint32_t>(lines_.size());
      line->report.number = l.number;
      lines_.push_back(std::move(line));
    }
  }

  void start() {
    shards.start();
    sip::SipStackConfig config;
    config.transport.listen = "127.0.0.1:0";
    config.user_agent.user_agent = "voiceagent-demo-gateway";
    stack = std::make_unique<sip::SipStack>(shards, config);
    if (auto ec = stack->start()) {
      throw std::runtime_error("demo gateway: cannot listen on loopback: " + ec.message());
    }
    port = stack->port();
    run_on_shard([this] {
      sip::DialogConfig dc;
      dc.local.user = "gateway";
      dc.local.host = "127.0.0.1";
      dc.local.port = port;
      dc.user_agent = "voiceagent-demo-gateway";
      registry =
          std::make_unique<sip::DialogRegistry>(stack->transaction_layer(0), stack->transport(),
                                                stack->timers(0), stack->timer_config(), dc);
      registry->attach(stack->user_agent(0));
      registry->set_incoming_call_handler(
          [self = shared_from_this()](std::shared_ptr<sip::IncomingCall> call) {
            self->on_incoming(std::move(call));
          });
      pacer = std::make_unique<rtp::Pacer>(shards.at(0).context());
      pacer->start();
    });
  }

  void stop() {
    if (!stack) return;
    run_on_shard([this] {
      for (auto& line : lines_)
        end_line(*line);
      if (pacer) pacer->stop();
      registry.reset();
      pacer.reset();
    });
    stack->stop();
    stack.reset();
    shards.stop();
  }

  void run_on_shard(std::function<void()> work) { core::run_on(shards.at(0), std::move(work)); }

  Line* line_for(const std::string& number) {
    for (auto& l : lines_) {
      if (l->config.number == number) return l.get();
    }
    return nullptr;
  }

  void on_incoming(std::shared_ptr<sip::IncomingCall> call) {
    Line* line = line_for(call->request().request_uri.user);
    if (!line) {
      call->reject(404, "No Such Line");
      return;
    }
    if (line->config.final_after_ms == 0 || line->pending) {
      respond(*line, std::move(call));
      return;
    }
    if (line->config.reject_with < 300 && line->config.rings) call->ring();
    line->pending = std::move(call);
    if (line->config.final_after_ms < 0) return;
    line->final_timer = std::make_unique<boost::asio::steady_timer>(
        shards.at(0).context(), std::chrono::milliseconds(line->config.final_after_ms));
    line->final_timer->async_wait([this, line](const boost::system::error_code& ec) {
      if (!ec && line->pending) respond(*line, std::move(line->pending));
    });
  }

  void respond(Line& l, std::shared_ptr<sip::IncomingCall> call) {
    Line* line = &l;
    if (line->config.reject_with >= 300) {
      call->reject(line->config.reject_with);
      return;
    }
    if (line->session || !call->offer()) {
      call->reject(line->session ? 486 : 488);
      return;
    }
    auto socket = rtp::DatagramSocket::create_udp(shards.at(0).context(),
                                                  {boost::asio::ip::make_address("127.0.0.1"), 0});
    if (!socket) {
      call->reject(503);
      return;
    }
    sdp::LocalMedia local;
    local.address = "127.0.0.1";
    local.port = (*socket)->local_endpoint().port();
    local.codecs = {sdp::pcmu(), sdp::pcma(), sdp::telephone_event()};
    sdp::SdpNegotiator negotiator("4711", 1, "gateway");
    auto answer = negotiator.create_answer(*call->offer(), local);
    if (!answer) {
      call->reject(488);
      return;
    }
    rtp::RtpSessionConfig rc;
    rc.payload_type = answer->media.codec.payload_type;
    rc.local_ssrc = 0x6a7e0000u + line->index;
    rc.telephone_event_pt = answer->media.dtmf_payload_type;
    rc.learning.window = std::chrono::seconds(5);
    rtp::RemoteMedia remote;
    remote.rtp = {boost::asio::ip::make_address(answer->media.remote_address),
                  answer->media.remote_port};
    remote.rtcp = {remote.rtp.address(), static_cast<std::uint16_t>(remote.rtp.port() + 1)};
    line->codec = media::AudioCodec::create(codec_of(rc.payload_type));
    line->rtp = std::make_unique<rtp::RtpSession>(
        std::move(*socket), nullptr, remote, rc, core::Clock::steady(),
        rtp::RtpSessionEvents{
            .on_audio = [this, line](const rtp::RtpPacketView& p) { heard(*line, p); }},
        &shards.at(0));
    {
      core::MutexLock lock(mu);
      line->report.local_rtp_port = local.port;
      line->report.remote_rtp =
          answer->media.remote_address + ":" + std::to_string(answer->media.remote_port);
      line->report.ssrc_out = rc.local_ssrc;
    }
    call->ring();
    sip::InviteSessionEvents events;
    events.on_confirmed = [this, line] { start_media(*line); };
    events.on_terminated = [this, line](sip::TerminationReason, int) {
      boost::asio::post(shards.at(0).context(), [this, line] { end_line(*line); });
    };
    line->session = call->answer(sdp::serialize(answer->sdp), std::move(events));
    if (!line->session) line->rtp.reset();
  }

  void start_media(Line& line) {
    if (!line.rtp) return;
    line.rtp->start();
    pacer->add(line.rtp.get());
    {
      core::MutexLock lock(mu);
      line.report.answered = true;
    }
    line.talk_timer = std::make_unique<boost::asio::steady_timer>(shards.at(0).context());
    if (!line.config.silent) top_up(line);
  }

  // Keeps about 100 ms of this line's voice queued ahead of the pacer.
  void top_up(Line& line) {
    if (!line.rtp) return;
    std::array<std::int16_t, 160> pcm{};
    std::array<std::uint8_t, 160> payload{};
    while (line.rtp->queued_frames() < 5) {
      const auto ms = (line.frame_index * 20) % (kTalkMs + kPauseMs);
      for (auto& s : pcm) {
        s = ms < kTalkMs ? static_cast<std::int16_t>(8000 * std::sin(line.phase)) : 0;
        line.phase += 2 * std::numbers::pi * line.config.tone_hz / 8000.0;
      }
      line.phase = std::fmod(line.phase, 2 * std::numbers::pi);
      ++line.frame_index;
      const auto n = line.codec->encode(pcm, payload.data());
      line.rtp->enqueue_frame({payload.data(), n});
    }
    line.talk_timer->expires_after(std::chrono::milliseconds(40));
    line.talk_timer->async_wait([this, &line](const boost::system::error_code& ec) {
      if (!ec) top_up(line);
    });
  }

  void heard(Line& line, const rtp::RtpPacketView& packet) {
    std::array<std::int16_t, 2048> pcm{};
    if (packet.payload.size() > 1024) return;
    const auto n = line.codec->decode(packet.payload, pcm.data());
    core::MutexLock lock(mu);
    auto& r = line.report;
    r.ssrc_in = packet.header.ssrc;
    if (r.heard.size() + n <= kMaxHeardSamples)
      r.heard.insert(r.heard.end(), pcm.begin(), pcm.begin() + n);
  }

  void end_line(Line& line) {
    if (line.talk_timer) line.talk_timer->cancel();
    if (line.final_timer) line.final_timer->cancel();
    line.pending.reset();
    if (line.rtp) {
      pacer->remove(line.rtp.get());
      core::MutexLock lock(mu);
      line.report.packets_in = line.rtp->stats().packets_received;
      line.report.packets_out = line.rtp->stats().packets_sent;
      line.report.ended = true;
    }
    if (line.rtp) line.rtp->close();
    if (line.session && !line.session->terminated()) line.session->hangup();
    line.session.reset();
    line.rtp.reset();
  }

  core::ShardPool shards{1};
  std::unique_ptr<sip::SipStack> stack;
  std::unique_ptr<sip::DialogRegistry> registry;
  std::unique_ptr<rtp::Pacer> pacer;
  std::uint16_t port = 0;
  mutable core::Mutex mu;
  std::vector<std::unique_ptr<Line>> lines_;
};

bool SimGateway::hangup(const std::string& number) {
  bool found = false;
  impl_->run_on_shard([&] {
    auto* line = impl_->line_for(number);
    if (!line || !line->session) return;
    found = true;
    impl_->end_line(*line);
  });
  return found;
}

SimGateway::SimGateway(std::vector<GatewayLine> lines)
    : impl_(std::make_shared<Impl>(std::move(lines))) {}

SimGateway::~SimGateway() {
  stop();
}

void SimGateway::start() {
  impl_->start();
}

void SimGateway::stop() {
  impl_->stop();
}

std::uint16_t SimGateway::sip_port() const {
  return impl_->port;
}

std::vector<LineReport> SimGateway::reports() const {
  core::MutexLock lock(impl_->mu);
  std::vector<LineReport> out;
  for (const auto& l : impl_->lines_) {
    out.push_back(l->report);
    if (l->rtp) {
      out.back().packets_in = l->rtp->stats().packets_received;
      out.back().packets_out = l->rtp->stats().packets_sent;
    }
  }
  return out;
}

}  // namespace va::app::demo
