// CallMedia over the in-memory network with a fake AI session, on a real shard thread (its
// entry points assert they run there): port lease, greeting first, both audio directions,
// barge-in, foreign sources, hold, codec change, AI tools and failure, release exactly once.
#include "call/call_media.h"

#include <gtest/gtest.h>
#include <sndfile.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <cmath>
#include <filesystem>
#include <future>
#include <numbers>

#include "call/call_media_recording.h"
#include "core/key_fingerprint.h"
#include "media/g711.h"
#include "rtp/memory/memory_network.h"
#include "rtp/rtp_packet.h"

namespace va::call {
namespace {

using namespace std::chrono_literals;

rtp::Endpoint ep(const char* ip, unsigned short port) {
  return {boost::asio::ip::make_address(ip), port};
}

// What the fake AI saw, and its events to fire from the test (on the shard).
struct FakeAiLog {
  int created = 0;
  int started = 0;
  int stopped = 0;
  std::string api_key;
  std::vector<std::int16_t> audio;  // 16 kHz
  std::vector<std::string> tool_responses;
  ai::AiEvents events;
};

class FakeAi final : public ai::AiSession {
 public:
  explicit FakeAi(FakeAiLog& log) : log_(log) {}
  // AiSession
  void start() override { ++log_.started; }
  void send_audio(std::span<const std::int16_t> pcm) override {
    log_.audio.insert(log_.audio.end(), pcm.begin(), pcm.end());
  }
  void send_text(std::string_view) override {}
  void send_tool_response(const std::string& id, const std::string&,
                          std::string_view output) override {
    log_.tool_responses.push_back(id + " " + std::string(output));
  }
  void stop() override { ++log_.stopped; }
  const ai::UsageMetadata& usage() const override { return usage_; }
  const ai::AiSessionStats& stats() const override { return stats_; }
  int last_close_code() const override { return 0; }
  const std::string& last_close_reason() const override { return reason_; }

 private:
  FakeAiLog& log_;
  ai::UsageMetadata usage_;
  ai::AiSessionStats stats_;
  std::string reason_;
};

std::vector<std::uint8_t> rtp_bytes(std::uint32_t ssrc, std::uint16_t seq, std::uint8_t pt,
                                    std::span<const std::uint8_t> payload) {
  rtp::RtpHeader h;
  h.payload_type = pt;
  h.sequence_number = seq;
  h.timestamp = 160u * seq;
  h.ssrc = ssrc;
  std::vector<std::uint8_t> out(1500);
  out.resize(*rtp::build_rtp(h, payload, out));
  return out;
}

std::shared_ptr<const ai::Greeting> greeting(std::size_t frames) {
  auto g = std::make_shared<ai::Greeting>();
  g->frames.resize(frames);
  for (std::size_t f = 0; f < frames; ++f) {
    for (std::size_t i = 0; i < ai::Greeting::kFrameSamples; ++i) {
      g->frames[f][i] = static_cast<std::int16_t>(
          6000 * std::sin(2 * std::numbers::pi * 400 * (f * 160 + i) / 8000.0));
    }
  }
  return g;
}

class CallMediaTest : public ::testing::Test {
 protected:
  static constexpr const char* kKey = "key-alpha";

  CallMediaTest() : shard_(0), pool_(rtp::PortPoolConfig{20000, 20010, 0ns}, clock_) {}

  void SetUp() override {
    shard_.start();
    on_shard([&] {
      pacer_ = std::make_unique<rtp::Pacer>(shard_.context(), pacer_period_);
      auto phone = net_.bind(phone_);
      ASSERT_TRUE(phone);
      phone_socket_ = std::move(*phone);
      phone_socket_->start([this](std::span<const std::uint8_t> d, const rtp::Endpoint&) {
        auto p = rtp::parse_rtp(d);
        if (!p) return;  // RTCP
        received_.push_back({p->header.ssrc, p->header.sequence_number,
                             std::vector<std::uint8_t>(p->payload.begin(), p->payload.end())});
      });
    });
  }

  void TearDown() override {
    on_shard([&] {
      media_.reset();
      phone_socket_.reset();
      pacer_.reset();
    });
    shard_.stop();
  }

