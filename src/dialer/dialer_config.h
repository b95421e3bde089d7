// What a Dialer (dialer.h) and its engine (dialer_engine.h) are built from.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "core/config.h"
#include "crm/store.h"
#include "dialer/call_placer.h"
#include "dialer/campaign_event.h"

namespace va::dialer {

struct DialerConfig {
  std::string node;  // who claims leads (config node_name); crash recovery takes back its own
  std::vector<core::TrunkLine> lines;
  std::chrono::milliseconds tick{250};
  int scan = 50;  // due leads looked at per claim
};

struct DialerDeps {
  crm::Store& store;
  CallPlacer& placer;
  std::function<TrunkState()> trunk;  // empty: the trunk is always up
  CampaignEventSink* events = nullptr;
};

}  // namespace va::dialer
