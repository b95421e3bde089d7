// TestPki: certificates for loopback TLS tests, made with the openssl CLI (Debian `openssl`) in
// a temporary folder: a CA, then leaf certificates it signs (or self-signed ones). A client
// trusts the CA through SSL_CERT_FILE (OpenSSL's default store).
#pragma once

#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace va::test {

class TestPki {
 public:
  TestPki() {
    dir_ = std::filesystem::temp_directory_path() / ("va_tls_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    ok_ =
        run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
            "-keyout ca.key -out ca.pem -days 2 -subj '/CN=voiceagent test CA' "
            "-addext basicConstraints=critical,CA:TRUE "
            "-addext keyUsage=critical,keyCertSign,cRLSign");
  }
  ~TestPki() { std::filesystem::remove_all(dir_); }
  TestPki(const TestPki&) = delete;
  TestPki& operator=(const TestPki&) = delete;

  bool ok() const { return ok_; }
  std::string ca() const { return (dir_ / "ca.pem").string(); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // <name>.pem (leaf then CA, as a server sends its chain) and <name>.key for `dns_name`,
  // signed by the test CA, or self-signed with `self_signed`.
  bool issue(const std::string& name, const std::string& dns_name, bool self_signed = false) {
    std::ofstream(dir_ / (name + ".ext"))
        << "subjectAltName=DNS:" << dns_name
        << "\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n";
    const std::string key = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout " +
                            name + ".key -subj '/CN=" + dns_name + "'";
    if (self_signed) {
      return run("openssl req -x509 " + key + " -out " + name + ".pem -days 2 -addext " +
                 "subjectAltName=DNS:" + dns_name);
    }
    return run("openssl req " + key + " -out " + name + ".csr") &&
           run("openssl x509 -req -in " + name + ".csr -CA ca.pem -CAkey ca.key -CAcreateserial " +
               "-out " + name + ".leaf -days 2 -extfile " + name + ".ext") &&
           run("cat " + name + ".leaf ca.pem > " + name + ".pem");
  }

 private:
  bool run(const std::string& command) const {
    const std::string line = "cd '" + dir_.string() + "' && (" + command + ") >>openssl.log 2>&1";
    return std::system(line.c_str()) == 0;
  }

  std::filesystem::path dir_;
  bool ok_ = false;
};

}  // namespace va::test