  // Runs f on the shard and waits for it (bounded).
  void on_shard(const std::function<void()>& f) {
    std::promise<void> done;
    boost::asio::post(shard_.context(), [&] {
      f();
      done.set_value();
    });
    ASSERT_EQ(done.get_future().wait_for(5s), std::future_status::ready) << "shard stuck";
  }
  bool wait_until(const std::function<bool()>& pred, std::chrono::milliseconds timeout = 3s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      bool ok = false;
      on_shard([&] { ok = pred(); });
      if (ok) return true;
      if (std::chrono::steady_clock::now() >= deadline) return false;
      std::this_thread::sleep_for(2ms);
    }
  }

  CallMediaConfig config() {
    CallMediaConfig c;
    c.log.call_id = "t1";
    c.bind_address = "127.0.0.1";
    c.rtcp_mux = true;
    c.ai.api_key = kKey;
    c.socket_factory = [this](const rtp::Endpoint& local) { return net_.bind(local); };
    c.ai_factory = [this](boost::asio::any_io_executor, ai::AiSessionConfig cfg, ai::AiEvents e) {
      ++ai_.created;
      ai_.api_key = cfg.api_key;
      ai_.events = std::move(e);
      return std::make_unique<FakeAi>(ai_);
    };
    if (simulated_clock_) c.clock = &clock_;
    return c;
  }
  CallMediaEvents events() {
    CallMediaEvents e;
    e.on_greeting_started = [this](std::chrono::microseconds l) {
      greeting_events_.push_back(l);
      greeting_after_start_returned_ = start_returned_;
    };
    e.on_interrupted = [this] { ++interrupted_; };
    e.on_end_call = [this] { ++end_calls_; };
    e.on_transfer = [this](const std::string& to, const std::string& reason, const std::string&) {
      transfers_.push_back(to + "|" + reason);
      return std::string(to == "+4930555" ? R"({"accepted":true})"
                                          : R"({"accepted":false,"reason":"not allowed"})");
    };
    e.on_rtp_inactive = [this] { ++inactive_; };
    e.on_ai_failed = [this](std::error_code, const std::string& r) {
      ai_failures_.push_back(r);
      if (stop_on_ai_failure_) media_->stop();
    };
    e.on_transcript = [this](const std::string& who, std::string_view text, bool) {
      transcript_ += who + ":" + std::string(text) + ";";
    };
    return e;
  }
  sdp::NegotiatedMedia remote(sdp::Codec codec = sdp::pcmu()) {
    sdp::NegotiatedMedia m;
    m.codec = std::move(codec);
    m.remote_address = "127.0.0.2";
    m.remote_port = phone_.port();
    m.rtcp_mux = true;
    return m;
  }
  // Create + prepare + start on the shard.
  void start_call(CallMediaConfig c, sdp::Codec codec = sdp::pcmu()) {
    on_shard([&] {
      auto m = CallMedia::create(shard_, *pacer_, pool_, std::move(c), events());
      ASSERT_TRUE(m);
      media_ = std::move(*m);
      ASSERT_FALSE(media_->prepare());
      ASSERT_FALSE(media_->start(remote(codec)));
      start_returned_ = true;
      pacer_->start();
    });
  }
  rtp::Endpoint local() const { return ep("127.0.0.1", media_->local_port()); }
  // The phone sends `count` PCMU frames of a tone from `from` with `ssrc`.
  void phone_sends(rtp::Endpoint from, std::uint32_t ssrc, std::uint16_t seq0, int count) {
    on_shard([&] {
      std::vector<std::uint8_t> payload(160);
      for (int i = 0; i < count; ++i) {
        std::int16_t pcm[160];
        for (int k = 0; k < 160; ++k) {
          pcm[k] = static_cast<std::int16_t>(
              8000 * std::sin(2 * std::numbers::pi * 600 * ((seq0 + i) * 160 + k) / 8000.0));
        }
        media::g711::encode_ulaw(pcm, payload.data());
        net_.inject(from, local(),
                    rtp_bytes(ssrc, static_cast<std::uint16_t>(seq0 + i), 0, payload));
      }
    });
  }
  // The AI sends `ms` of a 24 kHz tone.
  void ai_says(int ms) {
    on_shard([&] {
      media::AudioFrame c;
      c.sample_rate = 24000;
      c.samples.resize(static_cast<std::size_t>(ms) * 24);
      for (std::size_t i = 0; i < c.samples.size(); ++i) {
        c.samples[i] =
            static_cast<std::int16_t>(7000 * std::sin(2 * std::numbers::pi * 900 * i / 24000.0));
      }
      ai_.events.on_audio(std::move(c));
    });
  }

