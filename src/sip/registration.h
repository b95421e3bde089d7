// Registration: keeps one binding of our Contact at the trunk's registrar (RFC 3261 section
// 10.2) with digest authentication (22.2).
//
// Rules:
//  1. All REGISTERs of the binding share one Call-ID; the CSeq increments (10.2). To and From
//     are the address of record sip:<username>@<registrar host>; Expires asks for the
//     configured interval.
//  2. 401/407 -> the same REGISTER again with credentials (new branch, CSeq + 1). Challenged
//     again without stale=true -> our credentials are wrong: failed. Every fresh REGISTER
//     (first, refresh, retry) starts without credentials, so a new nonce never looks like a
//     refusal.
//  3. 2xx -> registered for the interval the registrar granted: the expires param of our
//     Contact in the 2xx, else its Expires header, else what we asked. The refresh goes out at
//     min(expires / 2, expires - 10 s) (expires / 2 when that would be under 1 s).
//  4. 423 Interval Too Brief -> again at once with Expires = Min-Expires (when it is larger).
//  5. Any other final response, a timeout (408 from the transaction), a transport error (503)
//     or refused credentials -> failed, and a new attempt after a backoff: backoff_initial
//     doubling per consecutive failure up to backoff_max, times a jitter factor in [0.8, 1.2).
//  5a. A registrar (or outbound proxy) named by host name is located by RFC 3263
//     (request_failover.h): a 503 or a timeout moves the REGISTER to the next target at once
//     (a new transaction, CSeq + 1); the target that answers is kept for refreshes. Rule 5
//     applies when every target failed, and the next attempt locates again (from the DNS
//     cache while its TTLs last), starting over at the most preferred target.
//  6. stop() sends REGISTER with Expires: 0 (if anything may be bound) and runs `done` on its
//     final response (or at once when nothing was bound); no attempt runs after it.
//  7. Every state change is logged and passed to the status handler; status() may be read
//     from any thread.
// Thread-compatible otherwise: lives on one shard with that shard's TransactionLayer and
// TimerService (start it on the shard ShardPool::by_key(call_id()) so responses reach it).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/config.h"
#include "core/mutex.h"
#include "core/result.h"
#include "sip/digest_auth.h"
#include "sip/request_builder.h"
#include "sip/request_failover.h"
#include "sip/timer_service.h"
#include "sip/transaction_layer.h"

namespace va::sip {

enum class RegistrationState { Unregistered, Registering, Registered, Failed };
const char* to_string(RegistrationState s);  // "unregistered", "registering", ...

struct RegistrationStatus {
  RegistrationState state = RegistrationState::Unregistered;
  int last_status = 0;      // last final status (408 / 503 for a timeout / transport error)
  std::string last_reason;  // its reason phrase, or why we gave up ("wrong credentials")
  // Steady-clock times (core::Clock); wall_time() turns them into system_clock for the API.
  std::optional<core::Clock::TimePoint> registered_until;
  std::optional<core::Clock::TimePoint> next_attempt;  // refresh or retry
  std::uint32_t failures = 0;                          // consecutive; 0 after a success
  std::int64_t granted_expires_s = 0;                  // the interval of the last 2xx
  std::string target;  // "host:port" the REGISTERs go to (rule 5a); "" before it is known
};

// The wall-clock time of a steady time point read from `clock`.
std::chrono::system_clock::time_point wall_time(core::Clock::TimePoint t, const core::Clock& clock);

struct RegistrationConfig {
  Uri registrar;  // Request-URI and next hop (sip.trunk.uri, numeric host)
  // sip.trunk.outbound_proxy: then the next hop and first Route instead (RFC 3261 8.1.2).
  std::optional<Uri> outbound_proxy;
  std::string username;
  std::string password;
  std::string realm;  // "" = answer any realm
  std::chrono::seconds expires{300};
  std::chrono::milliseconds backoff_initial{2000};
  std::chrono::milliseconds backoff_max{300000};
  LocalContact local;
  std::string user_agent = "voiceagent";
  // Fixed for the binding. Start the Registration on ShardPool::by_key(call_id). "" = a fresh
  // one chosen at construction (only right with one shard); from() always fills it.
  std::string call_id;
  // A number in [0, 1) for the jitter factor 0.8 + 0.4 * x; default: random. Tests give 0.5.
  std::function<double()> jitter;

