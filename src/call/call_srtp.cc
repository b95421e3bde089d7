// CallSrtp: rtp.srtp -> our a=crypto lines, and the negotiated keys -> an rtp::SrtpSession.
#include "call/call_srtp.h"

namespace va::call {
namespace {

rtp::SrtpSuite rtp_suite(sdp::CryptoSuite s) {
  return s == sdp::CryptoSuite::AesCm128HmacSha1_32 ? rtp::SrtpSuite::AesCm128HmacSha1_32
                                                    : rtp::SrtpSuite::AesCm128HmacSha1_80;
}

// sdp::CryptoKeySalt and rtp::SrtpMasterKey are the same 30 bytes (RFC 4568 6.1), kept apart
// because sdp/ and rtp/ know nothing of each other.
static_assert(sizeof(sdp::CryptoKeySalt) == sizeof(rtp::SrtpMasterKey));

rtp::SrtpMasterKey to_rtp(const sdp::CryptoKeySalt& k) {
  rtp::SrtpMasterKey out;
  std::copy(k.begin(), k.end(), out.begin());
  return out;
}

sdp::CryptoKeySalt to_sdp(const rtp::SrtpMasterKey& k) {
  sdp::CryptoKeySalt out;
  std::copy(k.begin(), k.end(), out.begin());
  return out;
}

}  // namespace

std::optional<SrtpMode> parse_srtp_mode(std::string_view text) {
  if (text == "off") return SrtpMode::Off;
  if (text == "offer") return SrtpMode::Offer;
  if (text == "require") return SrtpMode::Require;
  return std::nullopt;
}

std::vector<sdp::CryptoAttribute> make_local_crypto(SrtpMode mode) {
  if (mode == SrtpMode::Off) return {};
  // The 80-bit tag first: the stronger one is what most peers pick from the top.
  return {
      {1, sdp::CryptoSuite::AesCm128HmacSha1_80, to_sdp(rtp::random_srtp_master_key())},
      {2, sdp::CryptoSuite::AesCm128HmacSha1_32, to_sdp(rtp::random_srtp_master_key())},
  };
}

void apply_srtp(sdp::LocalMedia& local, SrtpMode mode,
                const std::vector<sdp::CryptoAttribute>& crypto) {
  local.crypto = mode == SrtpMode::Off ? std::vector<sdp::CryptoAttribute>{} : crypto;
  local.srtp_required = mode == SrtpMode::Require;
}

core::Result<std::unique_ptr<rtp::SrtpSession>> make_srtp_session(
    const std::optional<sdp::NegotiatedCrypto>& negotiated) {
  if (!negotiated) return std::unique_ptr<rtp::SrtpSession>();
  rtp::SrtpParams params;
  params.suite = rtp_suite(negotiated->suite);
  params.send_key = to_rtp(negotiated->local_key);
  params.receive_key = to_rtp(negotiated->remote_key);
  return rtp::SrtpSession::create(params);
}

}  // namespace va::call