  std::chrono::milliseconds pacer_period_ = 2ms;  // fast ticks
  bool simulated_clock_ = true;
  core::Shard shard_;
  core::SimulatedClock clock_;
  rtp::MemoryNetwork net_;
  rtp::PortPool pool_;
  std::unique_ptr<rtp::Pacer> pacer_;
  const rtp::Endpoint phone_ = ep("127.0.0.2", 30000);
  std::unique_ptr<rtp::DatagramSocket> phone_socket_;
  struct Packet {
    std::uint32_t ssrc;
    std::uint16_t seq;
    std::vector<std::uint8_t> payload;
  };
  std::vector<Packet> received_;
  std::unique_ptr<CallMedia> media_;
  FakeAiLog ai_;
  bool start_returned_ = false;
  bool stop_on_ai_failure_ = false;
  bool greeting_after_start_returned_ = false;
  std::vector<std::chrono::microseconds> greeting_events_;
  int interrupted_ = 0, end_calls_ = 0, inactive_ = 0;
  std::vector<std::string> transfers_, ai_failures_;
  std::string transcript_;
};

TEST_F(CallMediaTest, PrepareLeasesAnEvenPortAndOpensNoAiSession) {
  on_shard([&] {
    auto m = CallMedia::create(shard_, *pacer_, pool_, config(), events());
    ASSERT_TRUE(m);
    media_ = std::move(*m);
    EXPECT_EQ(media_->local_port(), 0);
    EXPECT_EQ(media_->connect_ai(), make_error_code(MediaErrc::WrongPhase));
    ASSERT_FALSE(media_->prepare());
    EXPECT_GE(media_->local_port(), 20000);
    EXPECT_EQ(media_->local_port() % 2, 0);
    EXPECT_EQ(pool_.leased(), 1u);
    EXPECT_EQ(ai_.created, 0);
    EXPECT_EQ(media_->facts().key_fingerprint, core::key_fingerprint(kKey));
    EXPECT_EQ(media_->prepare(), make_error_code(MediaErrc::WrongPhase));
  });
}

TEST_F(CallMediaTest, ConnectAiOpensOneSessionWithTheOwnersKey) {
  on_shard([&] {
    media_ = std::move(*CallMedia::create(shard_, *pacer_, pool_, config(), events()));
    ASSERT_FALSE(media_->prepare());
    ASSERT_FALSE(media_->connect_ai());
    ASSERT_FALSE(media_->connect_ai());
    EXPECT_EQ(ai_.created, 1);
    EXPECT_EQ(ai_.started, 1);
    EXPECT_EQ(ai_.api_key, kKey);
    ASSERT_FALSE(media_->start(remote(sdp::pcmu())));
    EXPECT_EQ(ai_.created, 1);  // start() does not open a second one
  });
}

TEST_F(CallMediaTest, StartConnectsTheAiWhenNobodyDid) {
  on_shard([&] {
    media_ = std::move(*CallMedia::create(shard_, *pacer_, pool_, config(), events()));
    ASSERT_FALSE(media_->prepare());
    ASSERT_FALSE(media_->start(remote(sdp::pcmu())));
    EXPECT_EQ(ai_.created, 1);
    EXPECT_EQ(ai_.api_key, kKey);
    media_->stop();
    EXPECT_EQ(media_->connect_ai(), make_error_code(MediaErrc::WrongPhase));
    EXPECT_EQ(ai_.created, 1);
  });
}

TEST_F(CallMediaTest, BusyPortIsReleasedAndAnotherTried) {
  on_shard([&] {
    // Something else holds the first two ports the pool hands out.
    auto a = net_.bind(ep("127.0.0.1", 20000));
    auto b = net_.bind(ep("127.0.0.1", 20002));
    auto m = CallMedia::create(shard_, *pacer_, pool_, config(), events());
    media_ = std::move(*m);
    ASSERT_FALSE(media_->prepare());
    EXPECT_EQ(media_->local_port(), 20004);
    EXPECT_EQ(pool_.leased(), 1u);
  });
}

TEST_F(CallMediaTest, BindFailureOnEveryAttemptIsReportedWithNoLeaseHeld) {
  on_shard([&] {
    auto c = config();
    c.socket_factory =
        [](const rtp::Endpoint&) -> core::Result<std::unique_ptr<rtp::DatagramSocket>> {
      return std::make_error_code(std::errc::address_in_use);
    };
    c.bind_attempts = 3;
    auto m = CallMedia::create(shard_, *pacer_, pool_, std::move(c), events());
    media_ = std::move(*m);
    EXPECT_EQ(media_->prepare(), std::make_error_code(std::errc::address_in_use));
    EXPECT_EQ(pool_.leased(), 0u);
    EXPECT_EQ(ai_.created, 0);
  });
}

TEST_F(CallMediaTest, BadBindAddressIsRefusedAtCreate) {
  auto c = config();
  c.bind_address = "not-an-ip";
  auto m = CallMedia::create(shard_, *pacer_, pool_, std::move(c), events());
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error(), make_error_code(MediaErrc::BadBindAddress));
}

