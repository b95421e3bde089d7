// TlsContexts: loading certificates, keys and trust anchors, with errors that name the key.
#include "sip/tls_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "core/config.h"

namespace va::sip {
namespace {

namespace ssl = boost::asio::ssl;

[[noreturn]] void refuse(const std::string& key, const std::string& file,
                         const boost::system::error_code& ec) {
  throw core::ConfigError(key + ": cannot use '" + file + "': " + ec.message());
}

std::unique_ptr<ssl::context> base_context(ssl::context::method method) {
  auto context = std::make_unique<ssl::context>(method);
  // TLS 1.0/1.1 are deprecated (RFC 8996); compression invites CRIME.
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                       ssl::context::no_compression);
  return context;
}

// Our certificate chain and key, for the listener and as a client certificate (mutual TLS
// trunks ask for one).
void use_identity(ssl::context& context, const TlsSettings& settings) {
  boost::system::error_code ec;
  context.use_certificate_chain_file(settings.cert_file, ec);
  if (ec) refuse("sip.tls_cert_file", settings.cert_file, ec);
  context.use_private_key_file(settings.key_file, ssl::context::pem, ec);
  if (ec) refuse("sip.tls_key_file", settings.key_file, ec);
  if (SSL_CTX_check_private_key(context.native_handle()) != 1) {
    ERR_clear_error();
    throw core::ConfigError("sip.tls_key_file: '" + settings.key_file +
                            "' does not match the certificate in sip.tls_cert_file");
  }
}

}  // namespace

TlsContexts make_tls_contexts(const TlsSettings& settings) {
  TlsContexts out;
  const bool has_identity = !settings.cert_file.empty() || !settings.key_file.empty();
  if (has_identity) {
    out.server = base_context(ssl::context::tls_server);
    use_identity(*out.server, settings);
  }
  out.client = base_context(ssl::context::tls_client);
  boost::system::error_code ec;
  if (settings.ca_file.empty()) {
    out.client->set_default_verify_paths(ec);
  } else {
    out.client->load_verify_file(settings.ca_file, ec);
  }
  if (ec) refuse("sip.tls_ca_file", settings.ca_file, ec);
  out.client->set_verify_mode(ssl::verify_peer);
  if (has_identity) use_identity(*out.client, settings);
  return out;
}

}  // namespace va::sip
