// DialerEngine: the dialer's work without its thread, so it can be driven step by step (the
// Dialer runs it on its own thread; tests call it directly). Not thread-safe: one thread.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "dialer/dialer_config.h"
#include "dialer/pacing.h"

namespace va::dialer {

class DialerEngine {
 public:
  DialerEngine(DialerDeps deps, DialerConfig config);

  // Leads this node left `calling` (a crash) get outcome interrupted; deferred leads of
  // active campaigns are looked at again (calling hours may have changed meanwhile).
  void recover();
  // The same for the leads a dead node (declared dead by this survivor) left `calling`: each
  // attempt ends interrupted and the lead is retried by policy, never dialled twice at once.
  void recover_node(const std::string& node);
  // One pass over every active campaign.
  void tick();
  // A call of ours ended (others are ignored).
  void on_call_ended(crm::Id call_id, const std::string& end_reason, const std::string& outcome);
  std::size_t in_flight() const { return calls_.size(); }

 private:
  struct InFlight {
    crm::Id campaign_id = 0;
    crm::Id lead_id = 0;
    std::string line;
  };
  struct Run {
    RateWindow rate;  // this node's dials: spares the store a claim the window would refuse
    std::int64_t in_flight = 0;
    std::optional<std::string> reason;                    // as last stored
    std::chrono::system_clock::time_point hours_until{};  // earliest deferred lead's window
    std::string hours_zone;
    crm::Id owner_parent = 0;     // who else sees its events
    std::uint64_t seen_pass = 0;  // the last tick() that found it active (0 = none yet)
  };
  struct Pass {
    std::string reason;         // why it stopped dialling ("" = limits reached while dialling)
    bool exhausted = false;     // no due lead was left to claim
    bool rate_limited = false;  // calls_per_minute stopped it: maybe nothing is left either
  };

  void work_campaign(const crm::Campaign& c, const TrunkState& trunk);
  Pass dial_some(const crm::Campaign& c, Run& run);
  // `lines`: the lines the campaign may use (its own, else its owner's; empty = any).
  crm::ClaimResult claim(const crm::Campaign& c, Run& run, const std::vector<std::string>& lines,
                         bool& failed);
  crm::ClaimDecision decide(const crm::Campaign& c, Run& run, const crm::ClaimedLead& x);
  // "" when the call was placed (or the lead was skipped); else why the campaign must wait.
  std::string place(const crm::Campaign& c, const crm::User& owner, Run& run,
                    const crm::ClaimedLead& x, const core::TrunkLine& line);
  std::string hours_reason(const Run& run) const;
  void finish_if_done(const crm::Campaign& c);
  void set_reason(const crm::Campaign& c, Run& run, const std::string& reason);
  void emit(const crm::Campaign& c, const std::string& kind, const std::string& status,
            crm::Id lead_id = 0, const std::string& lead_state = "",
            const std::string& outcome = "", crm::Id call_id = 0);

  DialerDeps deps_;
  DialerConfig config_;
  LineTable lines_;
  std::map<crm::Id, InFlight> calls_;
  std::map<crm::Id, Run> runs_;
  std::uint64_t pass_ = 0;  // tick() count
};

// "trunk not registered since 10:32 (403 Forbidden)" (UTC clock time).
std::string trunk_down_reason(const TrunkState& trunk);
// Why a refused placement makes the campaign wait (call::Errc), or "" for a bad number.
std::string refusal_reason(const std::error_code& ec);

}  // namespace va::dialer
