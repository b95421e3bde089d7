// DnsQuerier: the network seam of the SIP locator: send one question, get the parsed answer.
// AresResolver is the real one (c-ares on the shard's event loop); tests give a table.
#pragma once

#include <functional>
#include <string>

#include "core/result.h"
#include "sip/dns/dns_record.h"

namespace va::sip {

class DnsQuerier {
 public:
  // The parsed answer (any RCODE but a failure one), or a DnsErrc. Called on the querier's
  // thread, never from inside query().
  using Done = std::function<void(core::Result<DnsAnswer>)>;

  virtual ~DnsQuerier() = default;
  virtual void query(const std::string& name, DnsType type, Done done) = 0;
};

}  // namespace va::sip
