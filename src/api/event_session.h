// EventSession: one /api/events WebSocket (RFC 6455) after the upgrade request was
// authenticated: subscribes to the EventHub, writes its messages in order from a bounded
// queue (a subscriber that falls behind is closed with 1008, not buffered without end),
// pings an idle peer, and reads and ignores whatever the browser sends.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "api/event_hub.h"

namespace va::api {

// Runs on the hub's executor (the HTTP server's io_context) until the socket closes.
boost::asio::awaitable<void> run_event_session(
    boost::beast::tcp_stream stream,
    boost::beast::http::request<boost::beast::http::string_body> req, EventHub& hub,
    EventViewer viewer, EventSessionLimits limits);

}  // namespace va::api
