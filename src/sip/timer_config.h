// TimerConfig: the RFC 3261 timer base values (section 17.1.1.1 and table 4).
#pragma once

#include <chrono>

namespace va::sip {

struct TimerConfig {
  std::chrono::milliseconds t1{500};   // RTT estimate
  std::chrono::milliseconds t2{4000};  // cap of non-INVITE request and INVITE response resends
  std::chrono::milliseconds t4{5000};  // how long a message stays in the network
  // INVITE server: send 100 Trying if the TU has not answered within this (17.2.1).
  std::chrono::milliseconds trying_delay{200};

  std::chrono::milliseconds timeout_64t1() const { return 64 * t1; }  // B, F, H, J, L, M
  std::chrono::milliseconds timer_d() const { return std::chrono::milliseconds{32000}; }
};

}  // namespace va::sip
