// Registration: REGISTER with digest auth, refresh and backoff (RFC 3261 10.2, 22.2).
#include "sip/registration.h"

#include <spdlog/spdlog.h>
#include <strings.h>

#include <algorithm>
#include <charconv>
#include <random>

#include "core/mutex.h"

namespace va::sip {

const char* to_string(RegistrationState s) {
  switch (s) {
    case RegistrationState::Unregistered:
      return "unregistered";
    case RegistrationState::Registering:
      return "registering";
    case RegistrationState::Registered:
      return "registered";
    case RegistrationState::Failed:
      return "failed";
  }
  return "unknown";
}

std::chrono::system_clock::time_point wall_time(core::Clock::TimePoint t,
                                                const core::Clock& clock) {
  return std::chrono::system_clock::now() +
         std::chrono::duration_cast<std::chrono::system_clock::duration>(t - clock.now());
}

core::Result<RegistrationConfig> RegistrationConfig::from(const core::Config& config,
                                                          std::uint16_t port) {
  const auto& trunk = config.sip.trunk;
  if (trunk.uri.empty()) return UacErrc::NoTrunk;
  auto uri = parse_uri(trunk.uri);
  if (!uri || !uri->is_sip() || uri->host.empty()) return UacErrc::BadTrunkUri;
  RegistrationConfig out;
  out.registrar = *uri;
  out.registrar.user.clear();
  out.username = trunk.username;
  out.password = trunk.password;
  out.realm = trunk.realm;
  out.expires = std::chrono::seconds(std::max<std::int64_t>(trunk.register_expires_s, 1));
  auto proxy = parse_outbound_proxy(trunk.outbound_proxy);
  if (!proxy) return proxy.error();
  out.outbound_proxy = *proxy;
  // The transport the URI names; a host name's NAPTR may pick another (retarget() follows it).
  const Uri& hop = out.outbound_proxy ? *out.outbound_proxy : *uri;
  const std::string* transport = hop.params.get("transport");
  TransportProtocol protocol = transport != nullptr && strcasecmp(transport->c_str(), "tcp") == 0
                                   ? TransportProtocol::Tcp
                                   : TransportProtocol::Udp;
  if (hop.scheme == "sips" || (transport != nullptr && strcasecmp(transport->c_str(), "tls") == 0))
    protocol = TransportProtocol::Tls;
  out.local = local_contact_for(config.sip, port, protocol);
  out.user_agent = config.sip.user_agent;
  out.call_id = RequestBuilder(out.local).new_call_id();  // picks the shard (by_key)
  return out;
}

namespace {

double random_unit() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

std::optional<std::int64_t> parse_seconds(std::string_view text) {
  while (!text.empty() && text.front() == ' ')
    text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ')
    text.remove_suffix(1);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

// 8.1.3.1 / 17.1: a response the transaction made up has no To tag (a real final one does).
bool is_local(const Message& response) {
  return (response.status == 408 || response.status == 503) && response.to.tag() == nullptr;
}

}  // namespace

std::shared_ptr<Registration> Registration::create(TransactionLayer& transactions,
                                                   TimerService& timers, const core::Clock& clock,
                                                   RegistrationConfig config) {
  return std::make_shared<Registration>(PrivateTag{}, transactions, timers, clock,
                                        std::move(config));
}

Registration::Registration(PrivateTag, TransactionLayer& transactions, TimerService& timers,
                           const core::Clock& clock, RegistrationConfig config)
    : transactions_(transactions),
      timers_(timers),
      clock_(clock),
      config_(std::move(config)),
      builder_(config_.local, config_.user_agent),
      digest_(config_.username, config_.password),
      expires_(config_.expires) {
  call_id_ = config_.call_id.empty() ? builder_.new_call_id() : config_.call_id;
  if (!config_.jitter) config_.jitter = &random_unit;
  hop_uri_ = config_.outbound_proxy ? *config_.outbound_proxy : config_.registrar;
  if (auto hop = next_hop_for(hop_uri_)) {  // numeric: no DNS (rule 5a)
    targets_ = {*hop};
    status_.target = host_port_text(*hop);
    config_.local.transport = hop->protocol;  // Via and Contact name the transport used
    builder_ = RequestBuilder(config_.local, config_.user_agent);
  }
}

Registration::~Registration() {
  if (timer_ != 0) timers_.cancel(timer_);
}

void Registration::start() {
  if (stopped_) return;
  send_register(false);
}

void Registration::stop(std::function<void()> done) {
  if (stopped_) {
    if (done) done();
    return;
  }
  stopped_ = true;
  if (timer_ != 0) timers_.cancel(timer_);
  timer_ = 0;
  status_.next_attempt.reset();
  if (!maybe_bound_ || targets_.empty()) {
    pending_.reset();
    update(RegistrationState::Unregistered, status_.last_status, status_.last_reason);
    if (done) done();
    return;
  }
  on_stopped_ = std::move(done);
  send_register(true);
}

RegistrationStatus Registration::status() const {
  core::MutexLock lock(mutex_);
  return shared_status_;
}

std::chrono::milliseconds Registration::refresh_delay(std::chrono::seconds granted) {
  const std::chrono::milliseconds half =
      std::chrono::duration_cast<std::chrono::milliseconds>(granted) / 2;
  const std::chrono::milliseconds margin = granted - std::chrono::seconds(10);
  if (margin < std::chrono::seconds(1)) return std::max(half, std::chrono::milliseconds(1));
  return std::min(half, margin);
}

std::chrono::milliseconds Registration::backoff_delay(std::uint32_t failures) const {
  auto delay = config_.backoff_initial;
  for (std::uint32_t i = 1; i < failures && delay < config_.backoff_max; ++i)
    delay *= 2;
  delay = std::min(delay, config_.backoff_max);
  const double factor = 0.8 + 0.4 * std::clamp(config_.jitter(), 0.0, 1.0);
  return std::chrono::milliseconds(
      static_cast<std::int64_t>(static_cast<double>(delay.count()) * factor));
}

void Registration::send_register(bool unregister) {
  unregistering_ = unregister;
  digest_.reset();  // rule 2: every fresh REGISTER starts without credentials
  RequestSpec spec;
  spec.method = Method::Register;
  spec.request_uri = config_.registrar;
  NameAddr aor;
  aor.uri.scheme = config_.registrar.scheme;
  aor.uri.user = config_.username.empty() ? config_.local.user : config_.username;
  aor.uri.host = config_.registrar.host;
  spec.to = aor;
  spec.from = aor;
  spec.call_id = call_id_;
  spec.cseq = ++cseq_;
  Message request = builder_.build(spec);
  if (config_.outbound_proxy) route_via(request, *config_.outbound_proxy);
  const auto expires = unregister ? std::chrono::seconds(0) : expires_;
  request.headers.set("Expires", std::to_string(expires.count()));
  if (unregister) request.contact.front().params.set("expires", "0");
  if (!unregister && status_.state != RegistrationState::Registered) {
    update(RegistrationState::Registering, status_.last_status, status_.last_reason);
  }
  maybe_bound_ = true;
  dispatch(std::move(request));
}

// Rule 5a: to the target in use, or locate the targets first.
void Registration::dispatch(Message request) {
  if (!targets_.empty()) return send(std::move(request));
  pending_ = request;  // a response cannot come before it is sent; stop() sees it pending
  std::weak_ptr<Registration> weak = weak_from_this();
  locate_targets(transactions_, hop_uri_,
                 [weak, request = std::move(request)](
                     core::Result<std::vector<TransportAddress>> targets) mutable {
                   if (auto self = weak.lock())
                     self->on_located(std::move(targets), std::move(request));
                 });
}

void Registration::on_located(core::Result<std::vector<TransportAddress>> targets,
                              Message request) {
  if (!pending_ || pending_->cseq.number != request.cseq.number) return;  // stopped meanwhile
  if (!targets) {
    fail(0, "DNS: " + targets.error().message());
    return;
  }
  targets_ = std::move(*targets);
  target_ = 0;
  status_.target = host_port_text(targets_.front());
  retarget(request, targets_.front().protocol, config_.local);
  send(std::move(request));
}

// Rule 5a: the pending REGISTER again, as a new transaction to the next target.
bool Registration::fail_over() {
  if (!pending_ || target_ + 1 >= targets_.size()) return false;
  ++target_;
  const TransportAddress& next = targets_[target_];
  spdlog::info("sip: registration {}: {} failed, trying {}", call_id_, status_.target,
               host_port_text(next));
  status_.target = host_port_text(next);
  Message request = *pending_;
  request.headers.remove("Authorization");
  request.headers.remove("Proxy-Authorization");
  request.cseq.number = cseq_ + 1;
  digest_.reset();
  retarget(request, next.protocol, config_.local);
  publish();
  send(std::move(request));
  return true;
}

void Registration::send(Message request) {
  cseq_ = request.cseq.number;
  pending_ = request;
  std::weak_ptr<Registration> weak = weak_from_this();
  const std::string branch(request.via.front().branch());
  const TransportAddress hop = targets_.at(target_);
  transactions_.send_request(std::move(request), hop, [weak, branch](const Message& response) {
    auto self = weak.lock();
    if (!self || !self->pending_) return;
    if (self->pending_->via.front().branch() != branch) return;
    self->on_response(response);
  });
}

void Registration::on_response(const Message& response) {
  if (response.status_class() == 1) return;
  if (response.status_class() == 2) {
    on_success(response);
  } else if ((response.status == 401 || response.status == 407) && !is_local(response)) {
    on_challenge(response);
  } else if (response.status == 423 && !unregistering_) {
    on_interval_too_brief(response);
  } else if (is_failover_response(response) && fail_over()) {
    return;
  } else {
    // A refused TLS peer's made-up 503 says why (transport_layer.cc): keep it for the API.
    const bool tls_refusal = response.reason.starts_with("TLS refused");
    fail(response.status, !is_local(response) || tls_refusal ? response.reason
                          : response.status == 408           ? "timeout"
                                                             : "transport error");
  }
}

void Registration::on_success(const Message& response) {
  pending_.reset();
  if (unregistering_) {
    maybe_bound_ = false;
    status_.registered_until.reset();
    update(RegistrationState::Unregistered, response.status, response.reason);
    finish_unregister();
    return;
  }
  const auto granted = granted_expires(response);
  if (granted.count() <= 0) {
    fail(response.status, "registrar granted no binding");
    return;
  }
  status_.failures = 0;
  status_.granted_expires_s = granted.count();
  status_.registered_until = clock_.now() + granted;
  schedule(refresh_delay(granted), /*refresh=*/true);
  update(RegistrationState::Registered, response.status, response.reason);
}

void Registration::on_challenge(const Message& response) {
  if (config_.username.empty()) {
    fail(response.status, "challenged but no credentials configured");
    return;
  }
  auto retry = with_credentials(*pending_, response, digest_, config_.realm);
  if (!retry) {
    const bool refused = retry.error() == make_error_code(UacErrc::CredentialsRefused);
    fail(response.status, refused ? "wrong credentials" : retry.error().message());
    return;
  }
  send(std::move(*retry));
}

void Registration::on_interval_too_brief(const Message& response) {
  const std::string* min = response.headers.get("Min-Expires");
  const auto value = min ? parse_seconds(*min) : std::nullopt;
  if (!value || *value <= expires_.count() || *value > 7 * 24 * 3600) {
    fail(response.status, "Interval Too Brief without a usable Min-Expires");
    return;
  }
  spdlog::info("sip: registration: registrar wants Expires >= {} s", *value);
  expires_ = std::chrono::seconds(*value);
  send_register(false);
}

void Registration::fail(int status, std::string reason) {
  pending_.reset();
  if (unregistering_) {
    // Nothing more to do: the binding expires by itself at the registrar.
    update(RegistrationState::Unregistered, status, std::move(reason));
    finish_unregister();
    return;
  }
  ++status_.failures;
  status_.registered_until.reset();
  if (!next_hop_for(hop_uri_)) targets_.clear();  // a host name: locate again (rule 5a)
  schedule(backoff_delay(status_.failures), /*refresh=*/false);
  update(RegistrationState::Failed, status, std::move(reason));
}

void Registration::refresh_now() {
  if (stopped_ || pending_) return;
  spdlog::info("sip: registration {}: flow to {} failed, registering again", call_id_,
               status_.target);
  schedule(std::chrono::milliseconds(0), true);
}

void Registration::schedule(std::chrono::milliseconds delay, bool refresh) {
  if (timer_ != 0) timers_.cancel(timer_);
  timer_ = 0;
  if (stopped_) return;
  status_.next_attempt = clock_.now() + delay;
  std::weak_ptr<Registration> weak = weak_from_this();
  timer_ = timers_.start(delay, [weak, refresh] {
    auto self = weak.lock();
    if (!self) return;
    self->timer_ = 0;
    self->status_.next_attempt.reset();
    if (self->stopped_) return;
    if (refresh) spdlog::debug("sip: registration: refreshing {}", self->call_id_);
    self->send_register(false);
  });
}

void Registration::finish_unregister() {
  unregistering_ = false;
  if (auto done = std::move(on_stopped_)) {
    on_stopped_ = nullptr;
    done();
  }
}

std::chrono::seconds Registration::granted_expires(const Message& response) const {
  const NameAddr ours = config_.local.contact();
  for (const auto& contact : response.contact) {
    if (!uri_equivalent(contact.uri, ours.uri)) continue;
    if (const std::string* e = contact.params.get("expires")) {
      if (auto v = parse_seconds(*e)) return std::chrono::seconds(*v);
    }
  }
  if (const std::string* e = response.headers.get("Expires")) {
    if (auto v = parse_seconds(*e)) return std::chrono::seconds(*v);
  }
  return expires_;
}

void Registration::update(RegistrationState state, int status, std::string reason) {
  const RegistrationState before = status_.state;
  status_.state = state;
  status_.last_status = status;
  status_.last_reason = std::move(reason);
  if (before != state || state == RegistrationState::Failed) {
    const auto next = status_.next_attempt ? std::chrono::duration_cast<std::chrono::milliseconds>(
                                                 *status_.next_attempt - clock_.now())
                                                 .count()
                                           : -1;
    spdlog::info(
        "sip: registration {} -> {} at {} ({} {}), granted {} s, failures {}, next attempt in "
        "{} ms",
        to_string(before), to_string(state), config_.registrar.to_string(), status_.last_status,
        status_.last_reason, status_.granted_expires_s, status_.failures, next);
  }
  publish();
}

void Registration::publish() {
  {
    core::MutexLock lock(mutex_);
    shared_status_ = status_;
  }
  if (on_status_) on_status_(status_);
}

}  // namespace va::sip
