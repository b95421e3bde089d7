// A throw-away PKI for the TLS tests, made by the openssl CLI into the build tree: a trusted
// CA, an untrusted one, and leaf certificates signed by each. Nothing here is ever trusted
// outside the test that made it.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace va::sip::test {

struct TestPki {
  std::string dir;
  std::string ca;            // trusted CA certificate (the client's sip.tls_ca_file)
  std::string server_cert;   // leaf for gw.example.test, localhost, 127.0.0.1, by `ca`
  std::string server_chain;  // the leaf followed by `ca` (a chain file)
  std::string server_key;
  std::string rogue_cert;  // the same names, signed by a CA nobody trusts
  std::string rogue_key;
  std::string expired_cert;  // by `ca`, validity ended yesterday
  std::string expired_key;
};

namespace detail {

inline void run(const std::string& command) {
  if (std::system((command + " >/dev/null 2>&1").c_str()) != 0) {
    throw std::runtime_error("test PKI: command failed: " + command);
  }
}

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

// A leaf key and certificate for `name` signed by `ca`, valid for two days from now.
inline void make_leaf(const std::string& dir, const std::string& name, const std::string& ca) {
  const std::string p = dir + "/" + name;
  run("openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + p + ".key -out " +
      p + ".csr -subj /CN=gw.example.test");
  run("openssl x509 -req -in " + p + ".csr -CA " + dir + "/" + ca + ".pem -CAkey " + dir + "/" +
      ca + ".key -CAcreateserial -days 2 -extfile " + dir + "/leaf.ext -out " + p + ".pem");
}

}  // namespace detail

// Made once per test process (a few EC keys: milliseconds), removed at exit.
inline const TestPki& test_pki() {
  static const TestPki pki = [] {
    std::string pattern = std::filesystem::current_path().string() + "/tls_pki.XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("test PKI: mkdtemp");
    const std::string dir = pattern;
    static std::string made;
    made = dir;
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(made, ignored);
    });
    detail::write_file(dir + "/leaf.ext",
                       "subjectAltName=DNS:gw.example.test,DNS:localhost,IP:127.0.0.1\n"
                       "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth,clientAuth\n");
    for (const char* ca : {"ca", "rogue_ca"}) {
      detail::run(std::string("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 ") +
                  "-nodes -days 2 -subj /CN=" + ca + " -keyout " + dir + "/" + ca + ".key -out " +
                  dir + "/" + ca + ".pem");
    }
    detail::make_leaf(dir, "server", "ca");
    detail::make_leaf(dir, "rogue", "rogue_ca");
    // Expired: a CA-signed certificate whose validity ended before now (openssl ca with an
    // explicit end date in the past).
    detail::write_file(dir + "/ca.cnf",
                       "[ca]\ndefault_ca=test\n[test]\ndatabase=" + dir +
                           "/index.txt\nserial=" + dir + "/serial\nnew_certs_dir=" + dir +
                           "\ndefault_md=sha256\npolicy=any\ncopy_extensions=copy\n"
                           "[any]\ncommonName=supplied\n");
    detail::write_file(dir + "/index.txt", "");
    detail::write_file(dir + "/serial", "01\n");
    detail::run("openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + dir +
                "/expired.key -out " + dir + "/expired.csr -subj /CN=gw.example.test");
    detail::run("openssl ca -batch -config " + dir + "/ca.cnf -cert " + dir + "/ca.pem -keyfile " +
                dir + "/ca.key -startdate 20200101000000Z -enddate " + "20200102000000Z -extfile " +
                dir + "/leaf.ext -in " + dir + "/expired.csr -out " + dir + "/expired.pem");
    {
      std::ofstream chain(dir + "/server_chain.pem");
      chain << std::ifstream(dir + "/server.pem").rdbuf() << std::ifstream(dir + "/ca.pem").rdbuf();
    }
    TestPki out;
    out.dir = dir;
    out.ca = dir + "/ca.pem";
    out.server_cert = dir + "/server.pem";
    out.server_chain = dir + "/server_chain.pem";
    out.server_key = dir + "/server.key";
    out.rogue_cert = dir + "/rogue.pem";
    out.rogue_key = dir + "/rogue.key";
    out.expired_cert = dir + "/expired.pem";
    out.expired_key = dir + "/expired.key";
    return out;
  }();
  return pki;
}

}  // namespace va::sip::test
