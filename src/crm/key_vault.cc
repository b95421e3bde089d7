// KeyVault: libsodium secretbox for sealing.
#include "crm/key_vault.h"

#include <fcntl.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "core/assert.h"
#include "core/private_files.h"
#include "crm/errc.h"

namespace va::crm {
namespace {

constexpr auto kB64 = sodium_base64_VARIANT_ORIGINAL;

core::Result<KeyVault::MasterKey> from_hex(std::string_view hex) {
  KeyVault::MasterKey key{};
  std::size_t len = 0;
  if (hex.size() != 64 ||
      sodium_hex2bin(key.data(), key.size(), hex.data(), hex.size(), nullptr, &len, nullptr) != 0 ||
      len != key.size()) {
    return Errc::BadMasterKey;
  }
  return key;
}

std::string to_hex(const unsigned char* data, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}

}  // namespace

core::Result<KeyVault> KeyVault::load(const std::string& data_dir, const core::EnvLookup& env) {
  VA_CHECK(sodium_init() >= 0);
  if (auto hex = env("VOICEAGENT_MASTER_KEY"); hex && !hex->empty()) {
    auto key = from_hex(*hex);
    if (!key) return key.error();
    return KeyVault(*key);
  }
  const auto path = std::filesystem::path(data_dir) / "master.key";
  if (std::ifstream in(path); in) {
    core::warn_if_not_private(path);
    std::string hex;
    std::getline(in, hex);
    auto key = from_hex(hex);
    if (!key) return key.error();
    return KeyVault(*key);
  }
  if (auto ec = core::make_private_dir(data_dir)) {
    spdlog::error("crm: cannot create {}: {}", data_dir, ec.message());
    return Errc::BadMasterKey;
  }
  MasterKey key{};
  crypto_secretbox_keygen(key.data());
  // Created 0600 before anything is written, so the key is never readable by others.
  const int fd = core::open_private_file(path, O_WRONLY | O_EXCL);
  if (fd < 0) return Errc::BadMasterKey;
  const std::string line = to_hex(key.data(), key.size()) + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  if (::close(fd) != 0 || !written) return Errc::BadMasterKey;
  spdlog::info("crm: created master key file {}", path.string());
  return KeyVault(key);
}

std::string KeyVault::seal(std::string_view plain) const {
  std::vector<unsigned char> box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
                                 plain.size());
  unsigned char* nonce = box.data();
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(box.data() + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), nonce,
                        master_.data());
  std::string out(sodium_base64_encoded_len(box.size(), kB64), '\0');
  sodium_bin2base64(out.data(), out.size(), box.data(), box.size(), kB64);
  out.resize(std::strlen(out.c_str()));
  return out;
}

core::Result<std::string> KeyVault::open(std::string_view sealed) const {
  std::vector<unsigned char> box(sealed.size());
  std::size_t len = 0;
  if (sodium_base642bin(box.data(), box.size(), sealed.data(), sealed.size(), nullptr, &len,
                        nullptr, kB64) != 0 ||
      len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return Errc::CryptoError;
  }
  const std::size_t clen = len - crypto_secretbox_NONCEBYTES;
  std::string plain(clen - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                 box.data() + crypto_secretbox_NONCEBYTES, clen, box.data(),
                                 master_.data()) != 0) {
    return Errc::CryptoError;
  }
  return plain;
}

}  // namespace va::crm
