// SrtpSession: libsrtp2 contexts for one call, one per direction (RFC 3711, RFC 4568 6.2).
#include "rtp/srtp_session.h"

#include <openssl/rand.h>
#include <srtp2/srtp.h>

#include <cstring>
#include <mutex>
#include <stdexcept>

#include "rtp/errc.h"

namespace va::rtp {
namespace {

static_assert(kSrtpMaxOverhead >= SRTP_MAX_TRAILER_LEN - SRTP_MAX_MKI_LEN + 4);

// srtp_init builds libsrtp's global crypto kernel; it must run once, before any shard uses it.
bool srtp_ready() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] { ok = srtp_init() == srtp_err_status_ok; });
  return ok;
}

Errc errc_of(srtp_err_status_t status) {
  switch (status) {
    case srtp_err_status_auth_fail:
    // SRTCP without the E flag (sent in the clear) where our policy requires encryption: as
    // untrusted as a bad tag.
    case srtp_err_status_cant_check:
      return Errc::SrtpAuthFailed;
    case srtp_err_status_replay_fail:
    case srtp_err_status_replay_old:
      return Errc::SrtpReplay;
    default:
      return Errc::SrtpFailed;
  }
}

void set_policy(srtp_policy_t& p, SrtpSuite suite) {
  if (suite == SrtpSuite::AesCm128HmacSha1_32) {
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&p.rtp);
  } else {
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p.rtp);
  }
  // RFC 4568 6.2.2: SRTCP of the _32 suite keeps the 80-bit tag.
  srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p.rtcp);
}

// One direction's context: any SSRC (the peer's is learned, ours may change on re-INVITE).
core::Result<srtp_ctx_t_*> make_context(SrtpSuite suite, const SrtpMasterKey& key,
                                        srtp_ssrc_type_t direction) {
  srtp_policy_t policy;
  std::memset(&policy, 0, sizeof(policy));
  set_policy(policy, suite);
  policy.ssrc.type = direction;
  SrtpMasterKey copy = key;  // libsrtp copies the key into the context; this copy is wiped
  policy.key = copy.data();
  policy.window_size = 128;
  policy.allow_repeat_tx = 0;
  srtp_t ctx = nullptr;
  const auto status = srtp_create(&ctx, &policy);
  OPENSSL_cleanse(copy.data(), copy.size());
  if (status != srtp_err_status_ok) return make_error_code(Errc::SrtpBadKey);
  return ctx;
}

}  // namespace

SrtpMasterKey random_srtp_master_key() {
  SrtpMasterKey key{};
  // A key we cannot make at random must never be made otherwise: refuse the call instead.
  if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1)
    throw std::runtime_error("no randomness for an SRTP master key (RAND_bytes failed)");
  return key;
}

core::Result<std::unique_ptr<SrtpSession>> SrtpSession::create(const SrtpParams& params) {
  if (!srtp_ready()) return make_error_code(Errc::SrtpFailed);
  auto send = make_context(params.suite, params.send_key, ssrc_any_outbound);
  if (!send) return send.error();
  auto receive = make_context(params.suite, params.receive_key, ssrc_any_inbound);
  if (!receive) {
    srtp_dealloc(*send);
    return receive.error();
  }
  return std::unique_ptr<SrtpSession>(new SrtpSession(*send, *receive));
}

SrtpSession::~SrtpSession() {
  srtp_dealloc(send_);
  srtp_dealloc(receive_);
  OPENSSL_cleanse(plain_.data(), plain_.size());
}

core::Result<std::size_t> SrtpSession::protect_rtp(std::span<std::uint8_t> buffer,
                                                   std::size_t length) {
  if (length < 12 || length + kSrtpMaxOverhead > buffer.size())
    return make_error_code(Errc::SrtpFailed);
  int len = static_cast<int>(length);
  const auto status = srtp_protect(send_, buffer.data(), &len);
  if (status != srtp_err_status_ok) return make_error_code(errc_of(status));
  return static_cast<std::size_t>(len);
}

core::Result<std::size_t> SrtpSession::protect_rtcp(std::span<std::uint8_t> buffer,
                                                    std::size_t length) {
  if (length < 8 || length + kSrtpMaxOverhead > buffer.size())
    return make_error_code(Errc::SrtpFailed);
  int len = static_cast<int>(length);
  const auto status = srtp_protect_rtcp(send_, buffer.data(), &len);
  if (status != srtp_err_status_ok) return make_error_code(errc_of(status));
  return static_cast<std::size_t>(len);
}

core::Result<std::span<const std::uint8_t>> SrtpSession::unprotect_rtp(
    std::span<const std::uint8_t> data) {
  // 12 bytes of header and at least the shorter (32-bit) tag; libsrtp checks the rest.
  if (data.size() < 12 + 4 || data.size() > plain_.size()) return make_error_code(Errc::SrtpFailed);
  std::memcpy(plain_.data(), data.data(), data.size());
  int len = static_cast<int>(data.size());
  const auto status = srtp_unprotect(receive_, plain_.data(), &len);
  if (status != srtp_err_status_ok) return make_error_code(errc_of(status));
  return std::span<const std::uint8_t>(plain_.data(), static_cast<std::size_t>(len));
}

core::Result<std::span<const std::uint8_t>> SrtpSession::unprotect_rtcp(
    std::span<const std::uint8_t> data) {
  // 8 bytes of header, the E flag and index (4), the 80-bit tag (10).
  if (data.size() < 8 + 4 + 10 || data.size() > plain_.size())
    return make_error_code(Errc::SrtpFailed);
  std::memcpy(plain_.data(), data.data(), data.size());
  int len = static_cast<int>(data.size());
  const auto status = srtp_unprotect_rtcp(receive_, plain_.data(), &len);
  if (status != srtp_err_status_ok) return make_error_code(errc_of(status));
  return std::span<const std::uint8_t>(plain_.data(), static_cast<std::size_t>(len));
}

}  // namespace va::rtp