TEST_F(CallMediaTest, GreetingsFirstPacketLeavesInsideStartAndIsReportedAfterItReturns) {
  auto c = config();
  c.greeting = greeting(10);
  start_call(std::move(c));
  on_shard([&] {
    // The first packet left inside start() (simulated clock: zero latency).
    ASSERT_FALSE(received_.empty());
    EXPECT_EQ(media_->greeting_latency(), std::chrono::microseconds(0));
  });
  ASSERT_TRUE(wait_until([&] { return received_.size() >= 10; }));
  on_shard([&] {
    ASSERT_EQ(greeting_events_.size(), 1u);
    EXPECT_TRUE(greeting_after_start_returned_);
    EXPECT_EQ(media_->stats().greeting_frames, 10u);
    // The greeting tone came through PCMU intact.
    std::int16_t pcm[160];
    media::g711::decode_ulaw(received_[5].payload, pcm);
    int peak = 0;
    for (auto s : pcm)
      peak = std::max(peak, std::abs(static_cast<int>(s)));
    EXPECT_GT(peak, 4000);
    EXPECT_EQ(received_[0].ssrc, media_->facts().ssrc_out);
    EXPECT_EQ(media_->facts().packets_out, received_.size());
  });
}

TEST_F(CallMediaTest, CallerAudioIsNotSentToTheAiBeforeStart) {
  on_shard([&] {
    auto m = CallMedia::create(shard_, *pacer_, pool_, config(), events());
    media_ = std::move(*m);
    ASSERT_FALSE(media_->prepare());
    ASSERT_FALSE(media_->connect_ai());
  });
  phone_sends(phone_, 0xabc, 1, 10);
  on_shard([&] { EXPECT_TRUE(ai_.audio.empty()); });
}

TEST_F(CallMediaTest, CallerRtpReachesTheAiAsSixteenKilohertzAudio) {
  start_call(config());
  phone_sends(phone_, 0x1234, 100, 50);
  on_shard([&] {
    // The first 3 packets are probation (RFC 3550 A.1, learning), the rest flow.
    EXPECT_NEAR(static_cast<double>(ai_.audio.size()), 47 * 320, 64);
    const auto f = media_->facts();
    EXPECT_EQ(f.ssrc_in, 0x1234u);
    EXPECT_EQ(f.remote_rtp, "127.0.0.2:30000");
    EXPECT_EQ(media_->stats().frames_to_ai, 47u);
  });
}

TEST_F(CallMediaTest, AiAudioIsPacedOutAsTwentyMillisecondPcmuFrames) {
  start_call(config());
  ai_says(400);
  ASSERT_TRUE(wait_until([&] { return received_.size() >= 20; }));
  on_shard([&] {
    EXPECT_EQ(media_->stats().frames_from_ai, 20u);
    for (const auto& p : received_)
      EXPECT_EQ(p.payload.size(), 160u);
    for (std::size_t i = 1; i < received_.size(); ++i) {
      EXPECT_EQ(static_cast<std::uint16_t>(received_[i].seq - received_[i - 1].seq), 1);
    }
  });
}

