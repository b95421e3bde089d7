// EventSession: a reader coroutine (ignores input, notices the close) and a writer coroutine
// woken by a timer; both run on one thread, so the queue needs no lock.
#include "api/event_session.h"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>
#include <deque>

namespace va::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

namespace {

struct Session : std::enable_shared_from_this<Session> {
  websocket::stream<beast::tcp_stream> ws;
  asio::steady_timer wake;
  std::deque<EventHub::Message> queue;
  std::size_t max_queued;
  bool closing = false;
  bool overflowed = false;
  bool session_ended = false;  // logout, deactivation, password change, expiry

  Session(beast::tcp_stream s, std::size_t max)
      : ws(std::move(s)), wake(ws.get_executor()), max_queued(max) {
    wake.expires_at(asio::steady_timer::time_point::max());
  }

  void push(const EventHub::Message& m) {
    if (closing) return;
    if (queue.size() >= max_queued) {
      overflowed = true;
      closing = true;
    } else {
      queue.push_back(m);
    }
    wake.cancel();
  }

  void shut() {
    closing = true;
    wake.cancel();
  }

  // The viewer's session ended: nothing queued is sent any more; closed with 1008.
  void end_session() {
    session_ended = true;
    queue.clear();
    shut();
  }

  websocket::close_reason close_why() const {
    if (overflowed) return {websocket::close_code::policy_error, "too slow"};
    if (session_ended) return {websocket::close_code::policy_error, "session ended"};
    return websocket::close_reason(websocket::close_code::normal);
  }

  asio::awaitable<void> writer() {
    auto self = shared_from_this();
    boost::system::error_code ec;
    for (;;) {
      while (!queue.empty() && !overflowed && !session_ended) {
        auto msg = queue.front();
        queue.pop_front();
        co_await ws.async_write(asio::buffer(*msg), asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
          shut();
          co_return;
        }
      }
      if (closing) break;
      co_await wake.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      wake.expires_at(asio::steady_timer::time_point::max());
    }
    if (ws.is_open()) {
      co_await ws.async_close(close_why(), asio::redirect_error(asio::use_awaitable, ec));
    }
  }
};

}  // namespace

asio::awaitable<void> run_event_session(beast::tcp_stream stream,
                                        beast::http::request<beast::http::string_body> req,
                                        EventHub& hub, EventViewer viewer,
                                        EventSessionLimits limits) {
  stream.expires_never();  // the websocket stream keeps its own timeouts
  auto s = std::make_shared<Session>(std::move(stream), limits.max_queued);
  websocket::stream_base::timeout t{};
  t.handshake_timeout = std::chrono::seconds(10);
  t.idle_timeout = limits.idle;
  t.keep_alive_pings = true;
  s->ws.set_option(t);
  s->ws.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(beast::http::field::server, "voiceagent"); }));
  s->ws.read_message_max(64 * 1024);
  boost::system::error_code ec;
  co_await s->ws.async_accept(req, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return;
  s->ws.text(true);

  std::weak_ptr<Session> weak = s;
  const auto sub = hub.subscribe(
      viewer,
      [weak](const EventHub::Message& m) {
        if (auto p = weak.lock()) p->push(m);
      },
      [weak] {
        if (auto p = weak.lock()) p->end_session();
      });
  // The first message says the subscription is live (clients and tests wait for it).
  s->push(std::make_shared<const std::string>(boost::json::serialize(boost::json::object{
      {"type", "hello"}, {"user_id", viewer.user_id}, {"role", crm::to_string(viewer.role)}})));
  asio::co_spawn(s->ws.get_executor(), s->writer(), asio::detached);

  beast::flat_buffer buffer;
  for (;;) {
    co_await s->ws.async_read(buffer, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    buffer.consume(buffer.size());  // client messages carry nothing we act on
    if (s->closing) break;
  }
  hub.unsubscribe(sub);
  s->shut();
  if (s->overflowed) spdlog::info("events: closed a subscriber that fell behind");
  if (s->session_ended)
    spdlog::info("events: closed user {}'s socket: session ended", viewer.user_id);
}

}  // namespace va::api
