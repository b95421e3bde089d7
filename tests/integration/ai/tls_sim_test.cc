// TLS that succeeds (ai-live-protocols.md A1, A15, B): a CA made here with the openssl CLI, a
// certificate for "localhost" signed by it, and the simulator behind a TLS front (tls_front.h),
// so the Live client speaks wss:// and the TTS client https:// to loopback, each verifying the
// chain (OpenSSL's default store, pointed at the test CA by SSL_CERT_FILE) and the host name.
// A certificate for another name, or one from a CA the client does not trust, fails with an
// error that says so.
#include <gtest/gtest.h>
#include <stdlib.h>

#include "ai/errc.h"
#include "ai/gemini/tts_client.h"
#include "integration/ai/sim_fixture.h"
#include "integration/ai/tls_front.h"
#include "integration/test_pki.h"
#include "sim/sim_config.h"

namespace va::ai::test {
namespace {
using namespace std::chrono_literals;

using va::test::TestPki;

class TlsSimTest : public SimTest {
 protected:
  void SetUp() override {
    SimTest::SetUp();
    sim_threads_ = 1;  // the TTS client blocks the test thread
    ASSERT_TRUE(pki_.ok()) << "openssl could not make the test CA";
    ASSERT_EQ(::setenv("SSL_CERT_FILE", pki_.ca().c_str(), 1), 0);
    ASSERT_EQ(::setenv("SSL_CERT_DIR", pki_.path("no-such-dir").c_str(), 1), 0);
  }
  void TearDown() override {
    front_.reset();
    ::unsetenv("SSL_CERT_FILE");
    ::unsetenv("SSL_CERT_DIR");
    SimTest::TearDown();
  }

  // The simulator behind a TLS front serving certificate `name`.
  void start_behind_tls(const std::string& name) {
    start_server();
    front_ = std::make_unique<TlsFront>(pki_.path(name + ".pem"), pki_.path(name + ".key"),
                                        server_->port());
  }
  std::string wss_url(const std::string& host) const {
    return "wss://" + host + ":" + std::to_string(front_->port()) + sim::kLivePath;
  }
  gemini::TtsConfig tts(const std::string& host) const {
    gemini::TtsConfig c;
    c.base_url = "https://" + host + ":" + std::to_string(front_->port()) + "/v1beta";
    c.model = "gemini-2.5-flash-preview-tts";
    c.api_key = kKey;
    c.timeout = 5000ms;
    return c;
  }

  TestPki pki_;
  std::unique_ptr<TlsFront> front_;
};

TEST_F(TlsSimTest, WssAndHttpsToACertifiedHostNameSucceedWithTheChainAndNameVerified) {
  ASSERT_TRUE(pki_.issue("localhost", "localhost"));
  start_behind_tls("localhost");
  Recorder rec;
  auto c = client_config();
  c.url = wss_url("localhost");
  auto& s = open(rec, c);
  ASSERT_TRUE(run_until([&] { return rec.ready || rec.error; })) << "no setupComplete over TLS";
  ASSERT_FALSE(rec.error) << rec.error.message() << ": " << rec.error_reason;
  say_something(s);
  ASSERT_TRUE(run_until([&] { return rec.turns >= 1; }));
  EXPECT_GT(tone_amplitude(rec.audio, 24000, sim::tone_frequency_for_key(kKey)), 5000);

  gemini::RestError failure;
  auto pcm = gemini::synthesize_speech(tts("localhost"), "Hello.", "Puck", &failure);
  ASSERT_TRUE(pcm) << pcm.error().message() << ": " << failure.message;
  EXPECT_GT(tone_amplitude(pcm->samples, 24000, sim::tone_frequency_for_key(kKey)), 5000);
  EXPECT_EQ(front_->handshakes(), 2);
}

TEST_F(TlsSimTest, ACertificateForAnotherNameFailsWithAHostNameMismatch) {
  ASSERT_TRUE(pki_.issue("other", "other.test"));  // trusted chain, wrong name
  start_behind_tls("other");
  Recorder rec;
  auto c = client_config();
  c.url = wss_url("localhost");
  open(rec, c);
  ASSERT_TRUE(run_until([&] { return bool(rec.error); }));
  EXPECT_EQ(rec.error, make_error_code(Errc::ConnectFailed));
  EXPECT_NE(rec.error_reason.find("hostname mismatch"), std::string::npos) << rec.error_reason;
  EXPECT_FALSE(rec.ready);

  gemini::RestError failure;
  auto pcm = gemini::synthesize_speech(tts("localhost"), "Hello.", "Puck", &failure);
  ASSERT_FALSE(pcm);
  EXPECT_EQ(pcm.error(), make_error_code(Errc::ConnectFailed));
  EXPECT_NE(failure.message.find("hostname mismatch"), std::string::npos) << failure.message;
  EXPECT_EQ(front_->handshakes(), 0);
  EXPECT_EQ(server_->counters().tts_requests, 0u);
}

TEST_F(TlsSimTest, ACertificateFromAnUntrustedIssuerFailsTheChain) {
  ASSERT_TRUE(pki_.issue("stranger", "localhost", /*self_signed=*/true));
  start_behind_tls("stranger");
  Recorder rec;
  auto c = client_config();
  c.url = wss_url("localhost");
  open(rec, c);
  ASSERT_TRUE(run_until([&] { return bool(rec.error); }));
  EXPECT_EQ(rec.error, make_error_code(Errc::ConnectFailed));
  EXPECT_NE(rec.error_reason.find("certificate verify failed"), std::string::npos)
      << rec.error_reason;
  EXPECT_EQ(front_->handshakes(), 0);
}

}  // namespace
}  // namespace va::ai::test
