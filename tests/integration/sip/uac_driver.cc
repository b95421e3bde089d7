// uac_driver: a SipStack on loopback UDP that registers to a registrar or places one call as
// a user-agent client (RFC 3261 10.2, 13.2, 22.2), so SIPp can play the registrar or the
// gateway. Test tool for tests/integration/sip/uac_test.sh.
//
// Usage:
//   uac_driver register <registrar_port> <user> <password> <expires_s> <registrations>
//     Registers to sip:127.0.0.1:<port>; waits (bounded) until <registrations> successful
//     REGISTER transactions (the first plus refreshes) or a failure, then unregisters.
//     Prints "registered <n> expires=<s>", "failed <status> <reason>", "unregistered", and
//     "result registrations=<n> failures=<n> unregistered=<0|1> state=<state>".
//   uac_driver call <gateway_port> <hangup_ms> <user> <password> [dial_timeout_s [t1_ms]]
//     Calls sip:0123@127.0.0.1:<port>; prints "progress <status>", "answered sdp=<0|1>",
//     "failed <outcome> <status> <reason>", "ended <reason> <status>"; hangs up hangup_ms after
//     the answer (0: waits for the gateway's BYE). Exits after the end or 20 s. t1_ms sets the
//     stack's T1 (default 500), so 64*T1 give-ups fit a test. At the end it prints
//     "sessions_left=<n>" and "transactions_active=<n>" (client and server transactions still
//     in the stack's tables).
#include <atomic>
#include <boost/asio/post.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/shard_pool.h"
#include "sip/dialog_registry.h"
#include "sip/outgoing_call.h"
#include "sip/random_token.h"
#include "sip/registration.h"
#include "sip/sip_stack.h"

