// rtp/ settings from the [rtp] section of the config (core::RtpConfig), in rtp/'s own types.
#pragma once

#include "core/config.h"
#include "rtp/port_pool.h"
#include "rtp/rtp_session.h"

namespace va::rtp {

PortPoolConfig port_pool_config(const core::RtpConfig& c);
// Learning and inactivity settings; payload types, SSRC and sequence start are per call.
RtpSessionConfig session_config(const core::RtpConfig& c);

}  // namespace va::rtp