TEST_F(CallMediaTest, AiAudioWaitsBehindTheGreeting) {
  auto c = config();
  c.greeting = greeting(5);
  start_call(std::move(c));
  ai_says(200);  // 10 frames after the 5 greeting frames
  ASSERT_TRUE(wait_until([&] { return received_.size() >= 15; }));
  on_shard([&] {
    auto peak_at = [&](std::size_t i) {
      std::int16_t pcm[160];
      media::g711::decode_ulaw(received_[i].payload, pcm);
      double re = 0, im = 0;  // 400 Hz (greeting) vs 900 Hz (AI)
      for (int k = 0; k < 160; ++k) {
        re += pcm[k] * std::cos(2 * std::numbers::pi * 400 * k / 8000.0);
        im += pcm[k] * std::sin(2 * std::numbers::pi * 400 * k / 8000.0);
      }
      return std::hypot(re, im) / 80;
    };
    EXPECT_GT(peak_at(2), 3000);   // greeting
    EXPECT_LT(peak_at(12), 1500);  // AI tone, not 400 Hz
  });
}

TEST_F(CallMediaTest, InterruptedFlushesTheQueueAtOnce) {
  start_call(config());
  on_shard([&] {
    pacer_->stop();  // hold the queue still
  });
  ai_says(2000);
  on_shard([&] {
    EXPECT_GE(media_->queued_frames(), 99u);
    ai_.events.on_interrupted();
    EXPECT_EQ(media_->queued_frames(), 0u);
    EXPECT_EQ(interrupted_, 1);
    EXPECT_GE(media_->stats().frames_flushed, 99u);
    EXPECT_EQ(media_->stats().interruptions, 1u);
  });
}

TEST_F(CallMediaTest, ForeignSourceIsDroppedAndCounted) {
  start_call(config());
  phone_sends(phone_, 0x1111, 1, 10);                  // the phone locks
  phone_sends(ep("127.0.0.9", 40000), 0x6666, 1, 20);  // an attacker
  on_shard([&] {
    const auto f = media_->facts();
    EXPECT_EQ(f.packets_dropped_foreign, 20u);
    EXPECT_EQ(f.ssrc_in, 0x1111u);
    EXPECT_NEAR(static_cast<double>(ai_.audio.size()), 7 * 320, 64);
  });
}

TEST_F(CallMediaTest, StopReleasesEverythingOnceAndSilencesEvents) {
  auto c = config();
  c.greeting = greeting(50);
  start_call(std::move(c));
  on_shard([&] {
    EXPECT_EQ(pool_.leased(), 1u);
    EXPECT_EQ(pacer_->size(), 1u);
    const auto port = media_->local_port();
    media_->stop();
    media_->stop();
    EXPECT_EQ(pool_.leased(), 0u);
    EXPECT_EQ(pacer_->size(), 0u);
    EXPECT_EQ(ai_.stopped, 1);
    EXPECT_TRUE(media_->stopped());
    EXPECT_EQ(media_->queued_frames(), 0u);
    // The port is closed: a packet to it is undeliverable.
    EXPECT_FALSE(net_.inject(phone_, ep("127.0.0.1", port), std::vector<std::uint8_t>(20, 0x80)));
    // Facts stay readable for the call record.
    EXPECT_EQ(media_->facts().local_rtp_port, port);
    EXPECT_EQ(media_->facts().remote_rtp, "127.0.0.2:30000");
    EXPECT_GE(media_->facts().packets_out, 1u);
  });
  on_shard([&] {
    media_.reset();
    EXPECT_EQ(pool_.leased(), 0u);
  });
}

