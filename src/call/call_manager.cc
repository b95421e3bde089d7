// CallManager: admission and planning happen off the shards; each call then lives on the shard
// that owns its SIP Call-ID, so SIP messages, RTP and the AI socket of a call share one thread.
#include "call/call_manager.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/post.hpp>
#include <filesystem>
#include <unordered_map>

#include "call/call.h"
#include "call/call_prompts.h"
#include "call/cluster_slots.h"
#include "call/codec_preference.h"
#include "call/errc.h"
#include "call/media_address.h"
#include "call/refusal_log_throttle.h"
#include "core/mutex.h"
#include "core/private_files.h"
#include "crm/errc.h"
#include "sip/dialog_registry.h"
#include "sip/incoming_call.h"
#include "sip/random_token.h"
#include "sip/sip_stack.h"
#include "sip/uri.h"

namespace va::call {

struct CallManager::PerShard {
  PerShard(core::Shard& s, sip::SipStack& sip, const sip::DialogConfig& dialog_config, int index)
      : shard(s),
        pacer(s.context()),
        dialogs(sip.transaction_layer(index), sip.transport(), sip.timers(index),
                sip.timer_config(), dialog_config) {}

  core::Shard& shard;
  rtp::Pacer pacer;
  sip::DialogRegistry dialogs;
  std::unordered_map<crm::Id, std::shared_ptr<Call>> calls;  // touched on `shard` only
};

class CallManager::Impl : public std::enable_shared_from_this<CallManager::Impl> {
 public:
  Impl(CallManagerDeps deps, const CallSettings& settings, LiveCalls& live)
      : deps_(std::move(deps)),
        settings_(settings),
        live_(live),
        slots_(deps_.store, settings.node_name, deps_.db),
        planner_(deps_.store, deps_.keys, deps_.greetings, settings, deps_.simulator_url) {
    if (!deps_.recordings && settings_.record) {
      own_recordings_ = std::make_unique<media::RecordingWriter>();
      deps_.recordings = own_recordings_.get();
    }
  }

  void start() {
    if (settings_.record) {
      // Owner-only: the recordings are the callers' conversations.
      const auto ec = core::make_private_dir(settings_.recordings_dir);
      core::warn_if_not_private(settings_.recordings_dir);
      if (ec) {
        spdlog::error("recordings: cannot create {}: {} (calls are not recorded)",
                      settings_.recordings_dir, ec.message());
      }
    }
    // Rendered once (call.h rule 3, call_transfer.cc).
    prompts_ = render_call_prompts(deps_.greetings, settings_.ai_voice, settings_.ai_language);

    sip::DialogConfig dialog_config;
    dialog_config.local.user = "voiceagent";
    const auto peer = trunk_host();
    dialog_config.local.host = choose_media_address(settings_.public_address, settings_.sip_listen,
                                                    peer.empty() ? "127.0.0.1" : peer);
    dialog_config.local.port = deps_.sip.port();
    dialog_config.local.tls_port = deps_.sip.tls_port();
    local_host_ = dialog_config.local.host;
    for (int i = 0; i < deps_.shards.size(); ++i) {
      auto& shard = deps_.shards.at(i);
      core::run_on(shard, [this, &shard, i, dialog_config] {
        auto ps = std::make_unique<PerShard>(shard, deps_.sip, dialog_config, i);
        ps->dialogs.attach(deps_.sip.user_agent(i));
        ps->dialogs.set_incoming_call_handler(
            [self = weak_from_this(), i](std::shared_ptr<sip::IncomingCall> call) {
              if (auto s = self.lock()) s->on_incoming(i, std::move(call));
            });
        ps->pacer.start();
        shards_.at(static_cast<std::size_t>(i)) = std::move(ps);
      });
    }
    spdlog::info("calls: {} shards ready, media address {}, trunk {}", deps_.shards.size(),
                 local_host_, settings_.trunk_uri.empty() ? "(none)" : settings_.trunk_uri);
  }

