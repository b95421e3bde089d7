// Passwords: argon2id hashes in libsodium's crypto_pwhash_str format (salt and cost inside).
#pragma once

#include <string>

#include "core/result.h"

namespace va::crm {

// Cost of a hash. Interactive is the default; tests pass the minimum to stay fast.
struct PasswordCost {
  unsigned long long opslimit;
  std::size_t memlimit;
  static PasswordCost interactive();
  static PasswordCost minimum();
};

// Accepts 8..256 bytes; Errc::Invalid otherwise.
core::Result<std::string> hash_password(const std::string& password, PasswordCost cost);
bool verify_password(const std::string& hash, const std::string& password);
// A printable random password for the first superadmin (24 chars).
std::string generate_password();
// Hex SHA-256: how a session token is stored, so a database dump cannot log anyone in.
std::string token_hash(const std::string& token);
// 32 random bytes, hex.
std::string generate_token();

}  // namespace va::crm
