// Webhook signatures with OpenSSL's one-shot HMAC.
#include "api/webhook_signature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>

namespace va::api {

std::string webhook_signature(std::string_view secret, std::int64_t timestamp,
                              std::string_view body) {
  std::string message = std::to_string(timestamp);
  message += '.';
  message.append(body);
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac.data(), &len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "v1=";
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[mac[i] >> 4];
    out += kHex[mac[i] & 0xf];
  }
  return out;
}

}  // namespace va::api
