// TlsContexts: the OpenSSL contexts of SIP over TLS (RFC 3261 26.2, RFC 5922): the server
// side of our listener (certificate chain and key) and the client side of the connections
// we open (trust anchors; chain and host name verified on every connection, tls_connection.h).
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

namespace va::sip {

struct TlsSettings {
  std::string cert_file;  // sip.tls_cert_file: PEM, leaf first, a chain may follow
  std::string key_file;   // sip.tls_key_file: PEM private key of the leaf
  std::string ca_file;    // sip.tls_ca_file: PEM trust anchors; "" = the system's store
};

struct TlsContexts {
  // nullptr when no certificate is configured (no listener, no client certificate).
  std::unique_ptr<boost::asio::ssl::context> server;
  std::unique_ptr<boost::asio::ssl::context> client;
};

// Builds both contexts: TLS 1.2 or later, peers verified against `ca_file` (or the system
// store). Throws core::ConfigError naming the key (sip.tls_cert_file, sip.tls_key_file,
// sip.tls_ca_file) and OpenSSL's reason when a file is missing or unusable, or when the key
// does not match the certificate.
TlsContexts make_tls_contexts(const TlsSettings& settings);

}  // namespace va::sip
