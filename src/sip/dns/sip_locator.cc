// SipLocator: RFC 3263 4.1-4.2 (NAPTR -> SRV -> A/AAAA) over the shard's DNS cache.
#include "sip/dns/sip_locator.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <random>

#include "sip/dns/srv_order.h"

namespace va::sip {

struct SipLocator::Lookup {
  std::string host;
  std::optional<TransportProtocol> transport;  // the URI's transport param
  bool secure = false;                         // a sips: URI: TLS only (RFC 3263 4.1)
  std::string tls_name;                        // what a TLS peer's certificate must name
  Done done;
  Targets out;
  std::error_code first_error;

  void note(const std::error_code& ec) {
    if (!first_error) first_error = ec;
  }
  void add(TransportAddress a) {
    if (a.protocol == TransportProtocol::Tls) a.host = tls_name;
    if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(std::move(a));
  }
};

namespace {

double default_random_unit() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Rule 4: the transport a NAPTR service names, if we speak it.
std::optional<TransportProtocol> naptr_transport(const NaptrData& n) {
  if (n.flags != "s") return std::nullopt;
  if (iequals(n.services, "SIP+D2U")) return TransportProtocol::Udp;
  if (iequals(n.services, "SIP+D2T")) return TransportProtocol::Tcp;
  if (iequals(n.services, "SIPS+D2T")) return TransportProtocol::Tls;
  return std::nullopt;
}

std::string srv_prefix(TransportProtocol p) {
  if (p == TransportProtocol::Tls) return "_sips._tcp.";
  return p == TransportProtocol::Tcp ? "_sip._tcp." : "_sip._udp.";
}

std::uint16_t default_port(TransportProtocol p) {
  return p == TransportProtocol::Tls ? 5061 : 5060;
}

// A URI's transport param; on a sips: URI "tcp" means TLS over TCP (RFC 3261 26.2.2).
std::optional<TransportProtocol> transport_param(std::string_view t, bool secure) {
  if (iequals(t, "tls")) return TransportProtocol::Tls;
  if (iequals(t, "tcp")) return secure ? TransportProtocol::Tls : TransportProtocol::Tcp;
  if (iequals(t, "udp") && !secure) return TransportProtocol::Udp;
  return std::nullopt;
}

std::string lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

SipLocator::SipLocator(DnsQuerier& dns, const core::Clock& clock, Post post,
                       std::function<double()> random_unit)
    : dns_(dns),
      cache_(clock),
      post_(std::move(post)),
      random_unit_(random_unit ? std::move(random_unit) : &default_random_unit) {}

SipLocator::~SipLocator() {
  *alive_ = false;
}

void SipLocator::locate(const Uri& uri, Done done) {
  auto fail_later = [this, &done](DnsErrc e) {
    post_([done = std::move(done), e] { done(make_error_code(e)); });
  };
  if (!uri.is_sip() || uri.host.empty()) return fail_later(DnsErrc::UnsupportedTransport);
  auto lookup = std::make_shared<Lookup>();
  lookup->done = std::move(done);
  lookup->secure = uri.scheme == "sips";
  if (lookup->secure) lookup->transport = TransportProtocol::Tls;
  if (const std::string* t = uri.params.get("transport")) {
    auto named = transport_param(*t, lookup->secure);
    if (!named) {
      return post_([lookup] { lookup->done(make_error_code(DnsErrc::UnsupportedTransport)); });
    }
    lookup->transport = *named;
  }
  const auto protocol = lookup->transport.value_or(TransportProtocol::Udp);
  const std::string host = uri.host == "localhost" ? "127.0.0.1" : uri.host;
  lookup->tls_name = lower(host);
  boost::system::error_code ec;
  const auto numeric = boost::asio::ip::make_address(host, ec);
  if (!ec) {  // rule 1
    lookup->add(TransportAddress{protocol, numeric, uri.port.value_or(default_port(protocol)), 0});
    return post_([this, lookup, alive = alive_] {
      if (*alive) finish(lookup);
    });
  }
  ++stats_.lookups;
  lookup->host = lower(host);
  auto end = [this, lookup] { finish(lookup); };
  if (uri.port) return addresses(lookup, lookup->host, *uri.port, protocol, end);  // rule 2
  if (lookup->transport) {                                                         // rule 3
    return srv(lookup, srv_prefix(protocol) + lookup->host, protocol, [this, lookup, protocol] {
      if (!lookup->out.empty()) return finish(lookup);
      addresses(lookup, lookup->host, default_port(protocol), protocol,
                [this, lookup] { finish(lookup); });
    });
  }
  naptr(lookup);  // rule 4
}

void SipLocator::finish(const std::shared_ptr<Lookup>& lookup) {
  if (lookup->out.empty()) {
    ++stats_.failures;
    const auto error =
        lookup->first_error ? lookup->first_error : make_error_code(DnsErrc::NoTargets);
    spdlog::warn("sip: dns: no target for {}: {}", lookup->host, error.message());
    return lookup->done(error);
  }
  lookup->done(std::move(lookup->out));
}

void SipLocator::fetch(const std::string& name, DnsType type, RecordsDone done) {
  if (auto cached = cache_.find(name, type)) {
    ++stats_.cache_hits;
    return post_([done = std::move(done), records = std::move(*cached), alive = alive_]() mutable {
      if (*alive) done(std::move(records));
    });
  }
  auto& waiters = in_flight_[{name, type}];
  waiters.push_back(std::move(done));
  if (waiters.size() > 1) return;  // rule 7: already asked
  ++stats_.questions;
  dns_.query(name, type, [this, name, type, alive = alive_](core::Result<DnsAnswer> answer) {
    if (*alive) on_answer(name, type, std::move(answer));
  });
}

void SipLocator::on_answer(const std::string& name, DnsType type, core::Result<DnsAnswer> answer) {
  auto node = in_flight_.extract({name, type});
  if (node.empty()) return;
  Records records = answer ? Records(cache_.store_answer(*answer)) : Records(answer.error());
  for (auto& waiter : node.mapped())
    waiter(records);
}

// Rule 2 / 5: A, then AAAA only when there is no A.
void SipLocator::addresses(std::shared_ptr<Lookup> lookup, std::string host, std::uint16_t port,
                           TransportProtocol protocol, std::function<void()> next) {
  auto take = [lookup, port, protocol](const std::vector<DnsRecord>& records) {
    bool any = false;
    for (const auto& r : records) {
      if (r.type != DnsType::A && r.type != DnsType::Aaaa) continue;
      lookup->add(TransportAddress{protocol, r.address, port, 0});
      any = true;
    }
    return any;
  };
  fetch(host, DnsType::A, [this, lookup, host, take, next](Records a) {
    if (a && take(*a)) return next();
    if (!a) lookup->note(a.error());
    fetch(host, DnsType::Aaaa, [lookup, take, next](Records aaaa) {
      if (aaaa) {
        take(*aaaa);
      } else {
        lookup->note(aaaa.error());
      }
      next();
    });
  });
}

void SipLocator::srv(std::shared_ptr<Lookup> lookup, std::string name, TransportProtocol protocol,
                     std::function<void()> next) {
  fetch(name, DnsType::Srv, [this, lookup, protocol, next](Records records) {
    if (!records) {
      lookup->note(records.error());
      return next();
    }
    std::vector<SrvData> data;
    for (const auto& r : *records) {
      if (r.type == DnsType::Srv) data.push_back(r.srv);
    }
    srv_targets(lookup, order_srv(std::move(data), random_unit_), 0, protocol, next);
  });
}

// Rule 6: each SRV target's addresses, in the drawn order.
void SipLocator::srv_targets(std::shared_ptr<Lookup> lookup, std::vector<SrvData> targets,
                             std::size_t index, TransportProtocol protocol,
                             std::function<void()> next) {
  if (index >= targets.size()) return next();
  const SrvData target = targets[index];
  addresses(lookup, target.target, target.port, protocol,
            [this, lookup, targets = std::move(targets), index, protocol, next]() mutable {
              srv_targets(lookup, std::move(targets), index + 1, protocol, next);
            });
}

void SipLocator::naptr(std::shared_ptr<Lookup> lookup) {
  fetch(lookup->host, DnsType::Naptr, [this, lookup](Records records) {
    std::vector<NaptrData> usable;
    if (records) {
      for (const auto& r : *records) {
        const auto transport = r.type == DnsType::Naptr ? naptr_transport(r.naptr) : std::nullopt;
        // A sips: URI takes only SIPS+D2T (RFC 3263 4.1); a sip: URI goes over TLS only when
        // it says ;transport=tls, so a peer's NAPTR never makes us verify a certificate nobody
        // configured a trust anchor for.
        if (transport && lookup->secure == (*transport == TransportProtocol::Tls))
          usable.push_back(r.naptr);
      }
    } else {
      lookup->note(records.error());
    }
    std::stable_sort(usable.begin(), usable.end(), [](const NaptrData& a, const NaptrData& b) {
      return std::tie(a.order, a.preference) < std::tie(b.order, b.preference);
    });
    if (usable.empty()) return srv_fallback(lookup);
    naptr_services(lookup, std::move(usable), 0);
  });
}

void SipLocator::naptr_services(std::shared_ptr<Lookup> lookup, std::vector<NaptrData> records,
                                std::size_t index) {
  if (index >= records.size()) {
    if (!lookup->out.empty()) return finish(lookup);
    return srv_fallback(lookup);
  }
  const NaptrData record = records[index];
  srv(lookup, record.replacement, *naptr_transport(record),
      [this, lookup, records = std::move(records), index]() mutable {
        naptr_services(lookup, std::move(records), index + 1);
      });
}

// Rule 4's fallback: SRV for UDP, then TCP; then rule 5.
void SipLocator::srv_fallback(std::shared_ptr<Lookup> lookup) {
  if (lookup->secure) {
    return srv(lookup, "_sips._tcp." + lookup->host, TransportProtocol::Tls, [this, lookup] {
      if (!lookup->out.empty()) return finish(lookup);
      addresses(lookup, lookup->host, 5061, TransportProtocol::Tls,
                [this, lookup] { finish(lookup); });
    });
  }
  srv(lookup, "_sip._udp." + lookup->host, TransportProtocol::Udp, [this, lookup] {
    srv(lookup, "_sip._tcp." + lookup->host, TransportProtocol::Tcp, [this, lookup] {
      if (!lookup->out.empty()) return finish(lookup);
      addresses(lookup, lookup->host, 5060, TransportProtocol::Udp,
                [this, lookup] { finish(lookup); });
    });
  });
}

}  // namespace va::sip