namespace {

using namespace va;
using namespace std::chrono_literals;

// Polls `done` until it holds or `limit` passes (the only wait of this tool).
bool wait_for(const std::function<bool()>& done, std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

std::string call_id() {
  return sip::make_tag() + sip::make_tag() + "@127.0.0.1";
}

int run_register(core::ShardPool& shards, sip::SipStack& stack, std::uint16_t port, char** argv) {
  sip::RegistrationConfig config;
  config.registrar = *sip::parse_uri(std::string("sip:127.0.0.1:") + argv[2]);
  config.username = argv[3];
  config.password = argv[4];
  config.expires = std::chrono::seconds(std::atoi(argv[5]));
  config.backoff_initial = 60s;  // one failure is the verdict here; no retry during the test
  config.local.user = config.username;
  config.local.host = "127.0.0.1";
  config.local.port = port;
  config.call_id = call_id();
  const int wanted = std::atoi(argv[6]);
  core::Shard& shard = shards.by_key(config.call_id);
  const int index = shard.index();

  std::atomic<int> registrations{0}, failures{0};
  std::shared_ptr<sip::Registration> reg;
  core::run_on(shard, [&] {
    reg = sip::Registration::create(stack.transaction_layer(index), stack.timers(index),
                                    core::Clock::steady(), config);
    reg->set_status_handler([&](const sip::RegistrationStatus& s) {
      if (s.state == sip::RegistrationState::Registered && s.last_status / 100 == 2) {
        std::printf("registered %d expires=%lld\n", registrations.fetch_add(1) + 1,
                    static_cast<long long>(s.granted_expires_s));
      } else if (s.state == sip::RegistrationState::Failed) {
        failures.fetch_add(1);
        std::printf("failed %d %s\n", s.last_status, s.last_reason.c_str());
      }
      std::fflush(stdout);
    });
    reg->start();
  });
  const auto budget = std::chrono::seconds(5 + std::atoi(argv[5]) * wanted);
  wait_for([&] { return registrations.load() >= wanted || failures.load() > 0; }, budget);
  std::atomic<bool> unregistered{false};
  core::run_on(shard, [&] { reg->stop([&] { unregistered.store(true); }); });
  wait_for([&] { return unregistered.load(); }, 10s);
  if (unregistered.load()) std::printf("unregistered\n");
  std::string state;
  core::run_on(shard, [&] {
    state = sip::to_string(reg->status().state);
    reg.reset();
  });
  std::printf("result registrations=%d failures=%d unregistered=%d state=%s\n",
              registrations.load(), failures.load(), unregistered.load() ? 1 : 0, state.c_str());
  return 0;
}

struct CallState {
  std::shared_ptr<sip::OutgoingCall> call;
  std::shared_ptr<sip::InviteSession> session;
  std::atomic<bool> finished{false};
};

int run_call(core::ShardPool& shards, sip::SipStack& stack, std::uint16_t port, int argc,
             char** argv) {
  const int hangup_ms = std::atoi(argv[3]);
  std::vector<std::unique_ptr<sip::DialogRegistry>> registries(
      static_cast<std::size_t>(shards.size()));
  for (int i = 0; i < shards.size(); ++i) {
    core::run_on(shards.at(i), [&, i] {
      sip::DialogConfig dc;
      dc.local.host = "127.0.0.1";
      dc.local.port = port;
      auto& r = registries[static_cast<std::size_t>(i)];
      r = std::make_unique<sip::DialogRegistry>(stack.transaction_layer(i), stack.transport(),
                                                stack.timers(i), stack.timer_config(), dc);
      r->attach(stack.user_agent(i));
    });
  }
  sip::OutgoingCallConfig config;
  config.call_id = call_id();
  config.request_uri = std::string("sip:0123@127.0.0.1:") + argv[2];
  config.sdp_offer =
      "v=0\r\no=voiceagent 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
      "t=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";
  config.username = argv[4];
  config.password = argv[5];
  config.dial_timeout = std::chrono::seconds(argc > 6 ? std::atoi(argv[6]) : 10);
  core::Shard& shard = shards.by_key(config.call_id);
  const int index = shard.index();
  CallState state;
  core::run_on(shard, [&] {
    sip::OutgoingCallEvents events;
    events.on_progress = [](int status, const std::optional<std::string>& sdp) {
      std::printf("progress %d%s\n", status, sdp ? " sdp" : "");
      std::fflush(stdout);
    };
    events.on_failed = [&](sip::CallOutcome outcome, int status, const std::string& reason) {
      std::printf("failed %s %d %s\n", sip::to_string(outcome), status, reason.c_str());
      std::fflush(stdout);
      state.finished.store(true);
    };
    events.on_answered = [&, index](const std::string& sdp,
                                    std::shared_ptr<sip::InviteSession> session) {
      std::printf("answered sdp=%d\n", sdp.empty() ? 0 : 1);
      std::fflush(stdout);
      sip::InviteSessionEvents se;
      se.on_terminated = [&](sip::TerminationReason reason, int status) {
        std::printf("ended %s %d\n", sip::to_string(reason), status);
        std::fflush(stdout);
        state.finished.store(true);
      };
      session->set_events(std::move(se));
      state.session = session;
      if (hangup_ms > 0) {
        std::weak_ptr<sip::InviteSession> weak = session;
        stack.timers(index).start(std::chrono::milliseconds(hangup_ms), [weak] {
          if (auto s = weak.lock()) s->hangup();
        });
      }
    };
    state.call = sip::OutgoingCall::start(*registries[static_cast<std::size_t>(index)], config,
                                          std::move(events));
  });
  if (!wait_for([&] { return state.finished.load(); }, 20s)) std::printf("timeout\n");
  // Give a final ACK/200 a moment to leave before the stack stops (bounded, not a sync).
  std::this_thread::sleep_for(200ms);
  for (int i = 0; i < shards.size(); ++i) {
    core::run_on(shards.at(i), [&, i] {
      if (i == index) {
        state.call.reset();
        state.session.reset();
        std::printf("sessions_left=%zu\n",
                    registries[static_cast<std::size_t>(i)]->session_count());
      }
      stack.user_agent(i).set_dialog_handler(nullptr);
      registries[static_cast<std::size_t>(i)].reset();
    });
  }
  std::printf("transactions_active=%lld\n",
              static_cast<long long>(stack.counters().transactions_active.load()));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (!((mode == "register" && argc == 7) || (mode == "call" && argc >= 6 && argc <= 8))) {
    std::fprintf(stderr,
                 "usage: uac_driver register <port> <user> <password> <expires_s> <count>\n"
                 "       uac_driver call <port> <hangup_ms> <user> <password> [dial_s [t1_ms]]\n");
    return 2;
  }
  core::ShardPool shards{2};
  shards.start();
  sip::SipStackConfig config;
  config.transport.listen = "127.0.0.1:0";
  if (mode == "call" && argc == 8) config.timers.t1 = std::chrono::milliseconds(std::atoi(argv[7]));
  sip::SipStack stack(shards, config);
  if (auto ec = stack.start()) {
    std::fprintf(stderr, "cannot bind: %s\n", ec.message().c_str());
    return 2;
  }
  const std::uint16_t port = stack.transport().udp_endpoint().port();
  std::printf("listening udp:127.0.0.1:%u\n", static_cast<unsigned>(port));
  std::fflush(stdout);
  const int rc = mode == "register" ? run_register(shards, stack, port, argv)
                                    : run_call(shards, stack, port, argc, argv);
  std::fflush(stdout);
  stack.stop();
  shards.stop();
  return rc;
}