  // From sip.trunk and the bound SIP port (local_contact_for), with a fresh call_id. Does not
  // look at register_enabled. Errors: NoTrunk, BadTrunkUri, NoNumericHop.
  static core::Result<RegistrationConfig> from(const core::Config& config, std::uint16_t port);
};

class Registration : public std::enable_shared_from_this<Registration> {
 public:
  using StatusHandler = std::function<void(const RegistrationStatus&)>;

  // Nothing is sent until start(). The layer, timers and clock must outlive the Registration
  // or SipStack::stop() must have cleared the layer first.
  static std::shared_ptr<Registration> create(TransactionLayer& transactions, TimerService& timers,
                                              const core::Clock& clock, RegistrationConfig config);
  ~Registration();
  Registration(const Registration&) = delete;
  Registration& operator=(const Registration&) = delete;

  // Sends the first REGISTER now.
  void start();
  // Rule 6.
  void stop(std::function<void()> done = {});
  // The flow the binding used failed (a TLS keep-alive went unanswered, RFC 5626 4.4.1):
  // REGISTER again now instead of at the refresh time. Nothing while a REGISTER is pending.
  void refresh_now();

  void set_status_handler(StatusHandler handler) { on_status_ = std::move(handler); }
  // A copy of the current status; any thread.
  RegistrationStatus status() const;
  const std::string& call_id() const { return call_id_; }
  // The delay rule 3 (refresh) or rule 5 (retry after `failures` failures) picks.
  static std::chrono::milliseconds refresh_delay(std::chrono::seconds granted);
  std::chrono::milliseconds backoff_delay(std::uint32_t failures) const;

 private:
  struct PrivateTag {};

 public:
  Registration(PrivateTag, TransactionLayer& transactions, TimerService& timers,
               const core::Clock& clock, RegistrationConfig config);

 private:
  void send_register(bool unregister);
  void dispatch(Message request);
  void on_located(core::Result<std::vector<TransportAddress>> targets, Message request);
  bool fail_over();
  void send(Message request);
  void on_response(const Message& response);
  void on_success(const Message& response);
  void on_challenge(const Message& response);
  void on_interval_too_brief(const Message& response);
  void fail(int status, std::string reason);
  void schedule(std::chrono::milliseconds delay, bool refresh);
  void finish_unregister();
  std::chrono::seconds granted_expires(const Message& response) const;
  void update(RegistrationState state, int status, std::string reason);
  void publish();

  TransactionLayer& transactions_;
  TimerService& timers_;
  const core::Clock& clock_;
  RegistrationConfig config_;
  RequestBuilder builder_;
  Uri hop_uri_;                            // the registrar, or the outbound proxy
  std::vector<TransportAddress> targets_;  // rule 5a; empty = locate before the next REGISTER
  std::size_t target_ = 0;                 // the one in use
  DigestClient digest_;
  std::string call_id_;
  std::uint32_t cseq_ = 0;
  std::chrono::seconds expires_;

  std::optional<Message> pending_;  // the REGISTER in flight (its branch matches responses)
  bool unregistering_ = false;
  bool stopped_ = false;
  bool maybe_bound_ = false;  // a REGISTER went out since the last successful removal
  std::function<void()> on_stopped_;
  TimerService::TimerId timer_ = 0;

  RegistrationStatus status_;  // shard copy; published under mutex_
  mutable core::Mutex mutex_;
  RegistrationStatus shared_status_ GUARDED_BY(mutex_);
  StatusHandler on_status_;
};

}  // namespace va::sip
