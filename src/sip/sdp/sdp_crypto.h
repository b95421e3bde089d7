// SDES a=crypto (RFC 4568 section 9.1) for SRTP: parse, format, and keep the keys out of logs.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace va::sdp {

struct MediaDescription;

// The suites of RFC 4568 6.2 we support (both AES-CM-128 with a 112-bit salt).
enum class CryptoSuite { AesCm128HmacSha1_80, AesCm128HmacSha1_32 };
std::string_view to_string(CryptoSuite s);

// Master key (16 bytes) then master salt (14 bytes), as the inline key carries them.
using CryptoKeySalt = std::array<std::uint8_t, 30>;

// One a=crypto line. What we accept (anything else is an error naming the reason):
//  1. tag: 1-9 digits; suite: one of CryptoSuite (others: CryptoSuiteUnsupported).
//  2. exactly one key parameter "inline:<base64 of 30 bytes>" (several keys need an MKI).
//  3. an optional lifetime "|2^n" or "|n" of at least 2^31 packets: we never rekey mid-call,
//     and a call never sends 2^31 packets (that is 497 days at 50 packets/s).
//  4. no MKI ("|mki:length") and no session parameters (KDR, UNENCRYPTED_SRTP, ...).
struct CryptoAttribute {
  std::uint32_t tag = 1;
  CryptoSuite suite = CryptoSuite::AesCm128HmacSha1_80;
  CryptoKeySalt key_salt{};
  bool operator==(const CryptoAttribute&) const = default;
};

// The value after "a=crypto:".
core::Result<CryptoAttribute> parse_crypto(std::string_view value);
// "<tag> <suite> inline:<base64>", the value of our a=crypto.
std::string format_crypto(const CryptoAttribute& c);
// Every a=crypto of a media description, parsed; the first error when one does not parse.
std::vector<core::Result<CryptoAttribute>> crypto_attributes(const MediaDescription& m);

// What an offer/answer settled for SRTP: our key protects what we send, the peer's what it
// sends (RFC 4568 6.1).
struct NegotiatedCrypto {
  CryptoSuite suite = CryptoSuite::AesCm128HmacSha1_80;
  CryptoKeySalt local_key{};
  CryptoKeySalt remote_key{};
  bool operator==(const NegotiatedCrypto&) const = default;
};

// Any text (an SDP body, a whole SIP message) with every SDES key replaced: "inline:" and what
// follows up to the next space, CR, LF or '|' becomes "inline:<redacted>". Used wherever a
// message body may be logged: keys are never logged.
std::string redact_crypto_keys(std::string_view text);

}  // namespace va::sdp
