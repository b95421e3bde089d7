// Digest challenges and credentials as header values (RFC 3261 section 22.4, RFC 2617 section
// 3.2, RFC 7616 section 3.3-3.4): WWW-Authenticate / Proxy-Authenticate in, Authorization /
// Proxy-Authorization out, and back again for the verifying side.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace va::sip {

enum class DigestAlgorithm { Md5, Md5Sess, Sha256, Sha256Sess };

std::string_view to_string(DigestAlgorithm a);
// Case-insensitive; nullopt for algorithms we do not implement (SHA-512-256, AKAv1-MD5, ...).
std::optional<DigestAlgorithm> digest_algorithm_from_string(std::string_view text);
bool is_sess(DigestAlgorithm a);

struct DigestChallenge {
  std::string realm;
  std::string nonce;
  std::optional<std::string> opaque;
  std::optional<std::string> domain;
  DigestAlgorithm algorithm = DigestAlgorithm::Md5;  // RFC 2617: MD5 when absent
  // qop options as offered; empty means the RFC 2069 legacy scheme without qop.
  std::vector<std::string> qop_options;
  bool stale = false;  // the nonce expired but the credentials were right (retry silently)
  bool offers_qop_auth() const;
};

// One challenge value: "Digest realm=\"x\", nonce=\"y\", ...". BadAuthChallenge on syntax or a
// missing realm/nonce; UnsupportedAuth for another scheme, an algorithm we lack, or qop
// options without "auth" (auth-int needs the body hash) or a -sess algorithm without qop.
core::Result<DigestChallenge> parse_digest_challenge(std::string_view value);

// Picks the challenge to answer among several (one per header field): SHA-256 before MD5,
// then the plain variant before -sess, then header order. Challenges we cannot parse or do not
// support are skipped; the error of the last one is returned if none is usable.
core::Result<DigestChallenge> select_digest_challenge(std::span<const std::string_view> values);

// The header value a server sends (used by the test PBX).
std::string to_header_value(const DigestChallenge& c);

// An Authorization / Proxy-Authorization value.
struct DigestCredentials {
  std::string username;
  std::string realm;
  std::string nonce;
  std::string uri;
  std::string response;  // lower-case hex
  DigestAlgorithm algorithm = DigestAlgorithm::Md5;
  std::optional<std::string> cnonce;
  std::optional<std::string> opaque;
  std::optional<std::string> qop;  // "auth" or absent (legacy)
  std::optional<std::uint32_t> nc;
};

// BadHeaderValue on syntax or missing username/realm/nonce/uri/response, or qop without nc
// and cnonce; UnsupportedAuth for another scheme or algorithm.
core::Result<DigestCredentials> parse_digest_credentials(std::string_view value);
std::string to_header_value(const DigestCredentials& c);

}  // namespace va::sip
