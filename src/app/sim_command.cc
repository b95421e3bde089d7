// `voiceagent sim`: the simulator on its own threads (SimPool) until a signal arrives.
#include "app/sim_command.h"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <charconv>
#include <fstream>
#include <iostream>
#include <thread>

#include "sim/sim_pool.h"
#include "sim/sim_server.h"
#include "sim/tls_front.h"

namespace va::app {
namespace {

std::chrono::milliseconds ms(double seconds) {
  return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
}

// --lost-session-key KEY:TURNS (TURNS >= 1).
void add_lost_session_key(const std::string& spec, sim::SimConfig& c) {
  const auto sep = spec.rfind(':');
  int turns = 0;
  if (sep != std::string::npos && sep > 0) {
    const auto* end = spec.data() + spec.size();
    auto [p, ec] = std::from_chars(spec.data() + sep + 1, end, turns);
    if (ec != std::errc() || p != end) turns = 0;
  }
  if (turns <= 0) throw std::runtime_error("--lost-session-key must be KEY:TURNS (TURNS >= 1)");
  c.lost_session_keys[spec.substr(0, sep)] = turns;
}

sim::SimConfig to_config(const SimOptions& o) {
  sim::SimConfig c;
  auto colon = o.listen.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("--listen must be host:port");
  c.listen_host = o.listen.substr(0, colon);
  if (c.listen_host.size() > 2 && c.listen_host.front() == '[') {
    c.listen_host = c.listen_host.substr(1, c.listen_host.size() - 2);
  }
  c.port = static_cast<std::uint16_t>(std::stoi(o.listen.substr(colon + 1)));
  c.keys.insert(o.keys.begin(), o.keys.end());
  if (!o.keys_file.empty()) {
    std::ifstream in(o.keys_file);
    if (!in) throw std::runtime_error("cannot read keys file " + o.keys_file);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!line.empty() && line[0] != '#') c.keys.insert(line);
    }
  }
  c.quota_keys.insert(o.quota_keys.begin(), o.quota_keys.end());
  c.analysis_invalid_json_keys.insert(o.analysis_invalid_json_keys.begin(),
                                      o.analysis_invalid_json_keys.end());
  for (const auto& phrase : o.caller_phrases) {
    const auto eq = phrase.find('=');
    std::size_t used = 0;
    int hz = 0;
    try {
      hz = eq == std::string::npos ? 0 : std::stoi(phrase.substr(0, eq), &used);
    } catch (const std::exception&) {
      hz = 0;
    }
    if (hz <= 0 || used != eq) throw std::runtime_error("--caller-phrase must be HZ=TEXT");
    c.caller_phrases[hz] = phrase.substr(eq + 1);
  }
  if (!sim::parse_reply_mode(o.mode, c.mode)) {
    throw std::runtime_error("--mode must be tone, echo or scripted");
  }
  if (!sim::parse_stall_mode(o.stall, c.stall.mode)) {
    throw std::runtime_error("--stall must be none, silent or zeros");
  }
  if (!sim::parse_stall_recovery(o.stall_until, c.stall.until)) {
    throw std::runtime_error("--stall-until must be never, nudge or reconnect");
  }
  c.stall.after_replies = o.stall_after;
  for (const auto& spec : o.stall_keys) {
    if (!sim::add_stall_key(spec, c.stall)) {
      throw std::runtime_error(
          "--stall-key must be KEY[:none|silent|zeros[:never|nudge|reconnect]]");
    }
  }
  if (!o.script.empty()) c.script = o.script;
  c.log_path = o.log_path;
  c.timing_log = o.timing_log;
  c.lifetime = ms(o.lifetime_s);
  c.go_away_before = ms(o.go_away_s);
  c.setup_delay = ms(o.setup_delay_s);
  c.reply_length = ms(o.reply_s);
  c.burst = o.burst > 0 ? o.burst : 1.0;
  c.tool_after_reply = o.tool_after_reply;
  c.tool_after_reply_limit = o.tool_after_reply_limit;
  c.openai_lifetime = ms(o.openai_lifetime_s);
  c.openai_close_after = ms(o.openai_close_after_s);
  c.openai_stall_after = ms(o.openai_stall_after_s);
  for (const auto& spec : o.lost_session_keys)
    add_lost_session_key(spec, c);
  return c;
}

// --tls-cert/--tls-key: the TLS front takes --listen's port and relays to the plain server,
// which listens on a free port of the same host behind it. nullptr without TLS.
std::unique_ptr<sim::TlsFront> make_tls_front(const SimOptions& options, sim::SimPool& pool,
                                              const sim::SimConfig& config,
                                              std::uint16_t backend_port) {
  if (options.tls_cert.empty()) return nullptr;
  sim::TlsFrontConfig front{config.listen_host, config.port, options.tls_cert, options.tls_key,
                            backend_port};
  return std::make_unique<sim::TlsFront>(pool.executors(), front);
}

}  // namespace

int run_sim(const SimOptions& options) {
  try {
    if (options.tls_cert.empty() != options.tls_key.empty()) {
      throw std::runtime_error("--tls-cert and --tls-key go together");
    }
    sim::SimPool pool(options.threads);
    const auto config = to_config(options);
    auto plain = config;
    if (!options.tls_cert.empty()) plain.port = 0;
    sim::SimServer server(pool.executors(), plain);
    auto front = make_tls_front(options, pool, config, server.port());
    server.start();
    if (front) front->start();
    // With TLS the plain URL printed is the backend's; clients use wss:// on --listen's port.
    std::cout << "simulator listening on " << server.url() << " (mode " << options.mode << ", "
              << pool.size() << " threads; TTS at " << server.rest_base_url() << ")" << std::endl;
    if (front) std::cout << "TLS front: wss:// and https:// on port " << front->port() << std::endl;
    // Signals and the listener live on the first thread: stop() runs there, then the sessions
    // get a moment to send their 1001 closes before the threads end.
    auto& first = pool.context(0);
    boost::asio::signal_set signals(first, SIGINT, SIGTERM);
    boost::asio::steady_timer grace(first);
    signals.async_wait([&](boost::system::error_code ec, int) {
      if (ec) return;
      if (front) front->stop();
      server.stop();
      grace.expires_after(std::chrono::milliseconds(300));
      grace.async_wait([&](boost::system::error_code) { pool.stop(); });
    });
    pool.start();
    pool.join();
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "voiceagent sim: " << e.what() << std::endl;
    return 1;
  }
}

}  // namespace va::app
