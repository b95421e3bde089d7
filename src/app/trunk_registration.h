// TrunkRegistration: keeps voiceagent registered at the trunk (sip.trunk with register =
// true) for as long as the server runs, on the shard that owns the binding's Call-ID, and
// unregisters on shutdown.
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <optional>

#include "core/config.h"
#include "core/shard_pool.h"
#include "sip/registration.h"
#include "sip/sip_stack.h"

namespace va::app {

class TrunkRegistration {
 public:
  // Does nothing when no trunk is set or registration is off; a bad trunk URI is logged.
  TrunkRegistration(const core::Config& config, core::ShardPool& shards, sip::SipStack& sip);
  ~TrunkRegistration();

  bool active() const { return registration_ != nullptr; }
  // Any thread; nullopt when not registering.
  std::optional<sip::RegistrationStatus> status() const;
  // The status as GET /api/sip/registration shows it (times in Unix ms).
  boost::json::object status_json() const;
  // Sends the un-REGISTER and waits (bounded) for its answer.
  void stop();

 private:
  core::Shard* shard_ = nullptr;
  std::string trunk_uri_;
  std::shared_ptr<sip::Registration> registration_;
};

}  // namespace va::app
