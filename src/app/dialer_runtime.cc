// DialerRuntime: adapters between the dialer and the call layer and SIP registration.
#include "app/dialer_runtime.h"

#include "app/trunk_registration.h"
#include "call/call_manager.h"

namespace va::app {

void CallEventFanout::publish(const call::CallEvent& event) {
  if (first_) first_->publish(event);
  if (auto* second = second_.load()) second->publish(event);
}

struct DialerRuntime::Placer final : dialer::CallPlacer {
  explicit Placer(call::CallManager& m) : calls(m) {}
  core::Result<crm::Id> place(const dialer::DialRequest& r) override {
    return calls.place_call({r.owner, r.to, r.lead_id, r.campaign_id, std::nullopt});
  }
  call::CallManager& calls;
};

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Up while registered (or registering without a failure: the first try, a refresh); with
// registration off, always up. The outage's start is the first tick that saw it down.
std::function<dialer::TrunkState()> trunk_state(const TrunkRegistration& registration) {
  return [&registration, down_since = std::int64_t{0}]() mutable {
    dialer::TrunkState out;
    auto s = registration.status();
    if (!s) return out;
    out.up = s->state == sip::RegistrationState::Registered ||
             (s->state == sip::RegistrationState::Registering && s->failures == 0);
    if (out.up) {
      down_since = 0;
      return out;
    }
    if (down_since == 0) down_since = now_ms();
    out.down_since_ms = down_since;
    if (s->last_status != 0) out.detail = std::to_string(s->last_status) + " " + s->last_reason;
    return out;
  };
}

}  // namespace

DialerRuntime::DialerRuntime(const core::Config& config, crm::Store& store,
                             call::CallManager& calls, const TrunkRegistration& registration,
                             dialer::CampaignEventSink* events)
    : placer_(std::make_unique<Placer>(calls)) {
  dialer::DialerConfig dc;
  dc.node = config.node_name;  // the crash-recovery heartbeat's name: one identity per node
  dc.lines = config.sip.trunk.lines;
  dialer_ = std::make_unique<dialer::Dialer>(
      dialer::DialerDeps{store, *placer_, trunk_state(registration), events}, dc);
}

DialerRuntime::~DialerRuntime() {
  if (dialer_) dialer_->stop();
}

}  // namespace va::app
