// `voiceagent demo`: everything in one process on loopback: the simulator (tone mode: each key
// answers with its own tone), a two-line gateway (each line speaks its own tone), and the
// server's real SIP stack, RTP, AI bridge and SQLite store. The crosstalk verdict comes from
// the audio each line heard: its own key's tone must be there, the other key's must not.
#include "app/demo_command.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <filesystem>
#include <future>
#include <iostream>
#include <optional>
#include <thread>

#include "ai/greeting_cache.h"
#include "app/crm_context.h"
#include "app/demo/sim_gateway.h"
#include "app/embedded_simulator.h"
#include "call/call_manager.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/shard_pool.h"
#include "crm/db_pool.h"
#include "media/recording_writer.h"
#include "media/tone_detector.h"
#include "rtp/config.h"
#include "rtp/port_pool.h"
#include "sim/sim_server.h"
#include "sip/sip_stack.h"

namespace va::app {
namespace {

struct DemoUser {
  std::string name;
  std::string key;
  std::string number;
  int line_tone_hz;
  crm::User user;
  crm::Id call_id = 0;
};

// The simulator in tone mode, knowing exactly the demo's keys: each key answers with its own
// tone, so what a phone heard tells which AI session it was connected to.
sim::SimConfig demo_sim_config(const std::vector<std::string>& keys) {
  sim::SimConfig config;
  config.mode = sim::ReplyMode::Tone;
  config.keys = {keys.begin(), keys.end()};
  config.reply_length = std::chrono::milliseconds(1500);
  return config;
}

std::filesystem::path make_temp_dir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "voiceagent-demo-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary directory");
  return pattern;
}

// Frequencies no one in the demo uses: the greeting's speech puts some energy everywhere, so
// the other call's tone is judged against these, not against zero.
constexpr double kControlHz[] = {570.0, 1130.0, 1370.0, 1770.0};

struct Heard {
  double own_db = -120;
  double other_db = -120;
  double control_db = -120;  // the loudest control frequency
};

Heard analyse(const std::vector<std::int16_t>& pcm, int own_hz, int other_hz) {
  std::vector<double> freqs = {static_cast<double>(own_hz), static_cast<double>(other_hz)};
  freqs.insert(freqs.end(), std::begin(kControlHz), std::end(kControlHz));
  media::ToneDetector detector(8000, freqs);
  detector.feed(pcm);
  auto db = [&](std::size_t i) {
    const double v = detector.relative_db(i);
    return std::isfinite(v) ? v : -120.0;
  };
  Heard h{db(0), db(1), -120};
  for (std::size_t i = 2; i < freqs.size(); ++i)
    h.control_db = std::max(h.control_db, db(i));
  return h;
}

core::Config demo_config(const std::filesystem::path& dir, std::uint16_t gateway_port,
                         const std::string& simulator_url) {
  core::Config config;
  config.data_dir = dir.string();
  config.sip.listen = "127.0.0.1:0";
  config.sip.trunk.uri = fmt::format("sip:127.0.0.1:{}", gateway_port);
  config.sip.trunk.register_enabled = false;
  config.sip.inbound_acl = "127.0.0.1";
  config.rtp.port_min = 41000;
  config.rtp.port_max = 41999;
  config.ai.gemini.url = simulator_url;
  config.ai.simulator = "off";
  config.shards = 2;
  return config;
}

// Each demo user: an admin with its own key (one call at a time).
void create_users(CrmContext& crm, std::vector<DemoUser>& users) {
  for (auto& u : users) {
    crm::User user;
    user.username = u.name;
    user.role = crm::Role::Admin;
    user.max_concurrent_calls = 1;
    user.id = crm.store->create_user(user).value();
    if (!crm.keys->set_user_key(nullptr, user.id, u.key))
      throw std::runtime_error("demo: key not stored");
    u.user = crm.store->get_user(user.id).value();
  }
}

// Places every user's call at the same moment, then prints their counters once a second.
bool place_and_watch(call::CallManager& calls, std::vector<DemoUser>& users, int seconds) {
  // The seed's scenario: both calls start at the same moment.
  std::cout << "placing two calls at the same moment...\n" << std::flush;
  std::vector<std::future<core::Result<crm::Id>>> placed;
  for (auto& u : users) {
    placed.push_back(std::async(std::launch::async, [&calls, &u] {
      return calls.place_call({u.user, u.number, 0, 0, std::nullopt});
    }));
  }
  bool ok = true;
  for (std::size_t i = 0; i < users.size(); ++i) {
    auto id = placed[i].get();
    if (!id) {
      std::cout << "  " << users[i].name << ": call refused: " << id.error().message() << "\n";
      ok = false;
      continue;
    }
    users[i].call_id = *id;
  }
  for (int s = 1; s <= seconds && ok; ++s) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    std::cout << "  " << s << "/" << seconds << " s:";
    for (const auto& u : users) {
      auto live = calls.live_calls().find(u.call_id);
      std::cout << fmt::format("  {} {} (in {} out {})", u.name,
                               crm::to_string(live ? live->status : crm::CallStatus::Ended),
                               live ? live->media.packets_in : 0,
                               live ? live->media.packets_out : 0);
    }
    std::cout << "\n" << std::flush;
  }
  return ok;
}