TEST_F(CallMediaTest, StopFromInsideAnAiCallbackIsSafe) {
  stop_on_ai_failure_ = true;
  start_call(config());
  on_shard([&] {
    // The AI fails; the handler stops the media from inside the AI's own callback.
    ai_.events.on_error(std::make_error_code(std::errc::connection_reset), "gone");
    EXPECT_EQ(ai_failures_.size(), 1u);
    EXPECT_TRUE(media_->stopped());
    EXPECT_EQ(pool_.leased(), 0u);
    EXPECT_EQ(ai_.stopped, 1);
  });
  // The AI session object is destroyed after its callback returned (posted); still no events.
  on_shard([&] { EXPECT_EQ(ai_failures_.size(), 1u); });
}

TEST_F(CallMediaTest, RtpInactivityIsReportedOnceAndNotOnHold) {
  auto c = config();
  c.rtp.inactivity_timeout = 5s;
  start_call(std::move(c));
  on_shard([&] { clock_.advance(6s); });
  ASSERT_TRUE(wait_until([&] { return inactive_ == 1; }));
  phone_sends(phone_, 0x4444, 1, 10);  // packets flow again: a new silence would be reported
  on_shard([&] {
    EXPECT_EQ(inactive_, 1);
    // On hold the peer may rightly send nothing: no report however long it lasts.
    auto held = remote();
    held.hold = true;
    ASSERT_FALSE(media_->renegotiate(held));
    clock_.advance(60s);
  });
  std::this_thread::sleep_for(20ms);  // ten pacer periods in which nothing may happen
  on_shard([&] { EXPECT_EQ(inactive_, 1); });
}

TEST_F(CallMediaTest, HoldStopsSendingAndUnholdResumes) {
  start_call(config());
  on_shard([&] {
    auto held = remote();
    held.remote_address = "0.0.0.0";
    held.hold = true;
    ASSERT_FALSE(media_->renegotiate(held));
    EXPECT_TRUE(media_->on_hold());
    EXPECT_EQ(pacer_->size(), 0u);
  });
  ai_says(200);
  on_shard([&] {
    EXPECT_EQ(media_->queued_frames(), 0u);
    EXPECT_GT(media_->stats().ai_audio_before_start, 0u);
    ASSERT_FALSE(media_->renegotiate(remote()));
    EXPECT_FALSE(media_->on_hold());
  });
  ai_says(200);
  ASSERT_TRUE(wait_until([&] { return received_.size() >= 10; }));
}

TEST_F(CallMediaTest, CodecChangeKeepsThePortWithANewSsrc) {
  start_call(config());
  std::uint16_t port = 0;
  std::uint32_t ssrc = 0;
  on_shard([&] {
    port = media_->local_port();
    ssrc = media_->facts().ssrc_out;
    ASSERT_FALSE(media_->renegotiate(remote(sdp::pcma())));
    EXPECT_EQ(media_->local_port(), port);
    EXPECT_NE(media_->facts().ssrc_out, ssrc);
    EXPECT_EQ(pacer_->size(), 1u);
  });
  ai_says(100);
  ASSERT_TRUE(wait_until([&] { return received_.size() >= 5; }));
  on_shard([&] { EXPECT_NE(received_.back().ssrc, ssrc); });
}

TEST_F(CallMediaTest, EndCallToolIsAnsweredAndReported) {
  start_call(config());
  on_shard([&] {
    ai_.events.on_tool_call({"call-1", "end_call", "{}"});
    ai_.events.on_tool_call(
        {"call-2", "transfer_call", R"({"to":"+4930555","reason":"wants a human"})"});
    ai_.events.on_tool_call({"call-3", "weather", "{}"});
    ai_.events.on_tool_call({"call-4", "transfer_call", R"({"to":"+1900555"})"});
    EXPECT_EQ(end_calls_, 1);
    ASSERT_EQ(transfers_.size(), 2u);
    EXPECT_EQ(transfers_[0], "+4930555|wants a human");
    EXPECT_EQ(transfers_[1], "+1900555|");
    ASSERT_EQ(ai_.tool_responses.size(), 4u);
    EXPECT_EQ(ai_.tool_responses[0], R"(call-1 {"accepted":true})");
    EXPECT_EQ(ai_.tool_responses[1], R"(call-2 {"accepted":true})");
    EXPECT_NE(ai_.tool_responses[2].find("not supported"), std::string::npos);
    EXPECT_NE(ai_.tool_responses[3].find("not allowed"), std::string::npos);
  });
}

