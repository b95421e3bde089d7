// TableDns: a DnsQuerier answering from a table on the next ManualTimerService tick (never
// inside query(), as the real resolver), for the failover tests of REGISTER and INVITE.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sip/dns/dns_querier.h"
#include "sip/timer_service.h"

namespace va::sip::test {

class TableDns final : public DnsQuerier {
 public:
  explicit TableDns(TimerService& timers) : timers_(timers) {}
  void query(const std::string& name, DnsType type, Done done) override {
    ++asked;
    DnsAnswer answer;
    answer.question_name = name;
    answer.question_type = type;
    if (auto it = records.find({name, type}); it != records.end()) answer.answers = it->second;
    timers_.start(std::chrono::milliseconds(0), [done, answer] { done(answer); });
  }
  // An SRV record of `name` to target:port with its A record.
  void srv(const std::string& name, std::uint16_t priority, std::uint16_t port,
           const std::string& target, const char* ip) {
    DnsRecord s;
    s.name = name;
    s.type = DnsType::Srv;
    s.ttl = 300;
    s.srv = SrvData{priority, 0, port, target};
    records[{name, DnsType::Srv}].push_back(s);
    DnsRecord a;
    a.name = target;
    a.type = DnsType::A;
    a.ttl = 300;
    a.address = boost::asio::ip::make_address(ip);
    records[{target, DnsType::A}].push_back(a);
  }

  std::map<std::pair<std::string, DnsType>, std::vector<DnsRecord>> records;
  int asked = 0;

 private:
  TimerService& timers_;
};

}  // namespace va::sip::test
