// SrtpSession: one call's SRTP/SRTCP contexts (RFC 3711) over libsrtp2, keyed by SDES (RFC 4568).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "core/result.h"

struct srtp_ctx_t_;  // libsrtp2's context; only srtp_session.cc includes <srtp2/srtp.h>

namespace va::rtp {

// The two SDES suites of RFC 4568 6.2 we support. Both use a 128-bit AES-CM master key and a
// 112-bit master salt; _32 shortens the SRTP tag only (SRTCP keeps 80 bits, RFC 4568 6.2.2).
enum class SrtpSuite { AesCm128HmacSha1_80, AesCm128HmacSha1_32 };

inline constexpr std::size_t kSrtpMasterKeyBytes = 16;
inline constexpr std::size_t kSrtpMasterSaltBytes = 14;
// Master key then master salt, as the SDES inline key carries them (RFC 4568 6.1).
using SrtpMasterKey = std::array<std::uint8_t, kSrtpMasterKeyBytes + kSrtpMasterSaltBytes>;
// What SRTP appends to RTP (tag) or SRTCP (E flag + index, tag), at most.
inline constexpr std::size_t kSrtpMaxOverhead = 16 + 4;

// A fresh master key from the CSPRNG (OpenSSL RAND_bytes). One per call and direction: the
// key we offer protects what we send (RFC 4568 6.1), the peer's protects what it sends.
SrtpMasterKey random_srtp_master_key();

struct SrtpParams {
  SrtpSuite suite = SrtpSuite::AesCm128HmacSha1_80;
  SrtpMasterKey send_key{};     // ours, from our SDP's a=crypto
  SrtpMasterKey receive_key{};  // the peer's, from its a=crypto
};

// Rules:
//  1. Inbound packets are authenticated and replay-checked (a 128-packet window per SSRC)
//     before anything else reads them; a failure is an error and the packet is to be dropped.
//  2. A stream of a new SSRC is created only once its first packet authenticates (libsrtp's
//     template for ssrc_any_inbound), so forged packets cannot make state.
//  3. Outbound packets are protected in place; the buffer must hold kSrtpMaxOverhead more.
// Keys are never logged; they live in libsrtp's contexts and are wiped by srtp_dealloc.
// Lives on its call's shard like the RtpSession that owns it; not thread-safe.
class SrtpSession {
 public:
  static core::Result<std::unique_ptr<SrtpSession>> create(const SrtpParams& params);
  ~SrtpSession();
  SrtpSession(const SrtpSession&) = delete;
  SrtpSession& operator=(const SrtpSession&) = delete;

  // Protects the `length` bytes at the start of `buffer`; the protected length.
  core::Result<std::size_t> protect_rtp(std::span<std::uint8_t> buffer, std::size_t length);
  core::Result<std::size_t> protect_rtcp(std::span<std::uint8_t> buffer, std::size_t length);
  // Verifies and decrypts into this session's own buffer; the plain packet, valid until the
  // next call. SrtpAuthFailed, SrtpReplay, or SrtpFailed (too short, too long).
  core::Result<std::span<const std::uint8_t>> unprotect_rtp(std::span<const std::uint8_t> data);
  core::Result<std::span<const std::uint8_t>> unprotect_rtcp(std::span<const std::uint8_t> data);

 private:
  SrtpSession(srtp_ctx_t_* send, srtp_ctx_t_* receive) : send_(send), receive_(receive) {}

  srtp_ctx_t_* send_;
  srtp_ctx_t_* receive_;
  std::array<std::uint8_t, 1500> plain_{};  // unprotect's output
};

}  // namespace va::rtp