TEST_F(CallMediaTest, BridgedMediaSwapsTheAiForTheOtherLeg) {
  start_call(config());
  std::vector<std::int16_t> tapped;
  on_shard([&] {
    EXPECT_EQ(ai_.created, 1);
    media_->bridge([&](media::AudioFrame f) {
      EXPECT_EQ(f.sample_rate, 16000);
      tapped.insert(tapped.end(), f.samples.begin(), f.samples.end());
    });
    EXPECT_TRUE(media_->bridged());
    EXPECT_EQ(ai_.stopped, 1);  // the caller now talks to a person
  });
  phone_sends(phone_, 0x1234, 100, 50);
  on_shard([&] {
    // Rule 8: the caller's audio goes to the other leg, none of it to the AI.
    EXPECT_NEAR(static_cast<double>(tapped.size()), 47 * 320, 64);
    EXPECT_TRUE(ai_.audio.empty());
  });
  ai_says(200);  // a late AI chunk: never played once bridged
  on_shard([&] {
    EXPECT_EQ(media_->stats().frames_from_ai, 0u);
    media::AudioFrame person;
    person.sample_rate = 16000;
    person.samples.assign(16000 * 400 / 1000, 3000);  // 400 ms from the other leg
    media_->push_audio(std::move(person));
  });
  ASSERT_TRUE(wait_until([&] { return received_.size() >= 20; }));
  on_shard([&] { EXPECT_EQ(received_.front().payload.size(), 160u); });
}

TEST_F(CallMediaTest, TranscriptsAreLabelledBySpeaker) {
  start_call(config());
  on_shard([&] {
    ai_.events.on_input_transcript("hello", true);
    ai_.events.on_output_transcript("hi there", false);
    EXPECT_EQ(transcript_, "caller:hello;agent:hi there;");
  });
}

TEST_F(CallMediaTest, AiAudioBeforeStartIsDroppedAndCounted) {
  on_shard([&] {
    auto m = CallMedia::create(shard_, *pacer_, pool_, config(), events());
    media_ = std::move(*m);
    ASSERT_FALSE(media_->prepare());
    ASSERT_FALSE(media_->connect_ai());
  });
  ai_says(100);
  on_shard([&] { EXPECT_EQ(media_->stats().ai_audio_before_start, 2400u); });
}

// Real time: the recorder places audio by the clock, as in a call.
class CallMediaRecordingTest : public CallMediaTest {
 protected:
  CallMediaRecordingTest() {
    pacer_period_ = 20ms;
    simulated_clock_ = false;
  }
  media::RecordingWriter writer_;  // the process's one writer
};

std::size_t thread_count() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/task"))
    ++n;
  return n;
}

TEST_F(CallMediaRecordingTest, RecordingHasTheCallerLeftAndTheAiRightAndIsReportedWhenWhole) {
  const auto path = (std::filesystem::temp_directory_path() /
                     ("va_call_media_rec_" + std::to_string(::getpid()) + ".wav"))
                        .string();
  auto c = config();
  c.recording_path = path;
  c.recorder = &writer_;
  std::promise<media::RecordingResult> finished;
  c.on_recording_finished = [&](const media::RecordingResult& r) { finished.set_value(r); };
  const auto threads = thread_count();
  start_call(std::move(c));
  EXPECT_EQ(thread_count(), threads) << "a recorded call starts no thread";
  // Interleave: the caller talks (600 Hz) while the AI's audio (900 Hz) plays.
  ai_says(400);
  for (int i = 0; i < 40; ++i) {  // the phone's 20 ms packet clock
    phone_sends(phone_, 0x77, static_cast<std::uint16_t>(i), 1);
    std::this_thread::sleep_for(20ms);
  }
  on_shard([&] { media_->stop(); });
  // The writer finishes the file on its own thread, then reports it.
  auto done = finished.get_future();
  ASSERT_EQ(done.wait_for(5s), std::future_status::ready) << "recording never reported";
  const auto result = done.get();
  EXPECT_TRUE(result.complete) << result.error;
  EXPECT_EQ(result.path, path);
  SF_INFO info{};
  SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
  ASSERT_NE(f, nullptr);
  std::vector<std::int16_t> data(static_cast<std::size_t>(info.frames) * 2);
  sf_readf_short(f, data.data(), info.frames);
  sf_close(f);
  EXPECT_EQ(static_cast<std::uint64_t>(info.frames), result.frames);
  EXPECT_GT(info.frames, 8000 * 7 / 10);
  EXPECT_EQ(info.channels, 2);
  EXPECT_EQ(info.samplerate, 8000);
  auto level = [&](int ch, double hz) {
    double re = 0, im = 0;
    for (std::size_t i = 0; i < data.size() / 2; ++i) {
      re += data[i * 2 + ch] * std::cos(2 * std::numbers::pi * hz * i / 8000.0);
      im += data[i * 2 + ch] * std::sin(2 * std::numbers::pi * hz * i / 8000.0);
    }
    return 2 * std::hypot(re, im) / static_cast<double>(data.size() / 2);
  };
  EXPECT_GT(level(0, 600), 1000);  // caller left
  EXPECT_LT(level(0, 900), 300);
  EXPECT_GT(level(1, 900), 1000);  // AI right
  EXPECT_LT(level(1, 600), 300);
  std::filesystem::remove(path);
}

