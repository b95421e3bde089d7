// SDES a=crypto (RFC 4568 sections 4, 6.1, 6.2 and 9.1): the subset SRTP with libsrtp2 keys.
#include "sip/sdp/sdp_crypto.h"

#include "sip/sdp/errc.h"
#include "sip/sdp/session_description.h"
#include "sip/sdp/text.h"

namespace va::sdp {
namespace {

constexpr std::string_view kInline = "inline:";
constexpr std::string_view kRedacted = "<redacted>";
constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
// 30 bytes are exactly 40 base64 characters, no padding.
constexpr std::size_t kKeyChars = 40;
constexpr std::uint64_t kMinLifetime = 1ull << 31;

std::optional<CryptoSuite> suite_of(std::string_view s) {
  if (s == "AES_CM_128_HMAC_SHA1_80") return CryptoSuite::AesCm128HmacSha1_80;
  if (s == "AES_CM_128_HMAC_SHA1_32") return CryptoSuite::AesCm128HmacSha1_32;
  return std::nullopt;
}

std::optional<CryptoKeySalt> decode_key(std::string_view b64) {
  if (b64.size() != kKeyChars) return std::nullopt;
  CryptoKeySalt out{};
  std::size_t o = 0;
  for (std::size_t i = 0; i < b64.size(); i += 4) {
    std::uint32_t group = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const auto v = kBase64.find(b64[i + j]);
      if (v == std::string_view::npos) return std::nullopt;
      group = (group << 6) | static_cast<std::uint32_t>(v);
    }
    out[o++] = static_cast<std::uint8_t>(group >> 16);
    out[o++] = static_cast<std::uint8_t>(group >> 8);
    out[o++] = static_cast<std::uint8_t>(group);
  }
  return out;
}

std::string encode_key(const CryptoKeySalt& key) {
  std::string out;
  out.reserve(kKeyChars);
  for (std::size_t i = 0; i < key.size(); i += 3) {
    const std::uint32_t group = (std::uint32_t{key[i]} << 16) | (std::uint32_t{key[i + 1]} << 8) |
                                std::uint32_t{key[i + 2]};
    for (int shift = 18; shift >= 0; shift -= 6)
      out.push_back(kBase64[(group >> shift) & 0x3f]);
  }
  return out;
}

// RFC 4568 6.1 lifetime: "2^n" or a decimal count of packets.
core::Result<void> check_lifetime(std::string_view s) {
  std::optional<std::uint64_t> packets;
  if (s.starts_with("2^")) {
    const auto exp = text::parse_uint(s.substr(2), 64);
    if (!exp) return Errc::BadCrypto;
    if (*exp >= 31) return {};
    packets = 1ull << *exp;
  } else {
    packets = text::parse_uint(s, UINT64_MAX);
    if (!packets) return Errc::BadCrypto;
  }
  if (*packets < kMinLifetime) return Errc::CryptoLifetimeTooShort;
  return {};
}

// "inline:<key>[|lifetime][|mki:length]" (rules 2-4).
core::Result<CryptoKeySalt> parse_key_params(std::string_view params) {
  if (params.find(';') != std::string_view::npos) return Errc::CryptoMkiUnsupported;
  if (!params.starts_with(kInline)) return Errc::BadCrypto;
  params.remove_prefix(kInline.size());
  const auto bar = params.find('|');
  auto key = decode_key(params.substr(0, bar));
  if (!key) return Errc::CryptoBadKey;
  if (bar == std::string_view::npos) return *key;
  std::string_view rest = params.substr(bar + 1);
  const auto bar2 = rest.find('|');
  const std::string_view first = rest.substr(0, bar2);
  if (first.find(':') != std::string_view::npos) return Errc::CryptoMkiUnsupported;
  if (auto ok = check_lifetime(first); !ok) return ok.error();
  if (bar2 != std::string_view::npos) {
    return rest.substr(bar2 + 1).find(':') != std::string_view::npos ? Errc::CryptoMkiUnsupported
                                                                     : Errc::BadCrypto;
  }
  return *key;
}

}  // namespace

std::string_view to_string(CryptoSuite s) {
  return s == CryptoSuite::AesCm128HmacSha1_32 ? "AES_CM_128_HMAC_SHA1_32"
                                               : "AES_CM_128_HMAC_SHA1_80";
}

core::Result<CryptoAttribute> parse_crypto(std::string_view value) {
  const auto fields = text::split_fields(value);
  if (fields.size() < 3) return Errc::BadCrypto;
  const auto tag = text::parse_uint(fields[0], 999999999);
  if (!tag || fields[0].size() > 9) return Errc::BadCrypto;
  const auto suite = suite_of(fields[1]);
  if (!suite) return Errc::CryptoSuiteUnsupported;
  auto key = parse_key_params(fields[2]);
  if (!key) return key.error();
  if (fields.size() > 3) return Errc::CryptoSessionParams;
  return CryptoAttribute{static_cast<std::uint32_t>(*tag), *suite, *key};
}

std::string format_crypto(const CryptoAttribute& c) {
  return std::to_string(c.tag) + " " + std::string(to_string(c.suite)) + " " +
         std::string(kInline) + encode_key(c.key_salt);
}

std::vector<core::Result<CryptoAttribute>> crypto_attributes(const MediaDescription& m) {
  std::vector<core::Result<CryptoAttribute>> out;
  for (const auto& a : m.attributes) {
    if (a.name != "crypto") continue;
    out.push_back(a.value ? parse_crypto(*a.value)
                          : core::Result<CryptoAttribute>(Errc::BadCrypto));
  }
  return out;
}

std::string redact_crypto_keys(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto at = text.find(kInline, pos);
    if (at == std::string_view::npos) break;
    out.append(text.substr(pos, at + kInline.size() - pos));
    out.append(kRedacted);
    pos = text.find_first_of(" \t\r\n|;", at + kInline.size());
    if (pos == std::string_view::npos) pos = text.size();
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace va::sdp
