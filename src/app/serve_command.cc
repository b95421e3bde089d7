// `voiceagent serve`: wires the modules onto the shards and waits for a stop signal.
#include "app/serve_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <boost/asio/signal_set.hpp>
#include <csignal>

#include "ai/greeting_cache.h"
#include "api/event_hub.h"
#include "app/api_runtime.h"
#include "app/call_control_adapter.h"
#include "app/call_metrics.h"
#include "app/cluster_member.h"
#include "app/dialer_runtime.h"
#include "app/embedded_simulator.h"
#include "app/event_relay.h"
#include "app/heap_trimmer.h"
#include "app/tls_metrics.h"
#include "app/trunk_registration.h"
#include "call/analysis_queue.h"
#include "call/call_manager.h"
#include "core/clock.h"
#include "core/shard_pool.h"
#include "core/version.h"
#include "media/recording_writer.h"
#include "rtp/config.h"
#include "rtp/port_pool.h"
#include "sip/sip_stack.h"

namespace va::app {
namespace {

void log_start(const core::Config& config, const call::CallSettings& call_settings, int shards) {
  spdlog::info("voiceagent {} starting: {} shards, sip {}, http {}, db {}", core::kVersion, shards,
               config.sip.listen, config.http.listen, config.database_url());
  if (call_settings.inbound_acl.empty()) {
    spdlog::warn("sip.inbound_acl is empty and no trunk is set: anyone may call in");
  } else {
    spdlog::info(
        "inbound calls accepted from {}{}", call_settings.inbound_acl.to_string(),
        config.sip.inbound_acl.empty() ? " (the trunk; set sip.inbound_acl to widen)" : "");
  }
}

// The simulator for users without a key, when configured; a failure to start it is logged
// and the server runs without it.
std::unique_ptr<EmbeddedSimulator> start_simulator(const call::CallSettings& call_settings) {
  if (!call_settings.simulator_fallback) return nullptr;
  try {
    auto simulator = std::make_unique<EmbeddedSimulator>();
    spdlog::info("built-in Gemini Live simulator on {} (for users without an API key)",
                 simulator->url());
    return simulator;
  } catch (const std::exception& e) {
    spdlog::warn("built-in simulator not started: {}", e.what());
    return nullptr;
  }
}

// Post-call analysis on its own pool; `analyzed` events go to /api/events (and the dialer,
// which ignores them).
std::unique_ptr<call::AnalysisQueue> start_analyses(const call::CallSettings& call_settings,
                                                    ApiRuntime& api, CallEventFanout& call_events,
                                                    const EmbeddedSimulator* simulator) {
  call::AnalysisSettings settings{call_settings.analysis_url, call_settings.analysis_model,
                                  call_settings.default_key,
                                  simulator ? call::rest_origin_for(simulator->url()) : ""};
  settings.ca_file = call_settings.ai_tls_ca_file;
  auto analyses = std::make_unique<call::AnalysisQueue>(
      call::AnalysisDeps{api.store(), api.keys(), &call_events}, std::move(settings));
  analyses->start();
  api.set_analysis_wake([queue = analyses.get()] { queue->wake(); });
  return analyses;
}

// Greetings: Gemini TTS under each owner's key where the AI is Gemini, else espeak-ng.
std::unique_ptr<ai::GreetingCache> make_greetings(const call::CallSettings& s) {
  return std::make_unique<ai::GreetingCache>(
      "espeak-ng", ai::GreetingTtsConfig{s.tts_url, s.tts_model, s.default_key,
                                         std::chrono::seconds(8), s.ai_tls_ca_file});
}

}  // namespace

int run_serve(const core::Config& config) {
  // Checked before anything binds: a bad call setting stops the start with one clear line.
  const auto call_settings = call::CallSettings::from(config);
  core::ShardPool shards(static_cast<int>(config.shards));
  log_start(config, call_settings, shards.size());

  // The control loop owns signal handling; stop is requested once, from any signal. It also
  // hands the heap freed by ended calls back to the OS once idle (HeapTrimmer says why).
  boost::asio::io_context control;
  const call::CallManager* trim_calls = nullptr;  // set once the calls exist
  HeapTrimmer trimmer(
      control, std::chrono::seconds(30), [&trim_calls, idle = TrimWhenIdle{}]() mutable {
        return trim_calls && idle(trim_calls->live_calls().size(), trim_calls->counters().ended);
      });
  ClusterMember cluster(config, control);
  boost::asio::signal_set signals(control, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (!ec) spdlog::info("signal {} received: shutting down", sig);
    trimmer.stop();
    cluster.stop();
  });
  shards.start();
  sip::SipStack sip_stack(shards, cluster.sip_config());
  if (auto ec = sip_stack.start()) {
    spdlog::error("sip: {}", sip_stack.start_error());
    shards.stop();
    return 1;
  }
  spdlog::info("sip listening on {}", fmt::join(sip_stack.listen_addresses(), " "));
  CallControlAdapter call_control(cluster.draining());
  ApiRuntime api(config, &call_control);
  std::unique_ptr<EmbeddedSimulator> simulator = start_simulator(call_settings);
  rtp::PortPool ports(rtp::port_pool_config(config.rtp), core::Clock::steady());
  auto greetings = make_greetings(call_settings);
  // One writer thread for every call's recording (media::RecordingWriter).
  media::RecordingWriter recordings;
  // Call events go to /api/events and, once it runs, to the campaign dialer.
  CallEventFanout call_events(&api.event_sink());
  call::CallManager calls(call::CallManagerDeps{shards, sip_stack, ports, api.store(), api.keys(),
                                                *greetings, api.db_executor(), &call_events,
                                                simulator ? simulator->url() : "", &recordings},
                          call_settings);
  calls.start();
  call_control.attach(&calls);
  api.set_metrics_source([&] { return metrics_text(calls.counters(), sip_stack.counters().tls); });
  TrunkRegistration registration(config, shards, sip_stack);
  api.set_sip_status([&registration] { return registration.status_json(); });
  DialerRuntime dialer(config, api.store(), calls, registration, &api.event_sink());
  call_events.attach(&dialer.dialer());
  dialer.start();
  cluster.start(api, dialer.dialer());
  auto analyses = start_analyses(call_settings, api, call_events, simulator.get());
  api.set_taking_calls(true);
  spdlog::info("voiceagent ready: {} RTP ports, up to {} calls", ports.capacity(),
               config.limits.max_calls);
  trim_calls = &calls;
  trimmer.start();
  control.run();

  // Order matters: no new calls, then every call ends (BYE, record written), then the API,
  // the SIP stack (its transactions on the still-running shards), and last the shards.
  api.set_taking_calls(false);
  dialer.stop();  // no new dials; the leads still calling are recovered at the next start
  api.set_analysis_wake({});
  analyses->stop();  // running analyses finish; pending ones wait in the database
  call_events.attach(nullptr);
  call_control.attach(nullptr);
  api.set_metrics_source({});
  calls.stop();
  recordings.stop();  // finishes every file; the paths reach the records on the DB pool
  api.set_sip_status({});
  registration.stop();
  if (simulator) simulator->stop();
  api.stop();
  sip_stack.stop();
  shards.stop();
  spdlog::info("voiceagent stopped cleanly");
  return 0;
}

}  // namespace va::app
