// TlsCounters: SIP over TLS statistics for /metrics: handshakes by outcome and reason, live
// connections, RFC 5626 keep-alives. Shared by the transport thread and readers of /metrics,
// so each field is a relaxed atomic.
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>

namespace va::sip {

// Why a TLS connection did not come up (the `reason` label of the failed-handshake counter).
enum class TlsFailure {
  HostnameMismatch,  // the certificate does not name the host (or IP) we asked for
  Untrusted,         // no chain to a trust anchor (sip.tls_ca_file or the system store)
  Expired,           // a certificate of the chain is out of its validity period
  VerifyOther,       // any other certificate verification failure
  Handshake,         // a TLS protocol failure (no common version/cipher, not TLS at all)
  Connect,           // the TCP connection itself failed (refused, unreachable)
};
inline constexpr int kTlsFailureCount = 6;

// "hostname_mismatch", "untrusted", ... (metric label values).
std::string_view to_string(TlsFailure failure);

struct TlsCounters {
  using Counter = std::atomic<std::uint64_t>;

  Counter handshakes_ok{0};
  Counter handshakes_failed[kTlsFailureCount] = {};  // by TlsFailure
  std::atomic<std::int64_t> connections_live{0};     // established, not yet closed
  Counter pings_sent{0};                             // CRLFCRLF on connections we opened
  Counter pongs_received{0};                         // CRLF answers to them
  Counter pings_answered{0};                         // CRLF sent back to a peer's CRLFCRLF
  Counter flows_failed{0};                           // closed for want of a pong (10 s)

  void count_failure(TlsFailure failure) {
    handshakes_failed[static_cast<int>(failure)].fetch_add(1, std::memory_order_relaxed);
  }
  std::uint64_t failed(TlsFailure failure) const {
    return handshakes_failed[static_cast<int>(failure)].load(std::memory_order_relaxed);
  }
};

}  // namespace va::sip
