// TLS peer checks for every TLS client (the Gemini Live socket, core/http_post.h;
// ai-live-protocols.md A15): the chain is verified against OpenSSL's default store (the
// system's CA bundle from ca-certificates; SSL_CERT_FILE / SSL_CERT_DIR point it at another,
// e.g. a private CA) and the certificate must name the host we dialled. OpenSSL itself checks
// the name during the chain verification, so a failure says why ("hostname mismatch",
// "unable to get local issuer certificate", "certificate has expired").
#pragma once

#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

namespace va::core {

// Sets SNI and the name (or IP address) the peer's certificate must carry. "" on success, else
// what failed.
std::string expect_peer_name(SSL* ssl, const std::string& host);

// Adds the PEM certificates of `pem_file` to `ctx`'s trust store, on top of what is there (the
// system's store): ai.tls_ca_file, a private CA or the load tests' simulator. "" on success or
// for an empty path, else why the file cannot be used.
std::string add_trust_anchors(SSL_CTX* ctx, const std::string& pem_file);

// The TLS client context every AI client connection shares: TLS 1.2+, verify_peer, the system
// store plus `ca_file`. Built once per thread and CA file, then reused: loading the system
// store (144 certificates on Debian) costs ~46 ms CPU per build on the load-test machine, which
// per wss:// session made TLS setups the largest cost of a call ramp (issue 19). An SSL_CTX is
// read-only once built, so connections share it. A CA file is read once per thread: replacing
// it takes a restart. nullptr, and `error` set, when `ca_file` cannot be loaded (not cached).
std::shared_ptr<boost::asio::ssl::context> shared_client_context(const std::string& ca_file,
                                                                 std::string& error);

// The handshake's error text, with OpenSSL's verification result when that is what failed.
std::string describe_tls_failure(SSL* ssl, std::string error);

}  // namespace va::core