// One verdict per call from what its phone heard and from its record; false on any crosstalk.
bool report(crm::Store& store, const std::vector<DemoUser>& users,
            const std::vector<demo::LineReport>& lines) {
  bool ok = true;
  std::cout << "\n";
  for (std::size_t i = 0; i < users.size(); ++i) {
    const auto& u = users[i];
    const auto& other = users[1 - i];
    const auto& line = lines[i];
    auto record = store.get_call(u.call_id);
    if (!record) {
      std::cout << u.name << ": no call record\n";
      ok = false;
      continue;
    }
    const int own_hz = sim::tone_frequency_for_key(u.key);
    const int other_hz = sim::tone_frequency_for_key(other.key);
    const auto heard = analyse(line.heard, own_hz, other_hz);
    const bool heard_own = heard.own_db > -20.0;
    // Crosstalk would put the other AI's tone near our own level; speech leakage stays at
    // the level of frequencies nobody uses.
    const bool heard_other =
        heard.other_db > heard.control_db + 10.0 || heard.other_db > heard.own_db - 20.0;
    const bool clean = record->status == crm::CallStatus::Ended && heard_own && !heard_other &&
                       record->packets_dropped_foreign == 0;
    ok = ok && clean;
    std::cout << fmt::format(
        "call {} ({} -> {}): {}\n"
        "  voiceagent RTP port {}  gateway RTP port {}  SSRC ours {:#010x} theirs {:#010x}\n"
        "  key fingerprint {}  greeting latency {} ms\n"
        "  frames to the phone {}  frames from the phone {}  foreign packets dropped {}\n"
        "  the phone heard its own AI's tone ({} Hz) at {:.1f} dB, the other call's ({} Hz) at "
        "{:.1f} dB (unused frequencies: {:.1f} dB)\n"
        "  crosstalk verdict: {}\n",
        record->id, u.name, u.number, record->end_reason, record->local_rtp_port,
        line.local_rtp_port, static_cast<std::uint32_t>(record->ssrc_out),
        static_cast<std::uint32_t>(record->ssrc_in), record->key_fingerprint,
        record->greeting_latency_ms, record->packets_out, record->packets_in,
        record->packets_dropped_foreign, own_hz, heard.own_db, other_hz, heard.other_db,
        heard.control_db, clean ? "none: each call heard only its own AI" : "PROBLEM (see above)");
  }
  return ok;
}

}  // namespace

int run_demo(const DemoOptions& options) {
  const auto dir = make_temp_dir();
  std::cout << "voiceagent demo: data in " << dir.string() << "\n";
  std::vector<DemoUser> users = {
      {"alice", "demo-key-alice-0001", "1001", 440, {}, 0},
      {"bob", "demo-key-bob-0002", "1002", 700, {}, 0},
  };

  EmbeddedSimulator simulator(demo_sim_config({users[0].key, users[1].key}));
  demo::SimGateway gateway(
      {{users[0].number, users[0].line_tone_hz}, {users[1].number, users[1].line_tone_hz}});
  gateway.start();

  const core::Config config = demo_config(dir, gateway.sip_port(), simulator.url());
  const auto settings = call::CallSettings::from(config);

  core::ShardPool shards(static_cast<int>(config.shards));
  shards.start();
  sip::SipStack sip_stack(shards, sip::SipStackConfig::from(config));
  if (auto ec = sip_stack.start()) {
    std::cerr << "demo: SIP cannot listen on loopback: " << ec.message() << "\n";
    return 1;
  }
  CrmContext crm(config);
  crm::DbPool db(2);
  create_users(crm, users);
  rtp::PortPool ports(rtp::port_pool_config(config.rtp), core::Clock::steady());
  ai::GreetingCache greetings;
  media::RecordingWriter recordings;  // the one writer thread for every call's recording
  call::CallManager calls(call::CallManagerDeps{shards, sip_stack, ports, *crm.store, *crm.keys,
                                                greetings, db.executor(), nullptr, "", &recordings},
                          settings);
  calls.start();

  bool ok = place_and_watch(calls, users, options.seconds);
  for (const auto& u : users) {
    if (u.call_id) calls.hangup(u.call_id);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (calls.live_calls().size() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  calls.stop();
  recordings.stop();  // finishes the files; their paths reach the records through `db`
  db.stop();

  ok = report(*crm.store, users, gateway.reports()) && ok;
  sip_stack.stop();
  shards.stop();
  gateway.stop();
  if (!options.keep_data) std::filesystem::remove_all(dir);
  std::cout << (ok ? "\ndemo passed: two concurrent calls, no crosstalk\n" : "\ndemo FAILED\n");
  return ok ? 0 : 1;
}

}  // namespace va::app
