// KeyVault: seals Gemini API keys at rest with libsodium crypto_secretbox (XSalsa20-Poly1305)
// under a 32-byte master key that never enters the database: VOICEAGENT_MASTER_KEY (64 hex)
// or <data_dir>/master.key (created 0600 on first run).
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/config.h"
#include "core/key_fingerprint.h"
#include "core/result.h"

namespace va::crm {

// First 12 hex digits of SHA-256(key): all that the API, UI and logs ever show of a key.
using core::key_fingerprint;

class KeyVault {
 public:
  using MasterKey = std::array<unsigned char, 32>;

  explicit KeyVault(const MasterKey& master) : master_(master) {}

  // The env variable wins; else the file is read, or created with a fresh random key.
  static core::Result<KeyVault> load(const std::string& data_dir, const core::EnvLookup& env);

  // base64(nonce || secretbox(key)); a fresh nonce each time.
  std::string seal(std::string_view plain) const;
  core::Result<std::string> open(std::string_view sealed) const;

 private:
  MasterKey master_;
};

}  // namespace va::crm
