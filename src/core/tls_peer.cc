// TLS peer checks with OpenSSL's own host name verification (X509_VERIFY_PARAM), so a wrong name
// fails inside the chain verification with X509_V_ERR_HOSTNAME_MISMATCH and can be named.
#include "core/tls_peer.h"

#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <boost/asio/ip/address.hpp>
#include <map>

namespace va::core {

std::string expect_peer_name(SSL* ssl, const std::string& host) {
  boost::system::error_code ec;
  boost::asio::ip::make_address(host, ec);
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  if (!ec) {  // an IP literal: no SNI (RFC 6066 3), the certificate must list the address
    if (X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) != 1) return "cannot set peer address";
    return {};
  }
  if (!SSL_set_tlsext_host_name(ssl, host.c_str())) return "cannot set SNI";
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  if (X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size()) != 1) {
    return "cannot set peer name";
  }
  return {};
}

std::string add_trust_anchors(SSL_CTX* ctx, const std::string& pem_file) {
  if (pem_file.empty()) return {};
  // Appends to the store set_default_verify_paths filled; the system's anchors stay trusted.
  if (SSL_CTX_load_verify_locations(ctx, pem_file.c_str(), nullptr) != 1) {
    ERR_clear_error();
    return "cannot load CA certificates from " + pem_file;
  }
  return {};
}

std::shared_ptr<boost::asio::ssl::context> shared_client_context(const std::string& ca_file,
                                                                 std::string& error) {
  // Per thread, so no lock: a shard, a work-pool thread; a few contexts per process.
  thread_local std::map<std::string, std::shared_ptr<boost::asio::ssl::context>> contexts;
  if (auto it = contexts.find(ca_file); it != contexts.end()) return it->second;
  auto ctx = std::make_shared<boost::asio::ssl::context>(boost::asio::ssl::context::tls_client);
  ctx->set_default_verify_paths();
  ctx->set_verify_mode(boost::asio::ssl::verify_peer);
  error = add_trust_anchors(ctx->native_handle(), ca_file);
  if (!error.empty()) return nullptr;
  contexts.emplace(ca_file, ctx);
  return ctx;
}

std::string describe_tls_failure(SSL* ssl, std::string error) {
  std::string out = std::move(error);
  const long result = SSL_get_verify_result(ssl);
  if (result != X509_V_OK) {
    out += " (";
    out += X509_verify_cert_error_string(result);
    out += ")";
  }
  return out;
}

}  // namespace va::core
