// Digest access authentication client (RFC 2617, RFC 7616; SIP use in RFC 3261 section 22.4):
// MD5, MD5-sess, SHA-256, SHA-256-sess with qop=auth or the legacy no-qop form.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"
#include "sip/auth_challenge.h"

namespace va::sip {

// Lower-case hex of H(data) for the algorithm's hash (MD5 or SHA-256, via OpenSSL EVP).
std::string digest_hash_hex(DigestAlgorithm a, std::string_view data);

// Everything the response is computed from (RFC 7616 section 3.4.1).
struct DigestInput {
  DigestAlgorithm algorithm = DigestAlgorithm::Md5;
  std::string_view username;
  std::string_view realm;
  std::string_view password;
  std::string_view method;  // "REGISTER", "INVITE"; for ACK/CANCEL the INVITE's
  std::string_view uri;     // the Request-URI, exactly as sent
  std::string_view nonce;
  std::string_view cnonce;              // used with qop or -sess
  std::uint32_t nc = 0;                 // used with qop
  std::optional<std::string_view> qop;  // "auth", or nullopt for RFC 2069 legacy
};

// response = H(H(A1):nonce:nc:cnonce:qop:H(A2)), or H(H(A1):nonce:H(A2)) without qop, where
// A1 = user:realm:password (for -sess: H(user:realm:password):nonce:cnonce) and A2 = method:uri.
std::string digest_response(const DigestInput& in);

// 16 random bytes from OpenSSL RAND_bytes as 32 hex digits (cnonce, or a server's nonce).
std::string random_hex_nonce();

// One set of credentials answering 401/407 challenges.
//
// Rules:
//  1. on_challenge() picks the best challenge (SHA-256 before MD5) among the header values.
//  2. A new nonce resets the nonce count; each authorization() for the same nonce increments it
//     (RFC 7616 section 3.4: nc counts requests sent with this nonce).
//  3. If we already sent credentials for the current challenge and are challenged again without
//     stale=true, the credentials are wrong: on_challenge() returns false (do not retry, the
//     caller gives up or calls reset()). stale=true means only the nonce expired: retry.
// Thread-compatible; lives with the registration or call that uses it.
class DigestClient {
 public:
  using CnonceSource = std::function<std::string()>;

  DigestClient(std::string username, std::string password,
               CnonceSource cnonce_source = &random_hex_nonce);

  // The WWW-Authenticate or Proxy-Authenticate values of one response. true: answer it with
  // authorization(); false: our credentials were refused (rule 3). Errors: BadAuthChallenge,
  // UnsupportedAuth.
  core::Result<bool> on_challenge(std::span<const std::string_view> header_values);

  // The Authorization / Proxy-Authorization value for a request; nullopt before any challenge.
  std::optional<std::string> authorization(std::string_view method, std::string_view uri);

  // Forget the challenge (e.g. before starting a fresh registration).
  void reset();

  const std::optional<DigestChallenge>& challenge() const { return challenge_; }
  std::uint32_t nonce_count() const { return nc_; }

 private:
  std::string username_;
  std::string password_;
  CnonceSource cnonce_source_;
  std::optional<DigestChallenge> challenge_;
  std::uint32_t nc_ = 0;
  bool answered_ = false;  // authorization() was called for the current challenge
};

}  // namespace va::sip
