// AresResolver: c-ares driven by Asio on one shard (no thread, no blocking call).
#include "sip/dns/ares_resolver.h"

#include <spdlog/spdlog.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <charconv>
#include <mutex>
#include <span>
#include <stdexcept>

#include "sip/dns/dns_answer_parser.h"

namespace va::sip {

struct AresResolver::Pending {
  AresResolver* self;
  std::string name;
  DnsType type;
  Done done;
};

namespace {

std::string trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ')
    s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ')
    s.remove_suffix(1);
  return std::string(s);
}

bool valid_server(const std::string& entry) {
  std::string host = entry;
  std::string port;
  if (entry.starts_with('[')) {
    const auto close = entry.find(']');
    if (close == std::string::npos) return false;
    host = entry.substr(1, close - 1);
    if (close + 1 < entry.size()) {
      if (entry[close + 1] != ':') return false;
      port = entry.substr(close + 2);
    }
  } else if (const auto colon = entry.find(':'); colon != std::string::npos) {
    host = entry.substr(0, colon);
    port = entry.substr(colon + 1);
  }
  boost::system::error_code ec;
  boost::asio::ip::make_address(host, ec);
  if (ec) return false;
  if (entry.starts_with('[') && port.empty()) return true;
  if (port.empty()) return entry.find(':') == std::string::npos;
  unsigned value = 0;
  auto [end, perr] = std::from_chars(port.data(), port.data() + port.size(), value);
  return perr == std::errc{} && end == port.data() + port.size() && value > 0 && value < 65536;
}

}  // namespace

std::string AresResolver::check_servers(const std::string& servers) {
  std::string_view rest = servers;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string entry = trim(rest.substr(0, comma));
    if (!valid_server(entry)) return entry.empty() ? std::string("(empty entry)") : entry;
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return {};
}

AresResolver::AresResolver(boost::asio::io_context& io, const std::string& servers)
    : io_(io), timer_(io) {
  static std::once_flag init_once;
  std::call_once(init_once, [] { ares_library_init(ARES_LIB_INIT_ALL); });
  if (const std::string bad = check_servers(servers); !bad.empty()) {
    throw std::runtime_error("sip.dns_servers: '" + bad + "' is not ip[:port]");
  }
  ares_options options{};
  options.sock_state_cb = &AresResolver::on_sock_state;
  options.sock_state_cb_data = this;
  options.timeout = 1000;  // ms per try; c-ares doubles it per round
  options.tries = 2;
  const int mask = ARES_OPT_SOCK_STATE_CB | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES;
  if (int rc = ares_init_options(&channel_, &options, mask); rc != ARES_SUCCESS) {
    throw std::runtime_error(std::string("c-ares: ") + ares_strerror(rc));
  }
  if (!servers.empty()) {
    if (int rc = ares_set_servers_ports_csv(channel_, servers.c_str()); rc != ARES_SUCCESS) {
      ares_destroy(channel_);
      throw std::runtime_error("sip.dns_servers: " + std::string(ares_strerror(rc)));
    }
  }
}

AresResolver::~AresResolver() {
  destroying_ = true;  // rule 4: on_reply drops the callbacks
  *alive_ = false;
  timer_.cancel();
  ares_destroy(channel_);  // closes its sockets through on_sock_state
  for (auto& [fd, w] : watches_) {
    w->descriptor.release();
  }
}

void AresResolver::query(const std::string& name, DnsType type, Done done) {
  auto* pending = new Pending{this, name, type, std::move(done)};
  ++queries_sent_;
  ares_query(channel_, name.c_str(), 1 /* IN */, static_cast<int>(type), &AresResolver::on_reply,
             pending);
  rearm_timer();
}

