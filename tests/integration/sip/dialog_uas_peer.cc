// dialog_uas_peer: a SipStack with a DialogRegistry per shard on loopback UDP, answering every
// INVITE (180, then 200 with a fixed SDP) so SIPp can drive the UAS side of INVITE sessions
// (RFC 3261 13.3, 15; RFC 4028) end to end. Test tool for tests/integration/sip/dialog_*.sh.
//
// Usage: dialog_uas_peer [hangup_ms [answer_delay_ms [t1_ms]]]: hangup_ms > 0 sends our BYE
// that long after the ACK; answer_delay_ms > 0 rings that long before answering (a CANCEL can
// come); t1_ms sets T1 (default 500) so that 64*T1 give-ups (no ACK -> BYE) fit a test.
// Prints "listening udp:127.0.0.1:<port>", runs until SIGTERM/SIGINT, then prints one line
// "dialog counters: calls=.. confirmed=.. offers=.. remote_bye=.. local_bye=.. other_end=..
// cancelled=..
// sessions_left=.. pending_left=.. merged=.. absorbed=.. reliable=.. pracks=.. prack_timeouts=.."
// and exits 0. An INVITE requiring 100rel gets its 180 reliably (RFC 3262).
#include <atomic>
#include <boost/asio/post.hpp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <memory>
#include <unordered_map>
#include <vector>

#include "core/shard_pool.h"
#include "sip/dialog_registry.h"
#include "sip/incoming_call.h"
#include "sip/sip_stack.h"

