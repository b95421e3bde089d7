// Digest client computations (RFC 2617 section 3.2.2, RFC 7616 section 3.4) over OpenSSL EVP.
#include "sip/digest_auth.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cstdio>

namespace va::sip {
namespace {

std::string to_hex(const unsigned char* data, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 0x0f];
  }
  return out;
}

std::string join(std::initializer_list<std::string_view> parts) {
  std::string out;
  bool first = true;
  for (const auto p : parts) {
    if (!first) out += ':';
    out += p;
    first = false;
  }
  return out;
}

}  // namespace

std::string digest_hash_hex(DigestAlgorithm a, std::string_view data) {
  const bool sha = a == DigestAlgorithm::Sha256 || a == DigestAlgorithm::Sha256Sess;
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  // EVP_Digest only fails on allocation failure; an empty result then fails verification.
  if (EVP_Digest(data.data(), data.size(), md.data(), &len, sha ? EVP_sha256() : EVP_md5(),
                 nullptr) != 1) {
    return {};
  }
  return to_hex(md.data(), len);
}

std::string digest_response(const DigestInput& in) {
  const DigestAlgorithm a = in.algorithm;
  std::string ha1 = digest_hash_hex(a, join({in.username, in.realm, in.password}));
  if (is_sess(a)) ha1 = digest_hash_hex(a, join({ha1, in.nonce, in.cnonce}));
  const std::string ha2 = digest_hash_hex(a, join({in.method, in.uri}));
  if (!in.qop) return digest_hash_hex(a, join({ha1, in.nonce, ha2}));
  char nc[9];
  std::snprintf(nc, sizeof nc, "%08x", in.nc);
  return digest_hash_hex(a, join({ha1, in.nonce, nc, in.cnonce, *in.qop, ha2}));
}

std::string random_hex_nonce() {
  std::array<unsigned char, 16> bytes{};
  // RAND_bytes fails only if the CSPRNG cannot be seeded; never answer with a guessable value.
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) return {};
  return to_hex(bytes.data(), bytes.size());
}

DigestClient::DigestClient(std::string username, std::string password, CnonceSource cnonce_source)
    : username_(std::move(username)),
      password_(std::move(password)),
      cnonce_source_(std::move(cnonce_source)) {}

core::Result<bool> DigestClient::on_challenge(std::span<const std::string_view> header_values) {
  auto c = select_digest_challenge(header_values);
  if (!c) return {boost::system::in_place_error, c.error()};
  const bool refused = answered_ && !c->stale;
  if (!challenge_ || challenge_->nonce != c->nonce) nc_ = 0;  // rule 2
  challenge_ = std::move(*c);
  answered_ = false;
  return !refused;
}

std::optional<std::string> DigestClient::authorization(std::string_view method,
                                                       std::string_view uri) {
  if (!challenge_) return std::nullopt;
  const DigestChallenge& ch = *challenge_;
  DigestCredentials cred;
  cred.username = username_;
  cred.realm = ch.realm;
  cred.nonce = ch.nonce;
  cred.uri = std::string(uri);
  cred.algorithm = ch.algorithm;
  cred.opaque = ch.opaque;
  DigestInput in{ch.algorithm, username_, ch.realm, password_, method, uri, ch.nonce};
  if (ch.offers_qop_auth()) {
    cred.qop = "auth";
    cred.nc = ++nc_;
    cred.cnonce = cnonce_source_();
    in.qop = *cred.qop;
    in.nc = *cred.nc;
    in.cnonce = *cred.cnonce;
  }
  cred.response = digest_response(in);
  answered_ = true;
  return to_header_value(cred);
}

void DigestClient::reset() {
  challenge_.reset();
  nc_ = 0;
  answered_ = false;
}

}  // namespace va::sip
