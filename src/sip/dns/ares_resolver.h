// AresResolver: DNS queries sent and received by c-ares on one shard's Asio event loop; the
// answers are parsed by our own parser (parse_dns_answer), so TTLs reach the cache.
//
// Rules:
//  1. One per shard, created and used on that shard's thread only: no locks. c-ares's sockets
//     are watched with Asio (sock_state_cb -> async_wait), its timeouts with a steady_timer
//     re-armed from ares_timeout() after every step. Nothing ever blocks the shard.
//  2. servers: "ip[:port],..." (IPv6 as [ip]:port); "" = the system's (/etc/resolv.conf).
//  3. A reply that parses is handed over with its RCODE when that is NOERROR or NXDOMAIN; any
//     other RCODE is ServerFailure; no reply is Timeout; a refused answer is the parser's
//     DnsErrc (logged once per query with the name).
//  4. Destruction (on the shard) drops every pending callback without calling it.
#pragma once

#include <ares.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "core/result.h"
#include "sip/dns/dns_querier.h"

namespace va::sip {

class AresResolver final : public DnsQuerier {
 public:
  // Throws std::runtime_error when c-ares cannot start or the server list is bad (start-up).
  AresResolver(boost::asio::io_context& io, const std::string& servers);
  ~AresResolver() override;
  AresResolver(const AresResolver&) = delete;
  AresResolver& operator=(const AresResolver&) = delete;

  // DnsQuerier
  void query(const std::string& name, DnsType type, Done done) override;

  std::uint64_t queries_sent() const { return queries_sent_; }

  // Rule 2's syntax check, for the config at start: "" when fine, else the bad entry.
  static std::string check_servers(const std::string& servers);

 private:
  struct Watch {
    explicit Watch(boost::asio::io_context& io, int fd) : descriptor(io, fd) {}
    boost::asio::posix::stream_descriptor descriptor;
    bool want_read = false;
    bool want_write = false;
    bool read_armed = false;
    bool write_armed = false;
  };
  struct Pending;

  static void on_sock_state(void* data, ares_socket_t fd, int readable, int writable);
  static void on_reply(void* arg, int status, int timeouts, unsigned char* abuf, int alen);
  void watch(ares_socket_t fd, bool readable, bool writable);
  void arm(const std::shared_ptr<Watch>& w, int fd);
  bool still_watched(int fd, const std::shared_ptr<Watch>& w) const;
  void process(ares_socket_t read_fd, ares_socket_t write_fd);
  void rearm_timer();

  boost::asio::io_context& io_;
  ares_channel channel_ = nullptr;
  boost::asio::steady_timer timer_;
  std::map<int, std::shared_ptr<Watch>> watches_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  bool destroying_ = false;
  std::uint64_t queries_sent_ = 0;
};

}  // namespace va::sip
