// TrunkRegistration: the Registration object is created, started and stopped on its shard.
#include "app/trunk_registration.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <future>

#include "core/clock.h"
#include "sip/random_token.h"

namespace va::app {
TrunkRegistration::TrunkRegistration(const core::Config& config, core::ShardPool& shards,
                                     sip::SipStack& sip) {
  trunk_uri_ = config.sip.trunk.uri;
  if (config.sip.trunk.uri.empty() || !config.sip.trunk.register_enabled) return;
  auto rc = sip::RegistrationConfig::from(config, sip.port());
  if (!rc) {
    spdlog::error("sip.trunk: cannot register to '{}': {}", config.sip.trunk.uri,
                  rc.error().message());
    return;
  }
  // The binding's Call-ID decides the shard its responses reach: choose it first.
  if (rc->call_id.empty()) rc->call_id = sip::make_tag() + sip::make_tag() + "@" + rc->local.host;
  auto& shard = shards.by_key(rc->call_id);
  shard_ = &shard;
  const int index = shard.index();
  core::run_on(shard, [&] {
    registration_ = sip::Registration::create(sip.transaction_layer(index), sip.timers(index),
                                              core::Clock::steady(), *rc);
  });
  spdlog::info("sip.trunk: registering {} at {} every {} s", rc->username, config.sip.trunk.uri,
               rc->expires.count());
  boost::asio::post(shard_->context(), [r = registration_] { r->start(); });
  // RFC 5626 4.4.1: a flow that lost its keep-alive is re-registered at once.
  sip.set_flow_failed_handler(
      [shard = shard_, weak = std::weak_ptr(registration_)](const sip::TransportAddress&) {
        boost::asio::post(shard->context(), [weak] {
          if (auto r = weak.lock()) r->refresh_now();
        });
      });
}

TrunkRegistration::~TrunkRegistration() {
  stop();
}

std::optional<sip::RegistrationStatus> TrunkRegistration::status() const {
  if (!registration_) return std::nullopt;
  return registration_->status();
}

boost::json::object TrunkRegistration::status_json() const {
  auto s = status();
  if (!s) return {{"state", "disabled"}, {"trunk", trunk_uri_}};
  auto unix_ms = [](const std::optional<core::Clock::TimePoint>& t) -> boost::json::value {
    if (!t) return nullptr;
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               sip::wall_time(*t, core::Clock::steady()).time_since_epoch())
        .count();
  };
  return {{"state", sip::to_string(s->state)},
          {"trunk", trunk_uri_},
          {"last_status", s->last_status},
          {"last_reason", s->last_reason},
          {"registered_until", unix_ms(s->registered_until)},
          {"next_attempt", unix_ms(s->next_attempt)},
          {"failures", s->failures},
          {"granted_expires_s", s->granted_expires_s},
          {"target", s->target}};
}

void TrunkRegistration::stop() {
  if (!registration_) return;
  auto done = std::make_shared<std::promise<void>>();
  auto finished = done->get_future();
  boost::asio::post(shard_->context(),
                    [r = registration_, done] { r->stop([done] { done->set_value(); }); });
  if (finished.wait_for(std::chrono::seconds(3)) != std::future_status::ready) {
    spdlog::warn("sip.trunk: no answer to the un-REGISTER within 3 s");
  }
  // Destroyed on its shard: its timers belong to that shard's timer service.
  boost::asio::post(shard_->context(), [r = std::move(registration_)]() mutable { r.reset(); });
}

}  // namespace va::app
