// Digest verification for the server side (RFC 7616 section 3.5).
#include "sip/digest_verifier.h"

#include <openssl/crypto.h>

#include "sip/digest_auth.h"

namespace va::sip {

std::string expected_digest_response(const DigestCredentials& c, std::string_view method,
                                     std::string_view password) {
  DigestInput in{c.algorithm, c.username, c.realm, password, method, c.uri, c.nonce};
  if (c.cnonce) in.cnonce = *c.cnonce;
  if (c.qop) {
    in.qop = *c.qop;
    in.nc = c.nc.value_or(0);
  }
  return digest_response(in);
}

core::Result<bool> verify_digest(std::string_view authorization_value, std::string_view method,
                                 std::string_view password) {
  auto c = parse_digest_credentials(authorization_value);
  if (!c) return {boost::system::in_place_error, c.error()};
  // -sess needs the client's cnonce (RFC 7616 section 3.4.2).
  if (is_sess(c->algorithm) && !c->cnonce) return false;
  const std::string expected = expected_digest_response(*c, method, password);
  return !expected.empty() && expected.size() == c->response.size() &&
         CRYPTO_memcmp(expected.data(), c->response.data(), expected.size()) == 0;
}

}  // namespace va::sip