void AresResolver::on_reply(void* arg, int status, int /*timeouts*/, unsigned char* abuf,
                            int alen) {
  std::unique_ptr<Pending> pending(static_cast<Pending*>(arg));
  if (pending->self->destroying_) return;
  core::Result<DnsAnswer> result = DnsErrc::ResolverError;
  if (abuf != nullptr && alen > 0) {
    auto parsed = parse_dns_answer(std::span<const std::uint8_t>(abuf, static_cast<size_t>(alen)));
    if (!parsed) {
      spdlog::warn("sip: dns: refused the answer to {} {}: {}", to_string(pending->type),
                   pending->name, parsed.error().message());
      result = parsed.error();
    } else if (parsed->rcode != 0 && parsed->rcode != 3) {
      result = DnsErrc::ServerFailure;
    } else {
      result = std::move(*parsed);
    }
  } else if (status == ARES_ETIMEOUT) {
    result = DnsErrc::Timeout;
  } else if (status == ARES_ESERVFAIL || status == ARES_EREFUSED) {
    result = DnsErrc::ServerFailure;
  }
  if (!result && result.error() != make_error_code(DnsErrc::Timeout)) {
    spdlog::debug("sip: dns: {} {}: {} ({})", to_string(pending->type), pending->name,
                  result.error().message(), ares_strerror(status));
  }
  // The callback may query again: hand it over outside c-ares's processing.
  boost::asio::post(pending->self->io_,
                    [done = std::move(pending->done), alive = pending->self->alive_,
                     result = std::move(result)]() mutable {
                      if (*alive) done(std::move(result));
                    });
}

void AresResolver::on_sock_state(void* data, ares_socket_t fd, int readable, int writable) {
  static_cast<AresResolver*>(data)->watch(fd, readable != 0, writable != 0);
}

void AresResolver::watch(ares_socket_t fd, bool readable, bool writable) {
  auto it = watches_.find(fd);
  if (!readable && !writable) {
    if (it != watches_.end()) {
      it->second->want_read = it->second->want_write = false;
      it->second->descriptor.release();  // c-ares closes the socket itself
      watches_.erase(it);
    }
    return;
  }
  if (destroying_) return;
  if (it == watches_.end()) it = watches_.emplace(fd, std::make_shared<Watch>(io_, fd)).first;
  it->second->want_read = readable;
  it->second->want_write = writable;
  arm(it->second, fd);
}

void AresResolver::arm(const std::shared_ptr<Watch>& w, int fd) {
  using Wait = boost::asio::posix::stream_descriptor::wait_type;
  std::weak_ptr<Watch> weak = w;
  if (w->want_read && !w->read_armed) {
    w->read_armed = true;
    w->descriptor.async_wait(Wait::wait_read, [this, weak, fd, alive = alive_](auto ec) {
      auto watch = weak.lock();
      if (!*alive || !watch) return;
      watch->read_armed = false;
      if (ec) return;
      process(fd, ARES_SOCKET_BAD);
      if (still_watched(fd, watch)) arm(watch, fd);
    });
  }
  if (w->want_write && !w->write_armed) {
    w->write_armed = true;
    w->descriptor.async_wait(Wait::wait_write, [this, weak, fd, alive = alive_](auto ec) {
      auto watch = weak.lock();
      if (!*alive || !watch) return;
      watch->write_armed = false;
      if (ec) return;
      process(ARES_SOCKET_BAD, fd);
      if (still_watched(fd, watch)) arm(watch, fd);
    });
  }
}

bool AresResolver::still_watched(int fd, const std::shared_ptr<Watch>& w) const {
  auto it = watches_.find(fd);
  return it != watches_.end() && it->second == w;
}

void AresResolver::process(ares_socket_t read_fd, ares_socket_t write_fd) {
  ares_process_fd(channel_, read_fd, write_fd);
  rearm_timer();
}

void AresResolver::rearm_timer() {
  timeval tv{};
  if (ares_timeout(channel_, nullptr, &tv) == nullptr) {
    timer_.cancel();
    return;
  }
  timer_.expires_after(std::chrono::seconds(tv.tv_sec) + std::chrono::microseconds(tv.tv_usec));
  timer_.async_wait([this, alive = alive_](auto ec) {
    if (ec || !*alive) return;
    process(ARES_SOCKET_BAD, ARES_SOCKET_BAD);
  });
}

}  // namespace va::sip
