// Event viewer re-check: one database look-up per distinct token per round, off the I/O
// thread; the verdicts are applied back on the hub's executor.
#include "api/event_recheck.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <map>
#include <set>

namespace va::api {

namespace asio = boost::asio;

bool still_valid(const EventViewer& opened, const std::optional<EventViewer>& now) {
  return now && now->user_id == opened.user_id && now->role == opened.role;
}

namespace {

using Verdicts = std::map<std::string, std::optional<EventViewer>>;

// Runs on the DB pool. Parameters by value and no lambda: GCC 12 destroys the captures of a
// coroutine lambda twice.
asio::awaitable<Verdicts> look_up(ViewerLookup lookup, std::set<std::string> tokens) {
  Verdicts out;
  for (const auto& t : tokens)
    out.emplace(t, lookup(t));
  co_return out;
}

}  // namespace

asio::awaitable<void> recheck_event_viewers(EventHub& hub, asio::any_io_executor db,
                                            ViewerLookup lookup,
                                            std::chrono::milliseconds interval) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (;;) {
    boost::system::error_code ec;
    timer.expires_after(interval);
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    const auto viewers = hub.viewers();
    if (viewers.empty()) continue;
    std::set<std::string> tokens;
    for (const auto& [id, v] : viewers)
      tokens.insert(v.token);
    const auto verdicts =
        co_await asio::co_spawn(db, look_up(lookup, std::move(tokens)), asio::use_awaitable);
    for (const auto& [id, v] : viewers) {
      if (!still_valid(v, verdicts.at(v.token))) hub.end_subscriber(id);
    }
  }
}

}  // namespace va::api