namespace {

using namespace va;

std::atomic<int> calls{0}, confirmed{0}, offers{0}, remote_bye{0}, local_bye{0}, other_end{0},
    cancelled{0};
std::atomic<bool> stop_requested{false};

std::string fixed_sdp() {
  return "v=0\r\no=voiceagent 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
         "t=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";
}

// One shard's dialog layer and the sessions it keeps alive; touched only on that shard.
struct ShardCalls {
  std::unique_ptr<sip::DialogRegistry> registry;
  std::unordered_map<sip::InviteSession*, std::shared_ptr<sip::InviteSession>> sessions;
  // Calls ringing before their answer; dropped at shutdown, before the SipStack goes (an
  // IncomingCall holds its server transaction, which must not outlive the stack's timers).
  std::unordered_map<sip::IncomingCall*, std::shared_ptr<sip::IncomingCall>> ringing;
  std::size_t sessions_left = 0, pending_left = 0, merged = 0;
  std::size_t reliable = 0, pracks = 0, prack_timeouts = 0;  // RFC 3262
};

struct Options {
  int hangup_ms = 0;        // > 0: we send BYE this long after the ACK
  int answer_delay_ms = 0;  // > 0: ring this long before answering (room for a CANCEL)
};

void answer(ShardCalls& shard, sip::TimerService& timers, const Options& options,
            const std::shared_ptr<sip::IncomingCall>& call) {
  auto session = call->answer(fixed_sdp());
  if (!session) return;
  sip::InviteSession* raw = session.get();
  // Set before returning to the loop, so no event can be missed.
  sip::InviteSessionEvents events;
  events.on_offer = [](const sdp::SessionDescription&) -> core::Result<std::string> {
    offers.fetch_add(1);
    return fixed_sdp();
  };
  events.on_terminated = [&shard, raw](sip::TerminationReason reason, int) {
    (reason == sip::TerminationReason::RemoteBye  ? remote_bye
     : reason == sip::TerminationReason::LocalBye ? local_bye
                                                  : other_end)
        .fetch_add(1);
    shard.sessions.erase(raw);
  };
  std::weak_ptr<sip::InviteSession> weak = session;
  events.on_confirmed = [weak, &timers, hangup_ms = options.hangup_ms] {
    confirmed.fetch_add(1);
    if (hangup_ms <= 0) return;
    timers.start(std::chrono::milliseconds(hangup_ms), [weak] {
      if (auto s = weak.lock()) s->hangup();
    });
  };
  session->set_events(std::move(events));
  shard.sessions.emplace(raw, std::move(session));
}

void on_call(ShardCalls& shard, sip::TimerService& timers, const Options& options,
             std::shared_ptr<sip::IncomingCall> call) {
  calls.fetch_add(1);
  call->ring();
  if (options.answer_delay_ms <= 0) {
    answer(shard, timers, options, call);
    return;
  }
  call->set_on_cancelled([] { cancelled.fetch_add(1); });
  std::weak_ptr<sip::IncomingCall> weak = call;
  shard.ringing.emplace(call.get(), call);
  timers.start(std::chrono::milliseconds(options.answer_delay_ms),
               [&shard, &timers, &options, weak] {
                 auto ringing = weak.lock();
                 if (!ringing) return;
                 shard.ringing.erase(ringing.get());
                 answer(shard, timers, options, ringing);
               });
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  options.hangup_ms = argc > 1 ? std::atoi(argv[1]) : 0;
  options.answer_delay_ms = argc > 2 ? std::atoi(argv[2]) : 0;
  std::signal(SIGTERM, [](int) { stop_requested.store(true); });
  std::signal(SIGINT, [](int) { stop_requested.store(true); });

  core::ShardPool shards{2};
  shards.start();
  sip::SipStackConfig config;
  config.transport.listen = "127.0.0.1:0";
  if (argc > 3) config.timers.t1 = std::chrono::milliseconds(std::atoi(argv[3]));
  sip::SipStack stack(shards, config);
  if (auto ec = stack.start()) {
    std::fprintf(stderr, "cannot bind: %s\n", ec.message().c_str());
    return 2;
  }
  const std::uint16_t port = stack.transport().udp_endpoint().port();
  std::vector<ShardCalls> per_shard(static_cast<std::size_t>(shards.size()));
  for (int i = 0; i < shards.size(); ++i) {
    core::run_on(shards.at(i), [&, i] {
      ShardCalls& mine = per_shard[static_cast<std::size_t>(i)];
      sip::DialogConfig dialog_config;
      dialog_config.local.host = "127.0.0.1";
      dialog_config.local.port = port;
      mine.registry = std::make_unique<sip::DialogRegistry>(stack.transaction_layer(i),
                                                            stack.transport(), stack.timers(i),
                                                            stack.timer_config(), dialog_config);
      mine.registry->attach(stack.user_agent(i));
      mine.registry->set_incoming_call_handler(
          [&mine, &timers = stack.timers(i), &options](std::shared_ptr<sip::IncomingCall> c) {
            on_call(mine, timers, options, std::move(c));
          });
    });
  }
  std::printf("listening udp:127.0.0.1:%u\n", static_cast<unsigned>(port));
  std::fflush(stdout);
  while (!stop_requested.load())
    std::this_thread::sleep_for(std::chrono::milliseconds(20));

  for (int i = 0; i < shards.size(); ++i) {
    core::run_on(shards.at(i), [&, i] {
      ShardCalls& mine = per_shard[static_cast<std::size_t>(i)];
      mine.sessions_left = mine.registry->session_count();
      mine.pending_left = mine.registry->pending_call_count();
      mine.merged = mine.registry->counters().merged_requests.load();
      mine.reliable = mine.registry->counters().reliable_provisionals.load();
      mine.pracks = mine.registry->counters().pracks_received.load();
      mine.prack_timeouts = mine.registry->counters().prack_timeouts.load();
      std::printf("shard %d dialogs: %s\n", i, mine.registry->counters().summary().c_str());
      mine.registry->set_incoming_call_handler(nullptr);
      stack.user_agent(i).set_dialog_handler(nullptr);
      mine.sessions.clear();
      mine.ringing.clear();
      mine.registry.reset();
    });
  }
  stack.stop();
  shards.stop();
  std::size_t sessions_left = 0, pending_left = 0, merged = 0, reliable = 0, pracks = 0,
              prack_timeouts = 0;
  for (const auto& s : per_shard) {
    sessions_left += s.sessions_left;
    pending_left += s.pending_left;
    merged += s.merged;
    reliable += s.reliable;
    pracks += s.pracks;
    prack_timeouts += s.prack_timeouts;
  }
  std::printf(
      "dialog counters: calls=%d confirmed=%d offers=%d remote_bye=%d local_bye=%d "
      "other_end=%d cancelled=%d sessions_left=%zu pending_left=%zu merged=%zu absorbed=%llu "
      "reliable=%zu pracks=%zu prack_timeouts=%zu\n",
      calls.load(), confirmed.load(), offers.load(), remote_bye.load(), local_bye.load(),
      other_end.load(), cancelled.load(), sessions_left, pending_left, merged,
      static_cast<unsigned long long>(stack.counters().retransmissions_absorbed.load()), reliable,
      pracks, prack_timeouts);
  return 0;
}