  void stop(std::chrono::milliseconds grace) {
    if (stopped_.exchange(true)) return;
    for (int i = 0; i < deps_.shards.size(); ++i) {
      core::run_on(deps_.shards.at(i), [this, i] {
        auto& ps = shards_.at(static_cast<std::size_t>(i));
        if (!ps) return;
        auto calls = ps->calls;  // end() may erase from the map
        for (auto& [id, call] : calls)
          call->end(EndReason::Shutdown);
      });
    }
    // BYEs and CANCELs need their responses; wait for the calls to leave the table.
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (live_.size() > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    for (int i = 0; i < deps_.shards.size(); ++i) {
      core::run_on(deps_.shards.at(i), [this, i] {
        auto& ps = shards_.at(static_cast<std::size_t>(i));
        if (!ps) return;
        ps->calls.clear();
        ps->pacer.stop();
        ps.reset();
      });
    }
    // Every call's recording is closed by now: finish the files (their paths reach the records).
    if (own_recordings_) own_recordings_->stop();
  }

  core::Result<crm::Id> place_call(const OutboundRequest& request) {
    if (stopped_) return Errc::ShuttingDown;
    auto admission = admit(request.owner);
    if (!admission) return admission.error();
    auto plan = planner_.plan_outbound(request);
    if (!plan) {
      unadmit_call(live_, slots_, request.owner.id, admission->tenant_id);
      return plan.error();
    }
    // The Call-ID picks the shard (every message of the dialog lands there).
    plan->record.sip_call_id = sip::make_tag() + sip::make_tag() + "@" + local_host_;
    const crm::Id id = plan->record.id;
    auto& shard = deps_.shards.by_key(plan->record.sip_call_id);
    register_live(*plan, shard.index(), crm::CallStatus::Dialing, admission->tenant_id);
    count(&Counters::placed);
    boost::asio::post(shard.context(),
                      [self = shared_from_this(), &shard, plan = std::move(*plan)]() mutable {
                        self->start_outbound(shard, std::move(plan));
                      });
    return id;
  }

  core::Result<std::shared_ptr<const ai::Greeting>> preview_greeting(
      const crm::User& owner, const crm::AgentConfig& agent) {
    return planner_.preview_greeting(owner, agent);
  }
  std::error_code check_ai(const crm::User& owner) { return planner_.check_ai(owner); }

  std::error_code hangup(crm::Id call_id) {
    auto live = live_.find(call_id);
    if (!live) return Errc::NotLive;
    auto& shard = deps_.shards.at(live->shard);
    boost::asio::post(shard.context(), [self = shared_from_this(), call_id, index = live->shard] {
      auto& ps = self->shards_.at(static_cast<std::size_t>(index));
      if (!ps) return;
      if (auto it = ps->calls.find(call_id); it != ps->calls.end()) {
        it->second->end(EndReason::LocalHangup);
      }
    });
    return {};
  }

  std::error_code send_sms(crm::Id call_id, std::string text,
                           std::function<void(int, std::string)> done) {
    auto live = live_.find(call_id);
    if (!live) return Errc::NotLive;
    auto& shard = deps_.shards.at(live->shard);
    boost::asio::post(shard.context(), [self = shared_from_this(), call_id, index = live->shard,
                                        text = std::move(text), done = std::move(done)] {
      auto& ps = self->shards_.at(static_cast<std::size_t>(index));
      std::shared_ptr<Call> call;
      if (ps) {
        if (auto it = ps->calls.find(call_id); it != ps->calls.end()) call = it->second;
      }
      if (!call) {
        if (done) done(0, "the call ended");
        return;
      }
      call->send_sms(text, done);
    });
    return {};
  }

  std::error_code transfer(crm::Id call_id, TransferRequest request,
                           std::function<void(TransferResult)> done) {
    auto live = live_.find(call_id);
    if (!live) return Errc::NotLive;
    auto& shard = deps_.shards.at(live->shard);
    boost::asio::post(shard.context(), [self = shared_from_this(), call_id, index = live->shard,
                                        request = std::move(request), done = std::move(done)] {
      auto& ps = self->shards_.at(static_cast<std::size_t>(index));
      std::shared_ptr<Call> call;
      if (ps) {
        if (auto it = ps->calls.find(call_id); it != ps->calls.end()) call = it->second;
      }
      if (!call) {
        TransferResult r;
        r.status = 409;
        r.code = "not_live";
        r.message = "the call ended";
        if (done) done(std::move(r));
        return;
      }
      call->transfer(request, done);
    });
    return {};
  }

  Counters counters() const {
    core::MutexLock lock(counters_mu_);
    Counters c = counters_;
    c.watchdog_nudges = watchdog_counters_.nudges.load();
    c.watchdog_reconnects = watchdog_counters_.reconnects.load();
    c.watchdog_give_ups = watchdog_counters_.give_ups.load();
    c.watchdog_recoveries = watchdog_counters_.recoveries.load();
    c.failovers = failover_counters_.snapshot();
    c.srtp_packets_dropped_auth = srtp_dropped_auth_.load();
    return c;
  }

 private:
  // The trunk's host, the peer our media address must be reachable from ("" = no trunk).
  std::string trunk_host() const {
    auto uri = sip::parse_uri(settings_.trunk_uri);
    return uri ? uri->host : std::string();
  }

  core::Result<Admission> admit(const crm::User& owner) {
    return admit_call(deps_.store, live_, slots_, owner);
  }

  void register_live(const CallPlan& plan, int shard, crm::CallStatus status, crm::Id tenant_id) {
    LiveCall live;
    live.call_id = plan.record.id;
    live.owner_id = plan.owner.id;
    live.tenant_id = tenant_id;
    live.shard = shard;
    live.status = status;
    live.media.key_fingerprint = plan.key_fingerprint;
    live_.add(live);
    slots_.bind(plan.record.id, plan.owner.id, tenant_id);
  }

  CallEnv env_for(int index) {
    auto& ps = *shards_.at(static_cast<std::size_t>(index));
    CallEnv env{ps.shard,
                ps.dialogs,
                ps.pacer,
                deps_.ports,
                live_,
                deps_.events,
                settings_,
                deps_.store,
                deps_.db,
                deps_.recordings,
                &prompts_.apology,
                [self = weak_from_this(), index](crm::Id id) {
                  if (auto s = self.lock()) s->finished(index, id);
                },
                [self = weak_from_this(), shard = &ps.shard] {
                  auto s = self.lock();
                  return s ? s->call_id_for(*shard) : std::string();
                },
                &watchdog_counters_,
                &prompts_.transfer_hold,
                &prompts_.transfer_apology,
                &failover_counters_};
    env.srtp_dropped_auth = &srtp_dropped_auth_;
    // A warm transfer's briefing: on the DB pool, where planning renders too, never a shard.
    env.render_prompt = [self = weak_from_this()](const std::string& text, auto done) {
      if (auto s = self.lock())
        render_prompt_on(s->deps_.db, s->deps_.greetings,
                         {text, s->settings_.ai_voice, s->settings_.ai_language}, s,
                         std::move(done));
    };
    return env;
  }

  // A fresh Call-ID that ShardPool::by_key maps to `shard` (1/shards of them do: a few tries).
  std::string call_id_for(const core::Shard& shard) {
    for (int i = 0; i < 256; ++i) {
      auto id = sip::make_tag() + sip::make_tag() + "@" + local_host_;
      if (&deps_.shards.by_key(id) == &shard) return id;
    }
    return {};
  }

  void start_outbound(core::Shard& shard, CallPlan plan) {
    auto& ps = shards_.at(static_cast<std::size_t>(shard.index()));
    const crm::Id id = plan.record.id;
    if (!ps || stopped_) {
      fail_unstarted(std::move(plan), EndReason::Shutdown);
      return;
    }
    auto call = Call::create(env_for(shard.index()), std::move(plan));
    ps->calls.emplace(id, call);
    shard.add_load(1);
    call->dial();
  }

  // A call that never reached its shard still gets an ended record.
  void fail_unstarted(CallPlan plan, EndReason reason) {
    auto record = CallRecordWriter::create(deps_.store, deps_.db, plan.record, {});
    record->update([reason](crm::Call& c) {
      c.status = crm::CallStatus::Ended;
      c.end_reason = std::string(to_string(reason));
      c.outcome = std::string(outcome_of(reason, false));
    });
    live_.remove(plan.record.id);
    slots_.release(plan.record.id);
  }

  void finished(int index, crm::Id id) {
    slots_.release(id);
    auto& ps = shards_.at(static_cast<std::size_t>(index));
    if (ps && ps->calls.erase(id) > 0) ps->shard.add_load(-1);
    count(&Counters::ended);
  }

  // An INVITE on shard `index`: the ACL is checked here; the route lookup and planning run on
  // the DB pool; the call comes back to this shard to ring and answer.
  void on_incoming(int index, std::shared_ptr<sip::IncomingCall> incoming) {
    const auto source = incoming->peer().address;
    if (!settings_.inbound_acl.admits(source)) {
      // Counted and logged before the 403 leaves: whoever sees the answer sees the count; logged
      // at most once per source per minute, so a scanner cannot flood the log.
      count(&Counters::inbound_refused, &Counters::acl_refused);
      if (auto more = refusal_log_.admit(source.to_string(), RefusalLogThrottle::Clock::now())) {
        spdlog::warn(
            "inbound INVITE from {} refused: not in sip.inbound_acl ({} more from it "
            "since its last line; the next within a minute are only counted)",
            source.to_string(), *more);
      }
      incoming->reject(403, "Forbidden");
      return;
    }
    if (stopped_) {
      count(&Counters::inbound_refused);
      incoming->reject(503, "Service Unavailable");
      return;
    }
    // Before any 180: an INVITE we could never answer is refused at once (DESIGN.md).
    if (!incoming->offer()) {
      // Offer-less INVITEs (the ACK carries the answer) are rare on trunks; refuse clearly.
      count(&Counters::inbound_refused);
      incoming->reject(488, "SDP Offer Required");
      return;
    }
    const auto& codecs = settings_.codecs_for_peer(source.to_string());  // trunk: its own list
    if (auto why = offer_refusal(*incoming->offer(), codecs, settings_.rtcp_mux, settings_.srtp)) {
      count(&Counters::inbound_refused);
      spdlog::info("inbound INVITE from {} refused: {}", source.to_string(), why.message());
      sip::Headers warning;
      warning.add("Warning", "305 voiceagent \"Incompatible media format\"");  // RFC 3261 20.43
      incoming->reject(488, "Not Acceptable Here", warning);
      return;
    }
    incoming->ring();
    const std::string number = incoming->request().request_uri.user;
    const std::string from = incoming->request().from.uri.to_string();
    const std::string sip_call_id = incoming->request().call_id;
    boost::asio::post(deps_.db, [self = shared_from_this(), index, incoming, number, from,
                                 sip_call_id]() mutable {
      self->plan_inbound(index, std::move(incoming), number, from, sip_call_id);
    });
  }

  void plan_inbound(int index, std::shared_ptr<sip::IncomingCall> incoming, std::string number,
                    std::string from, std::string sip_call_id) {
    auto& shard = deps_.shards.at(index);
    auto reject = [&shard, incoming, this](int status, const char* reason) {
      count(&Counters::inbound_refused);
      boost::asio::post(shard.context(),
                        [incoming, status, reason] { incoming->reject(status, reason); });
    };
    auto route = deps_.store.find_inbound_route(number);
    if (!route) {
      spdlog::info("inbound call to {} refused: no inbound route for that number", number);
      reject(404, "Not Found");
      return;
    }
    auto owner = deps_.store.get_user(route->owner_id);
    if (!owner || !owner->active) {
      reject(480, "Temporarily Unavailable");
      return;
    }
    auto admission = admit(*owner);
    if (!admission) {
      const auto ec = admission.error();
      spdlog::info("inbound call to {} refused: {}", number, ec.message());
      const bool busy = ec == Errc::OwnerLimit || ec == Errc::TenantLimit;
      const bool no_minutes = ec == Errc::MonthlyMinutes;
      reject(busy         ? 486
             : no_minutes ? 480
                          : 503,
             busy         ? "Busy Here"
             : no_minutes ? "Temporarily Unavailable"
                          : "Service Unavailable");
      return;
    }
    auto plan = planner_.plan_inbound(*route, from, number, sip_call_id);
    if (!plan) {
      unadmit_call(live_, slots_, owner->id, admission->tenant_id);
      spdlog::warn("inbound call to {} refused: {}", number, plan.error().message());
      reject(plan.error() == Errc::NoKey ? 480 : 500, "Temporarily Unavailable");
      return;
    }
    register_live(*plan, index, crm::CallStatus::Ringing, admission->tenant_id);
    count(&Counters::inbound);
    boost::asio::post(shard.context(), [self = shared_from_this(), index, incoming,
                                        plan = std::move(*plan)]() mutable {
      auto& ps = self->shards_.at(static_cast<std::size_t>(index));
      if (!ps || self->stopped_) {
        incoming->reject(503, "Service Unavailable");
        self->fail_unstarted(std::move(plan), EndReason::Shutdown);
        return;
      }
      const crm::Id id = plan.record.id;
      auto call = Call::create(self->env_for(index), std::move(plan));
      ps->calls.emplace(id, call);
      ps->shard.add_load(1);
      call->answer(std::move(incoming));
    });
  }

  // Counters up together under one lock, from any thread: the DB pool, the shards, the API.
  template <class... Counter>
  void count(Counter... counters) {
    core::MutexLock lock(counters_mu_);
    (++(counters_.*counters), ...);
  }

  std::unique_ptr<media::RecordingWriter> own_recordings_;  // when deps_ brought none
  CallManagerDeps deps_;
  const CallSettings& settings_;
  LiveCalls& live_;
  ClusterSlots slots_;
  CallPlanner planner_;
  CallPrompts prompts_;
  std::string local_host_;
  std::vector<std::unique_ptr<PerShard>> shards_ =
      std::vector<std::unique_ptr<PerShard>>(static_cast<std::size_t>(deps_.shards.size()));
  std::atomic<bool> stopped_{false};
  RefusalLogThrottle refusal_log_;
  mutable core::Mutex counters_mu_;
  Counters counters_ GUARDED_BY(counters_mu_);
  AiWatchdogCounters watchdog_counters_;             // atomics: every shard's calls count here
  FailoverCounters failover_counters_;               // locked: every shard's calls count here
  std::atomic<std::uint64_t> srtp_dropped_auth_{0};  // every shard's calls add as they end
};

CallManager::CallManager(CallManagerDeps deps, CallSettings settings)
    : settings_(std::move(settings)), live_(settings_.max_calls) {
  impl_ = std::make_shared<Impl>(std::move(deps), settings_, live_);
}

CallManager::~CallManager() {
  stop();
}

void CallManager::start() {
  impl_->start();
}
void CallManager::stop(std::chrono::milliseconds grace) {
  impl_->stop(grace);
}

core::Result<crm::Id> CallManager::place_call(const OutboundRequest& request) {
  return impl_->place_call(request);
}
std::error_code CallManager::hangup(crm::Id call_id) {
  return impl_->hangup(call_id);
}

std::error_code CallManager::send_sms(crm::Id call_id, std::string text,
                                      std::function<void(int, std::string)> done) {
  return impl_->send_sms(call_id, std::move(text), std::move(done));
}

std::error_code CallManager::transfer(crm::Id call_id, TransferRequest request,
                                      std::function<void(TransferResult)> done) {
  return impl_->transfer(call_id, std::move(request), std::move(done));
}

std::error_code CallManager::check_ai(const crm::User& owner) {
  return impl_->check_ai(owner);
}
core::Result<std::shared_ptr<const ai::Greeting>> CallManager::preview_greeting(
    const crm::User& owner, const crm::AgentConfig& agent) {
  return impl_->preview_greeting(owner, agent);
}

CallManager::Counters CallManager::counters() const {
  return impl_->counters();
}

}  // namespace va::call
