// DialerEngine: pacing, claims, placement and outcomes. Every store call blocks; this runs on
// the dialer's own thread only.
#include "dialer/dialer_engine.h"

#include <date/tz.h>
#include <spdlog/spdlog.h>

#include "call/errc.h"
#include "dialer/calling_hours.h"
#include "dialer/dialing_policy.h"
#include "dialer/lead_zone.h"

namespace va::dialer {
namespace {

std::int64_t to_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

bool dialable(const std::string& phone) {
  if (phone.size() < 4 || phone.size() > 16 || phone[0] != '+') return false;
  return phone.find_first_not_of("0123456789", 1) == std::string::npos;
}

// A line's prefix goes before the number's digits (a gateway dials "91" "4930..." and does
// not take a '+' after a prefix); without a prefix the E.164 number goes as it is.
std::string dial_string(const core::TrunkLine& line, const std::string& phone) {
  if (line.prefix.empty()) return phone;
  return line.prefix + (phone.starts_with('+') ? phone.substr(1) : phone);
}

std::string clock_time(std::int64_t ms) {
  const auto t = std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
  return date::format("%H:%M", std::chrono::time_point_cast<std::chrono::minutes>(t));
}

}  // namespace

std::string trunk_down_reason(const TrunkState& trunk) {
  std::string out = "trunk not registered";
  if (trunk.down_since_ms > 0) out += " since " + clock_time(trunk.down_since_ms) + " UTC";
  if (!trunk.detail.empty()) out += " (" + trunk.detail + ")";
  return out;
}

std::string refusal_reason(const std::error_code& ec) {
  if (ec.category() != call::call_category()) return "could not place calls: " + ec.message();
  switch (static_cast<call::Errc>(ec.value())) {
    case call::Errc::InvalidTarget:
      return "";
    case call::Errc::NoKey:
      return "the owner has no API key and no simulator is configured";
    case call::Errc::OwnerLimit:
      return "the owner is at their limit of concurrent calls";
    case call::Errc::TenantLimit:
      return "the owner's account is at its limit of concurrent calls";
    case call::Errc::MonthlyMinutes:
      return "the owner's account has used its monthly minutes";
    default:
      return ec.message();
  }
}

DialerEngine::DialerEngine(DialerDeps deps, DialerConfig config)
    : deps_(deps), config_(std::move(config)), lines_(config_.lines) {}

void DialerEngine::recover() {
  recover_node(config_.node);
  if (auto active = deps_.store.active_campaigns()) {
    for (const auto& c : *active)
      (void)deps_.store.reset_deferred_leads(c.id);
  }
}

void DialerEngine::recover_node(const std::string& node) {
  const auto now = to_ms(std::chrono::system_clock::now());
  // "" would mean every node's claims: never what a recovery means.
  if (node.empty()) return;
  auto left = deps_.store.calling_leads(node);
  if (!left) {
    spdlog::error("dialer: cannot read leads left calling: {}", left.error().message());
    return;
  }
  for (const auto& e : *left) {
    // The claim counted the attempt before the INVITE could leave. Without a call id the
    // crash came between the claim and record_dial: whether the INVITE left is unknown, so
    // it is an interrupted attempt too, retried by policy, never a second call for it.
    auto c = deps_.store.get_campaign(e.campaign_id);
    const auto settings = c ? c->dialing : crm::DialingSettings{};
    auto r = next_after(settings, e.campaign_id, e.lead_id, Outcome::Interrupted, e.attempts, now,
                        e.call_ids.empty() ? 0 : e.call_ids.back());
    if (auto w = deps_.store.finish_attempt(r); !w) {
      spdlog::error("dialer: lead {} of campaign {}: {}", e.lead_id, e.campaign_id,
                    w.error().message());
    }
  }
  if (!left->empty()) {
    spdlog::info("dialer: {} leads of node {} interrupted ({})", left->size(), node,
                 node == config_.node ? "a restart" : "the node died");
  }
}

void DialerEngine::tick() {
  auto active = deps_.store.active_campaigns();
  if (!active) {
    spdlog::warn("dialer: cannot list campaigns: {}", active.error().message());
    return;
  }
  const TrunkState trunk = deps_.trunk ? deps_.trunk() : TrunkState{};
  ++pass_;
  for (const auto& c : *active) {
    work_campaign(c, trunk);
    // Active here since this pass (a start from the CLI or on another node, or this node's
    // restart): viewers hear it, as progress events carry no status news.
    auto& run = runs_[c.id];
    if (run.seen_pass == 0 || run.seen_pass + 1 != pass_) {
      crm::Campaign now = c;
      now.waiting_reason = run.reason.value_or(c.waiting_reason);
      emit(now, "status", c.status);
    }
    run.seen_pass = pass_;
  }
}

void DialerEngine::work_campaign(const crm::Campaign& c, const TrunkState& trunk) {
  auto& run = runs_[c.id];
  if (!trunk.up) {
    set_reason(c, run, trunk_down_reason(trunk));
    return;
  }
  const auto pass = dial_some(c, run);
  set_reason(c, run, pass.reason);
  // A full rate window hides whether any lead is left: the tally says (only when idle).
  if ((pass.exhausted || pass.rate_limited) && run.in_flight == 0) finish_if_done(c);
}

DialerEngine::Pass DialerEngine::dial_some(const crm::Campaign& c, Run& run) {
  const auto& d = c.dialing;
  auto owner = deps_.store.get_user(c.owner_id);
  if (!owner) return {"the campaign's owner cannot be read", false};
  run.owner_parent = owner->parent_id;
  // A campaign bound to lines uses those; else its owner's (users.lines); else any.
  const auto& bound = d.lines.empty() ? owner->lines : d.lines;
  // Bounded: at most max_concurrent claims can succeed, skips are bounded by `scan` each.
  for (int guard = 0; guard < 10000; ++guard) {
    const auto now = std::chrono::steady_clock::now();
    if (run.in_flight >= d.max_concurrent) return {};
    if (!run.rate.allows(now, d.calls_per_minute)) return {"", false, true};
    auto line = lines_.pick(bound, now);
    if (!line) return {lines_.blocked_reason(bound, now), false};
    bool failed = false;
    auto claimed = claim(c, run, bound, failed);
    if (failed) return {"the database is not answering", false};
    // The campaign's limits over all nodes (the store counts them): like the local ones above.
    if (claimed.limited == crm::ClaimResult::Limit::Concurrent) return {};
    if (claimed.limited == crm::ClaimResult::Limit::Rate) return {"", false, true};
    // Every line this node could use is full with calls of all nodes together.
    if (claimed.limited == crm::ClaimResult::Limit::Lines) return {"all lines busy", false};
    if (!claimed.lead) return {hours_reason(run), true};
    const auto on = lines_.config(claimed.lead->entry.line).value_or(*line);
    if (auto why = place(c, *owner, run, *claimed.lead, on); !why.empty()) return {why, false};
  }
  return {};
}

crm::ClaimResult DialerEngine::claim(const crm::Campaign& c, Run& run,
                                     const std::vector<std::string>& lines, bool& failed) {
  const auto now = to_ms(std::chrono::system_clock::now());
  crm::ClaimLimits limits{c.dialing.max_concurrent, c.dialing.calls_per_minute, {}};
  // A line's capacity holds over all nodes: the store counts each line's calls up.
  for (const auto& l : lines_.candidates(lines, std::chrono::steady_clock::now()))
    limits.lines.push_back({l.name, l.capacity});
  auto claimed =
      deps_.store.claim_next_lead(c.id, now, config_.node, config_.scan, limits,
                                  [&](const crm::ClaimedLead& x) { return decide(c, run, x); });
  if (!claimed) {
    spdlog::warn("dialer: campaign {}: claim failed: {}", c.id, claimed.error().message());
    failed = true;
    return {};
  }
  return std::move(*claimed);
}

crm::ClaimDecision DialerEngine::decide(const crm::Campaign& c, Run& run,
                                        const crm::ClaimedLead& x) {
  crm::ClaimDecision out;
  if (!dialable(x.lead.phone)) {
    out.verdict = crm::ClaimDecision::Verdict::Skip;
    out.skip_reason = "invalid_number";
    return out;
  }
  const auto zone_name = zone_for_lead(x.lead.timezone, x.lead.phone, x.lead.country);
  const auto* zone = find_zone(zone_name);
  if (!zone) zone = date::locate_zone("UTC");
  const auto now = std::chrono::system_clock::now();
  const auto hours = check_hours(c.dialing, *zone, now);
  if (!hours.open) {
    out.verdict = crm::ClaimDecision::Verdict::Defer;
    out.defer_until = to_ms(hours.opens_at);
    if (run.hours_until <= now || hours.opens_at < run.hours_until) {
      run.hours_until = hours.opens_at;
      run.hours_zone = zone_name;
    }
    return out;
  }
  out.verdict = crm::ClaimDecision::Verdict::Dial;  // the store picks the line with room
  return out;
}

std::string DialerEngine::place(const crm::Campaign& c, const crm::User& owner, Run& run,
                                const crm::ClaimedLead& x, const core::TrunkLine& line) {
  const auto lead = x.lead.id;
  auto id = deps_.placer.place({owner, dial_string(line, x.lead.phone), lead, c.id});
  const auto now_ms = to_ms(std::chrono::system_clock::now());
  if (!id) {
    const auto why = refusal_reason(id.error());
    // Never placed: the claim's attempt is given back (and its calls_per_minute slot).
    (void)deps_.store.release_claim(c.id, lead, now_ms);
    if (why.empty()) {
      crm::AttemptResult skip{c.id, lead, "skipped", "invalid_number", "", 0, 0};
      (void)deps_.store.finish_attempt(skip);
      emit(c, "progress", c.status, lead, "skipped");
    }
    return why;
  }
  if (auto r = deps_.store.record_dial(c.id, lead, *id); !r) {
    spdlog::error("dialer: call {} of lead {} not recorded: {}", *id, lead, r.error().message());
  }
  calls_[*id] = InFlight{c.id, lead, line.name};
  ++run.in_flight;
  lines_.take(line.name);
  run.rate.add(std::chrono::steady_clock::now());
  emit(c, "progress", c.status, lead, "calling", "", *id);
  return "";
}

std::string DialerEngine::hours_reason(const Run& run) const {
  const auto now = std::chrono::system_clock::now();
  if (run.hours_until <= now || run.in_flight > 0) return "";
  const auto* zone = find_zone(run.hours_zone);
  if (!zone) return "outside calling hours";
  const auto local =
      date::make_zoned(zone, std::chrono::time_point_cast<std::chrono::minutes>(run.hours_until));
  return "outside calling hours until " + date::format("%H:%M", local) + " in " + run.hours_zone;
}

void DialerEngine::finish_if_done(const crm::Campaign& c) {
  auto tally = deps_.store.campaign_tally(c.id);
  if (!tally || tally->total == 0) return;
  for (const auto& [state, n] : tally->by_state) {
    if (n > 0 && (state == "pending" || state == "calling" || state == "retry_wait")) return;
  }
  if (auto r = deps_.store.set_campaign_status(c.id, "done"); !r) return;
  (void)deps_.store.set_waiting_reason(c.id, "");  // a done campaign waits for nothing
  runs_[c.id].reason = "";
  spdlog::info("dialer: campaign {} done: {} leads, {} attempts", c.id, tally->total,
               tally->attempts);
  emit(c, "done", "done");
}

void DialerEngine::set_reason(const crm::Campaign& c, Run& run, const std::string& reason) {
  if (run.reason && *run.reason == reason) return;
  if (!run.reason && reason == c.waiting_reason) {
    run.reason = reason;
    return;
  }
  if (auto r = deps_.store.set_waiting_reason(c.id, reason); !r) return;
  run.reason = reason;
  crm::Campaign changed = c;
  changed.waiting_reason = reason;
  emit(changed, "status", c.status);
}

void DialerEngine::emit(const crm::Campaign& c, const std::string& kind, const std::string& status,
                        crm::Id lead_id, const std::string& lead_state, const std::string& outcome,
                        crm::Id call_id) {
  if (!deps_.events) return;
  CampaignEvent e;
  e.kind = kind;
  e.campaign_id = c.id;
  e.owner_id = c.owner_id;
  e.owner_parent_id = runs_[c.id].owner_parent;
  e.status = status;
  e.waiting_reason = c.waiting_reason;
  e.lead_id = lead_id;
  e.lead_state = lead_state;
  e.outcome = outcome;
  e.call_id = call_id;
  deps_.events->publish_campaign(e);
}

void DialerEngine::on_call_ended(crm::Id call_id, const std::string& end_reason,
                                 const std::string& outcome) {
  auto it = calls_.find(call_id);
  if (it == calls_.end()) return;
  const InFlight f = it->second;
  calls_.erase(it);
  auto& run = runs_[f.campaign_id];
  if (run.in_flight > 0) --run.in_flight;
  lines_.release(f.line);
  const auto o = outcome_of_call(end_reason, outcome);
  if (o == Outcome::Congestion) {
    lines_.congested(f.line, std::chrono::steady_clock::now());
  } else {
    lines_.cleared(f.line);
  }
  auto c = deps_.store.get_campaign(f.campaign_id);
  auto entry = deps_.store.get_campaign_lead(f.campaign_id, f.lead_id);
  if (!c || !entry) return;  // deleted meanwhile
  const auto now = to_ms(std::chrono::system_clock::now());
  const auto next =
      next_after(c->dialing, f.campaign_id, f.lead_id, o, entry->attempts, now, call_id);
  if (auto r = deps_.store.finish_attempt(next); !r) {
    spdlog::error("dialer: lead {} of campaign {}: {}", f.lead_id, f.campaign_id,
                  r.error().message());
    return;
  }
  emit(*c, "progress", c->status, f.lead_id, next.state, std::string(to_string(o)), call_id);
}

}  // namespace va::dialer
