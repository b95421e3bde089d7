// Digest challenge and credential values (RFC 2617 section 3.2, RFC 7616 sections 3.3-3.4).
#include "sip/auth_challenge.h"

#include <charconv>
#include <cstdio>

#include "sip/auth_params.h"
#include "sip/errc.h"

namespace va::sip {
namespace {

std::optional<std::string> optional_value(const AuthParams& p, std::string_view name) {
  if (const AuthParam* a = p.find(name)) return a->value;
  return std::nullopt;
}

// qop="auth,auth-int" (quoted, comma separated, spaces allowed).
std::vector<std::string> split_qop(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    const auto comma = list.find(',');
    auto item = list.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t'))
      item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t'))
      item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return out;
}

int rank(DigestAlgorithm a) {
  switch (a) {
    case DigestAlgorithm::Sha256:
      return 0;
    case DigestAlgorithm::Sha256Sess:
      return 1;
    case DigestAlgorithm::Md5:
      return 2;
    case DigestAlgorithm::Md5Sess:
      return 3;
  }
  return 4;
}

core::Result<DigestAlgorithm> algorithm_of(const AuthParams& p) {
  const AuthParam* a = p.find("algorithm");
  if (!a) return DigestAlgorithm::Md5;
  const auto alg = digest_algorithm_from_string(a->value);
  if (!alg) return Errc::UnsupportedAuth;
  return *alg;
}

void append_param(std::string& out, std::string_view name, std::string_view value, bool quote) {
  out += ", ";
  out += name;
  out += '=';
  if (quote) {
    append_quoted(out, value);
  } else {
    out += value;
  }
}

}  // namespace

std::string_view to_string(DigestAlgorithm a) {
  switch (a) {
    case DigestAlgorithm::Md5:
      return "MD5";
    case DigestAlgorithm::Md5Sess:
      return "MD5-sess";
    case DigestAlgorithm::Sha256:
      return "SHA-256";
    case DigestAlgorithm::Sha256Sess:
      return "SHA-256-sess";
  }
  return "MD5";
}

std::optional<DigestAlgorithm> digest_algorithm_from_string(std::string_view text) {
  for (const auto a : {DigestAlgorithm::Md5, DigestAlgorithm::Md5Sess, DigestAlgorithm::Sha256,
                       DigestAlgorithm::Sha256Sess}) {
    if (iequals_ascii(text, to_string(a))) return a;
  }
  return std::nullopt;
}

bool is_sess(DigestAlgorithm a) {
  return a == DigestAlgorithm::Md5Sess || a == DigestAlgorithm::Sha256Sess;
}

bool DigestChallenge::offers_qop_auth() const {
  for (const auto& q : qop_options) {
    if (iequals_ascii(q, "auth")) return true;
  }
  return false;
}

core::Result<DigestChallenge> parse_digest_challenge(std::string_view value) {
  const auto p = parse_auth_params(value);
  if (!p) return Errc::BadAuthChallenge;
  if (!iequals_ascii(p->scheme, "Digest")) return Errc::UnsupportedAuth;
  const AuthParam* realm = p->find("realm");
  const AuthParam* nonce = p->find("nonce");
  if (!realm || !nonce) return Errc::BadAuthChallenge;
  DigestChallenge c;
  c.realm = realm->value;
  c.nonce = nonce->value;
  c.opaque = optional_value(*p, "opaque");
  c.domain = optional_value(*p, "domain");
  auto alg = algorithm_of(*p);
  if (!alg) return alg.error();
  c.algorithm = *alg;
  if (const AuthParam* q = p->find("qop")) {
    c.qop_options = split_qop(q->value);
    // RFC 2617 section 3.2.1: qop, when present, lists at least one option.
    if (c.qop_options.empty()) return Errc::BadAuthChallenge;
    if (!c.offers_qop_auth()) return Errc::UnsupportedAuth;
  }
  // A -sess algorithm needs a cnonce, which only exists with qop (RFC 7616 section 3.4.2).
  if (is_sess(c.algorithm) && c.qop_options.empty()) return Errc::UnsupportedAuth;
  if (const AuthParam* s = p->find("stale")) c.stale = iequals_ascii(s->value, "true");
  return c;
}

core::Result<DigestChallenge> select_digest_challenge(std::span<const std::string_view> values) {
  std::optional<DigestChallenge> best;
  std::error_code last = Errc::BadAuthChallenge;
  for (const auto v : values) {
    auto c = parse_digest_challenge(v);
    if (!c) {
      last = c.error();
    } else if (!best || rank(c->algorithm) < rank(best->algorithm)) {
      best = std::move(*c);
    }
  }
  if (!best) return last;
  return *best;
}

std::string to_header_value(const DigestChallenge& c) {
  std::string out = "Digest realm=";
  append_quoted(out, c.realm);
  append_param(out, "nonce", c.nonce, true);
  if (c.domain) append_param(out, "domain", *c.domain, true);
  if (c.opaque) append_param(out, "opaque", *c.opaque, true);
  append_param(out, "algorithm", to_string(c.algorithm), false);
  if (!c.qop_options.empty()) {
    std::string list;
    for (const auto& q : c.qop_options)
      list += (list.empty() ? "" : ",") + q;
    append_param(out, "qop", list, true);
  }
  if (c.stale) append_param(out, "stale", "true", false);
  return out;
}

core::Result<DigestCredentials> parse_digest_credentials(std::string_view value) {
  const auto p = parse_auth_params(value);
  if (!p) return Errc::BadHeaderValue;
  if (!iequals_ascii(p->scheme, "Digest")) return Errc::UnsupportedAuth;
  DigestCredentials c;
  const auto username = optional_value(*p, "username");
  const auto realm = optional_value(*p, "realm");
  const auto nonce = optional_value(*p, "nonce");
  const auto uri = optional_value(*p, "uri");
  const auto response = optional_value(*p, "response");
  if (!username || !realm || !nonce || !uri || !response) return Errc::BadHeaderValue;
  c.username = *username;
  c.realm = *realm;
  c.nonce = *nonce;
  c.uri = *uri;
  c.response = *response;
  auto alg = algorithm_of(*p);
  if (!alg) return alg.error();
  c.algorithm = *alg;
  c.cnonce = optional_value(*p, "cnonce");
  c.opaque = optional_value(*p, "opaque");
  c.qop = optional_value(*p, "qop");
  if (const auto nc = optional_value(*p, "nc")) {
    std::uint32_t v = 0;
    const auto [end, ec] = std::from_chars(nc->data(), nc->data() + nc->size(), v, 16);
    if (nc->size() != 8 || ec != std::errc() || end != nc->data() + nc->size()) {
      return Errc::BadHeaderValue;
    }
    c.nc = v;
  }
  if (c.qop && !iequals_ascii(*c.qop, "auth")) return Errc::UnsupportedAuth;
  // RFC 2617 section 3.2.2: with qop, cnonce and nc MUST be present.
  if (c.qop && (!c.cnonce || !c.nc)) return Errc::BadHeaderValue;
  return c;
}

std::string to_header_value(const DigestCredentials& c) {
  std::string out = "Digest username=";
  append_quoted(out, c.username);
  append_param(out, "realm", c.realm, true);
  append_param(out, "nonce", c.nonce, true);
  append_param(out, "uri", c.uri, true);
  append_param(out, "response", c.response, true);
  append_param(out, "algorithm", to_string(c.algorithm), false);
  if (c.cnonce) append_param(out, "cnonce", *c.cnonce, true);
  if (c.opaque) append_param(out, "opaque", *c.opaque, true);
  if (c.qop) append_param(out, "qop", *c.qop, false);
  if (c.nc) {
    char nc[9];
    std::snprintf(nc, sizeof nc, "%08x", *c.nc);
    append_param(out, "nc", nc, false);
  }
  return out;
}

}  // namespace va::sip