TEST(CallMediaRecording, CreatingTheTapTouchesNeitherTheWriterNorTheDisk) {
  const auto path = (std::filesystem::temp_directory_path() /
                     ("va_call_media_lazy_" + std::to_string(::getpid()) + ".wav"))
                        .string();
  core::SimulatedClock clock;
  media::RecordingWriter writer;
  CallMediaRecording rec(writer, {path, 8000, 100, 2000ms, {}, {}}, clock);
  rec.ai_queued(std::vector<std::int16_t>(160, 5));  // mirrored only: nothing sent yet
  EXPECT_EQ(writer.stats().recordings_opened, 0u);
  clock.advance(20ms);
  rec.sync(0);  // the frame left: now the recording is opened
  EXPECT_EQ(writer.stats().recordings_opened, 1u);
  rec.close(0);
  ASSERT_TRUE(rec.handle().wait_finished(5s));
  EXPECT_EQ(rec.handle().stats().frames_written, 160u);
  std::filesystem::remove(path);
}

TEST(CallMediaRecording, LongCallerAudioLandsInOrderAndOnlySentAiFramesAreWritten) {
  const auto path = (std::filesystem::temp_directory_path() /
                     ("va_call_media_tap_" + std::to_string(::getpid()) + ".wav"))
                        .string();
  core::SimulatedClock clock;
  media::RecordingWriter writer;
  CallMediaRecording rec(writer, {path, 8000, 100, 2000ms, {}, {}}, clock);
  clock.advance(500ms);  // position 4000: far from the cursors (no snap to 0)
  std::vector<std::int16_t> caller(1500);
  for (std::size_t i = 0; i < caller.size(); ++i)
    caller[i] = static_cast<std::int16_t>(i % 1000 + 1);
  rec.caller(caller);  // longer than one recorder piece: split, in order, ending now
  const std::vector<std::int16_t> ai(160, -300), flushed(160, 999);
  rec.ai_queued(ai);
  rec.ai_queued(ai);
  rec.ai_queued(flushed);
  rec.sync(1);       // two frames left the queue: written, ending now
  rec.ai_flushed();  // the third never plays
  rec.close(0);
  ASSERT_TRUE(rec.handle().wait_finished(5s));
  SF_INFO info{};
  SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
  ASSERT_NE(f, nullptr);
  std::vector<std::int16_t> data(static_cast<std::size_t>(info.frames) * 2);
  sf_readf_short(f, data.data(), info.frames);
  sf_close(f);
  std::filesystem::remove(path);
  ASSERT_EQ(info.frames, 4000);
  for (std::size_t i = 0; i < caller.size(); ++i) {
    ASSERT_EQ(data[(2500 + i) * 2], caller[i]) << "caller sample " << i;
  }
  for (std::size_t i = 3680; i < 4000; ++i)
    ASSERT_EQ(data[i * 2 + 1], -300) << i;
  for (std::size_t i = 0; i < 3680; ++i)
    ASSERT_EQ(data[i * 2 + 1], 0) << i;
}

}  // namespace
}  // namespace va::call
