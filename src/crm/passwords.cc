// Passwords: crypto_pwhash_str (argon2id), random tokens and their stored hashes.
#include "crm/passwords.h"

#include <openssl/evp.h>
#include <sodium.h>

#include "core/assert.h"
#include "crm/errc.h"

namespace va::crm {
namespace {
std::string hex(const unsigned char* p, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), p, n);
  out.pop_back();
  return out;
}
}  // namespace

PasswordCost PasswordCost::interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordCost PasswordCost::minimum() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

core::Result<std::string> hash_password(const std::string& password, PasswordCost cost) {
  VA_CHECK(sodium_init() >= 0);
  if (password.size() < 8 || password.size() > 256) return Errc::Invalid;
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.opslimit, cost.memlimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Errc::CryptoError;  // out of memory
  }
  return std::string(out);
}

bool verify_password(const std::string& hash, const std::string& password) {
  VA_CHECK(sodium_init() >= 0);
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string generate_password() {
  static constexpr char kAlphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out;
  for (int i = 0; i < 24; ++i)
    out += kAlphabet[randombytes_uniform(sizeof(kAlphabet) - 1)];
  return out;
}

std::string token_hash(const std::string& token) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  VA_CHECK(EVP_Digest(token.data(), token.size(), digest, &len, EVP_sha256(), nullptr) == 1);
  return hex(digest, len);
}

std::string generate_token() {
  VA_CHECK(sodium_init() >= 0);
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  return hex(raw, sizeof raw);
}

}  // namespace va::crm
