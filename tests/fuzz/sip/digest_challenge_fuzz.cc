// Fuzzes the digest header values (RFC 2617 section 3.2, RFC 7616 section 3.3-3.4): the input is
// parsed as a challenge and as credentials; whatever parses must serialize and parse back to
// the same fields, and a client answer to a parsed challenge must verify.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sip/digest_auth.h"
#include "sip/digest_verifier.h"

namespace {

using namespace va::sip;

void check(bool ok) {
  if (!ok) __builtin_trap();
}

std::string fixed_cnonce() {
  return "0a4f113b";
}

void fuzz_challenge(std::string_view text) {
  auto c = parse_digest_challenge(text);
  if (!c) return;
  auto back = parse_digest_challenge(to_header_value(*c));
  check(back.has_value());
  check(back->realm == c->realm && back->nonce == c->nonce && back->opaque == c->opaque &&
        back->domain == c->domain && back->algorithm == c->algorithm &&
        back->qop_options == c->qop_options && back->stale == c->stale);
  DigestClient client("alice", "secret", &fixed_cnonce);
  const std::array<std::string_view, 1> values{text};
  auto retry = client.on_challenge(values);
  check(retry.has_value() && *retry);
  const auto value = client.authorization("REGISTER", "sip:example.com");
  check(value.has_value());
  auto ok = verify_digest(*value, "REGISTER", "secret");
  check(ok.has_value() && *ok);
}

void fuzz_credentials(std::string_view text) {
  auto c = parse_digest_credentials(text);
  if (!c) return;
  auto back = parse_digest_credentials(to_header_value(*c));
  check(back.has_value());
  check(back->username == c->username && back->realm == c->realm && back->nonce == c->nonce &&
        back->uri == c->uri && back->response == c->response && back->algorithm == c->algorithm &&
        back->cnonce == c->cnonce && back->opaque == c->opaque && back->qop == c->qop &&
        back->nc == c->nc);
  (void)verify_digest(text, "INVITE", "password");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  fuzz_challenge(text);
  fuzz_credentials(text);
  return 0;
}
