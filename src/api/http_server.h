// HttpServer: HTTP/1.1 (Boost.Beast) on its own io_context and thread. Each request's
// handler runs on the DB pool and the connection awaits the result, so the I/O thread never
// blocks on the database. Bodies above the limit get 413; unparsable requests get 400.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "api/event_hub.h"
#include "api/http_types.h"
#include "core/result.h"
#include "crm/db_pool.h"

namespace va::api {

class HttpServer {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  HttpServer(Handler handler, crm::DbPool& db, std::size_t body_limit = 1 << 20);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The executor of the server's I/O thread: give it to the EventHub.
  boost::asio::any_io_executor executor();

  // Serves WebSocket upgrades of GET /api/events from `hub` (call before start()). `auth`
  // runs on the DB pool with the upgrade request; nullopt answers 401.
  using EventAuth = std::function<std::optional<EventViewer>(const HttpRequest&)>;
  void enable_events(EventHub& hub, EventAuth auth, EventSessionLimits limits = {});

  // Binds "host:port" (port 0 = any) and starts the thread; returns the bound port.
  core::Result<std::uint16_t> start(const std::string& listen);
  // Closes the listener and every connection, then joins the thread.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace va::api
