// CallManager: the node's calls. It admits a call (limits), plans it on the DB pool (record,
// key, agent, greeting), creates it on its shard and keeps the table of live calls the API
// reads. Inbound INVITEs arrive on the shard owning their Call-ID; the route lookup runs on
// the DB pool and the call comes back to that shard to be answered.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "ai/greeting_cache.h"
#include "call/call_event.h"
#include "call/call_plan.h"
#include "call/call_settings.h"
#include "call/failover_counters.h"
#include "call/live_calls.h"
#include "call/transfer_request.h"
#include "core/result.h"
#include "core/shard_pool.h"
#include "crm/key_pool.h"
#include "crm/store.h"
#include "media/recording_writer.h"
#include "rtp/port_pool.h"

namespace va::sip {
class SipStack;
class IncomingCall;
}  // namespace va::sip

namespace va::call {

struct CallManagerDeps {
  core::ShardPool& shards;
  sip::SipStack& sip;
  rtp::PortPool& ports;
  crm::Store& store;
  crm::KeyPool& keys;
  ai::GreetingCache& greetings;
  boost::asio::any_io_executor db;  // the DB pool: planning and record writes run there
  CallEventSink* events = nullptr;  // may be null
  std::string simulator_url;        // the embedded simulator, "" = none
  // The process's one recording writer (app/ wiring). Null: the manager starts its own (one
  // thread, stopped by stop()) when recording is on.
  media::RecordingWriter* recordings = nullptr;
};

class CallManager {
 public:
  CallManager(CallManagerDeps deps, CallSettings settings);
  ~CallManager();
  CallManager(const CallManager&) = delete;
  CallManager& operator=(const CallManager&) = delete;

  // Sets up every shard (pacer, dialog registry, inbound handler). The SIP stack must be
  // started and the shards running.
  void start();
  // Hangs up every call (BYE/CANCEL), waits up to `grace` for them to end, then tears the
  // shards' call objects down. Safe to call twice.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds(3));

  // Blocking (DB + greeting rendering): call it from the DB pool or an API thread, never
  // from a shard. Returns the new call's id; the call is dialing when this returns.
  core::Result<crm::Id> place_call(const OutboundRequest& request);
  // Errc::NoKey when a call of `owner` would get no AI (CallPlanner::check_ai). Blocking.
  std::error_code check_ai(const crm::User& owner);
  // Hangs up a live call of this node (Errc::NotLive otherwise).
  std::error_code hangup(crm::Id call_id);
  // SIP MESSAGE with `text` (valid: sms_text_error) to the other party of a live call of this
  // node (Call::send_sms); `done` runs later on the call's shard with the SIP status (0 = not
  // sent) and reason. Errc::NotLive (and no `done`) when the call is not live here.
  std::error_code send_sms(crm::Id call_id, std::string text,
                           std::function<void(int status, std::string reason)> done);
  // A transfer to a person (Call::transfer) of a live call of this node; `done` runs later
  // on the call's shard once the asking is settled. Errc::NotLive (and no `done`) when the
  // call is not live here.
  std::error_code transfer(crm::Id call_id, TransferRequest request,
                           std::function<void(TransferResult)> done);
  // The greeting a call of `owner` with `agent` would play (CallPlanner::preview_greeting).
  // Blocking like place_call.
  core::Result<std::shared_ptr<const ai::Greeting>> preview_greeting(const crm::User& owner,
                                                                     const crm::AgentConfig& agent);

  const LiveCalls& live_calls() const { return live_; }
  const CallSettings& settings() const { return settings_; }

  struct Counters {
    std::uint64_t placed = 0;
    std::uint64_t inbound = 0;
    std::uint64_t inbound_refused = 0;  // every refused INVITE, the ACL's included
    std::uint64_t acl_refused = 0;      // refused by sip.inbound_acl
    std::uint64_t ended = 0;
    // The audio watchdog's steps over all calls (call/ai_watchdog.h).
    std::uint64_t watchdog_nudges = 0;
    std::uint64_t watchdog_reconnects = 0;
    std::uint64_t watchdog_give_ups = 0;
    std::uint64_t watchdog_recoveries = 0;
    std::vector<FailoverCount> failovers;  // provider failovers by from, to, reason
    // SRTP/SRTCP packets that failed authentication or the replay check, in calls that ended.
    std::uint64_t srtp_packets_dropped_auth = 0;
  };
  Counters counters() const;

 private:
  struct PerShard;
  class Impl;
  std::shared_ptr<Impl> impl_;
  CallSettings settings_;
  LiveCalls live_;
};

}  // namespace va::call
