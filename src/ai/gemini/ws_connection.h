// WsConnection: one client WebSocket (ws:// or wss://) for the Live protocol, behind a thin
// header so only ws_connection.cc compiles Beast and OpenSSL (ai-live-protocols.md A2, A15).
// TLS verifies the peer against the system store (plus ai.tls_ca_file), checks the host name and
// sends SNI. No client pings: the service answers pings slowly (A2); Beast answers server pings
// itself.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "ai/errc.h"
#include "ai/gemini/ws_url.h"

namespace va::ai::gemini {

struct WsClosed {
  int code = 0;           // WebSocket close code; 1006 when the TCP stream ended without one
  std::string reason;     // server's close reason, or a local explanation
  Errc local = Errc::Ok;  // set when the failure is ours (connect, TLS, upgrade, too large)
};

struct WsHandlers {
  std::function<void()> on_open;                             // upgrade done: send setup now
  std::function<void(std::string_view message)> on_message;  // text or binary, UTF-8 JSON
  std::function<void(const WsClosed&)> on_closed;  // exactly once, unless abort() was called
};

class WsConnection {
 public:
  virtual ~WsConnection() = default;
  // Resolves, connects, (TLS,) upgrades; `timeout` bounds each of those steps.
  virtual void open(std::chrono::milliseconds timeout) = 0;
  // Queues a text frame. A `droppable` (audio) frame is discarded when more than
  // `max_queued_droppable` such frames wait (network stall, A15); control frames never are.
  virtual void send(std::string message, bool droppable) = 0;
  // Queues a close frame after what is already queued (so queued audio still leaves).
  virtual void close(int code) = 0;
  // Cancels everything; no handler runs afterwards.
  virtual void abort() = 0;
  virtual std::uint64_t dropped_frames() const = 0;

  // `authorization` non-empty: sent as the upgrade's Authorization header (OpenAI's
  // "Bearer <key>", ai-live-protocols.md C1); Gemini puts its key in the target instead.
  // `ca_file` non-empty: extra trust anchors (PEM, ai.tls_ca_file) on top of the system store.
  static std::shared_ptr<WsConnection> create(boost::asio::any_io_executor executor, WsUrl url,
                                              std::string target, std::size_t max_message_bytes,
                                              std::size_t max_queued_droppable, WsHandlers handlers,
                                              std::string authorization = {},
                                              std::string ca_file = {});
};

}  // namespace va::ai::gemini
