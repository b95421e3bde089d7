// CallStackTest: the whole call layer in one process, as `voiceagent serve` wires it, for the
// call integration tests: our SIP stack and CallManager against a simulated gateway (real SIP
// and RTP on loopback), the Gemini Live simulator (real WebSocket), a real SQLite store, and
// two users with their own keys. A test's SetUp calls start() with what differs.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "ai/greeting_cache.h"
#include "app/demo/sim_gateway.h"
#include "app/embedded_simulator.h"
#include "call/call_manager.h"
#include "core/clock.h"
#include "crm/db_pool.h"
#include "media/recording_writer.h"
#include "rtp/config.h"
#include "sim/sim_server.h"
#include "sip/sip_stack.h"

namespace va::call {

struct CallStackOptions {
  std::string name;                           // names the temp dir (with the test's name)
  std::vector<app::demo::GatewayLine> lines;  // the gateway's numbers
  sim::SimConfig sim;
  std::int64_t port_min = 0;                  // 1000 RTP ports from here
  std::int64_t rtp_inactivity_timeout_s = 0;  // 0: the configured default
  std::int64_t dial_timeout_s = 0;            // 0: the configured default
  unsigned char master_key_byte = 1;
  bool shared_recorder = false;  // one RecordingWriter passed in, as serve does
  CallEventSink* events = nullptr;
  std::string inbound_acl;          // sip.inbound_acl; empty: the trunk's address only
  bool send_language_code = false;  // ai.gemini.send_language_code
};

class CallStackTest : public ::testing::Test {
 protected:
  // Keys whose simulator tones (920 Hz, 1640 Hz) lie clear of the greeting's speech
  // fundamentals and of the gateway lines' own tones.
  static constexpr const char* kKeyA = "demo-key-alice-0001";
  static constexpr const char* kKeyB = "demo-key-bob-0002";

  void start(CallStackOptions o) {
    dir_ = std::filesystem::temp_directory_path() /
           (o.name + "_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    sim_ = std::make_unique<app::EmbeddedSimulator>(std::move(o.sim));
    gateway_ = std::make_unique<app::demo::SimGateway>(std::move(o.lines));
    gateway_->start();

    config_.data_dir = dir_.string();
    config_.sip.listen = "127.0.0.1:0";
    config_.sip.trunk.uri = "sip:127.0.0.1:" + std::to_string(gateway_->sip_port());
    config_.sip.inbound_acl = o.inbound_acl;
    config_.rtp.port_min = o.port_min;
    config_.rtp.port_max = o.port_min + 999;
    if (o.rtp_inactivity_timeout_s > 0)
      config_.rtp.inactivity_timeout_s = o.rtp_inactivity_timeout_s;
    if (o.dial_timeout_s > 0) config_.limits.dial_timeout_s = o.dial_timeout_s;
    config_.ai.gemini.url = sim_->url();
    config_.ai.simulator = "off";
    config_.ai.gemini.send_language_code = o.send_language_code;
    config_.shards = 2;
    settings_ = CallSettings::from(config_);

    shards_.start();
    sip_ = std::make_unique<sip::SipStack>(shards_, sip::SipStackConfig::from(config_));
    ASSERT_FALSE(sip_->start());
    store_ = crm::Store::create("sqlite:" + (dir_ / "db.sqlite").string()).value();
    crm::KeyVault::MasterKey master{};
    master.fill(o.master_key_byte);
    keys_ = std::make_unique<crm::KeyPool>(*store_, crm::KeyVault(master));
    alice_ = make_user("alice", kKeyA);
    bob_ = make_user("bob", kKeyB);
    ports_ =
        std::make_unique<rtp::PortPool>(rtp::port_pool_config(config_.rtp), core::Clock::steady());
    if (o.shared_recorder) recordings_ = std::make_unique<media::RecordingWriter>();
    CallManagerDeps deps{shards_, *sip_,      *ports_,        *store_,
                         *keys_,  greetings_, db_.executor(), o.events};
    deps.recordings = recordings_.get();
    manager_ = std::make_unique<CallManager>(std::move(deps), settings_);
    manager_->start();
  }

  void TearDown() override {
    if (manager_) manager_->stop();
    manager_.reset();
    if (recordings_) recordings_->stop();
    db_.stop();
    if (sip_) sip_->stop();
    shards_.stop();
    if (gateway_) gateway_->stop();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  crm::User make_user(const std::string& name, const std::string& key) {
    crm::User u;
    u.username = name;
    u.role = crm::Role::Admin;
    u.max_concurrent_calls = 1;
    u.id = store_->create_user(u).value();
    EXPECT_TRUE(keys_->set_user_key(nullptr, u.id, key));
    return store_->get_user(u.id).value();
  }

  // Waits (bounded) until the call's record satisfies `pred`.
  crm::Call wait_record(crm::Id id, const std::function<bool(const crm::Call&)>& pred,
                        const std::string& what,
                        std::chrono::seconds limit = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      auto got = store_->get_call(id);
      if (got && pred(*got)) return *got;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "call " << id << ": " << what;
    auto last = store_->get_call(id);
    return last ? *last : crm::Call{};
  }

  // Waits (bounded) until the call's record says `status`.
  crm::Call wait_status(crm::Id id, const std::string& status,
                        std::chrono::seconds limit = std::chrono::seconds(10)) {
    return wait_record(
        id, [&](const crm::Call& c) { return crm::to_string(c.status) == status; },
        "never reached " + status, limit);
  }

  std::filesystem::path dir_;
  std::unique_ptr<app::EmbeddedSimulator> sim_;  // first in, last out
  std::unique_ptr<app::demo::SimGateway> gateway_;
  core::Config config_;
  CallSettings settings_;
  core::ShardPool shards_{2};
  std::unique_ptr<sip::SipStack> sip_;
  std::unique_ptr<crm::Store> store_;
  std::unique_ptr<crm::KeyPool> keys_;
  crm::DbPool db_{2};
  std::unique_ptr<media::RecordingWriter> recordings_;  // only with shared_recorder
  std::unique_ptr<rtp::PortPool> ports_;
  ai::GreetingCache greetings_;
  std::unique_ptr<CallManager> manager_;
  crm::User alice_, bob_;
};

}  // namespace va::call
