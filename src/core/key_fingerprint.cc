// Key fingerprint: SHA-256 (OpenSSL EVP) truncated to 12 hex digits.
#include "core/key_fingerprint.h"

#include <openssl/evp.h>

#include "core/assert.h"

namespace va::core {

std::string key_fingerprint(std::string_view key) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  VA_CHECK(EVP_Digest(key.data(), key.size(), digest, &len, EVP_sha256(), nullptr) == 1);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < 6 && i < len; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

}  // namespace va::core
