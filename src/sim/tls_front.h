// TlsFront: wss:// and https:// for the simulator (`voiceagent sim --tls-cert --tls-key`), as a
// TLS terminator in front of the plain SimServer, the way the real service's front end ends TLS
// before its backends. Each accepted connection is TLS-handshaken with the given certificate,
// then its bytes are relayed both ways to the plain listener on the same loopback host, so every
// session, log line and fault of the simulator works unchanged over TLS. The relay's copies cost
// the simulator CPU (its own, not the server's: the load tests print both separately).
// Threads: as SimServer, the listener on the first executor and each connection on the next
// executor in turn, whole.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace va::sim {

struct TlsFrontConfig {
  std::string listen_host = "127.0.0.1";  // loopback only
  std::uint16_t port = 0;                 // 0 = any free port
  std::string cert_file;                  // PEM chain, leaf first
  std::string key_file;                   // PEM private key of the leaf
  std::uint16_t backend_port = 0;         // the plain SimServer on listen_host
};

class TlsFront {
 public:
  // Binds at once; throws std::runtime_error for a non-loopback host, an unreadable certificate
  // or key, or a port it cannot bind.
  TlsFront(std::vector<boost::asio::any_io_executor> executors, TlsFrontConfig config);
  ~TlsFront();
  TlsFront(const TlsFront&) = delete;
  TlsFront& operator=(const TlsFront&) = delete;

  void start();
  void stop();  // closes the listener; open relays end with their backend connection
  std::uint16_t port() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace va::sim
