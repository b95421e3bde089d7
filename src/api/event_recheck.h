// Event viewer re-check: a /api/events socket must not outlive its session. Sessions this
// process ends (logout, password change, deactivation) close their sockets at once through
// crm::Auth's listener and EventHub::end_sessions; this loop finds the rest (expiry, a user
// deactivated or a session deleted by another process on the same database) by checking
// every viewer's session again on the DB pool every `interval`.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "api/event_hub.h"

namespace va::api {

// The viewer a token stands for now (blocking, database); nullopt when the session is gone.
using ViewerLookup = std::function<std::optional<EventViewer>(const std::string& token)>;

// Whether `now` (the token's current viewer) still permits what `opened` was granted.
bool still_valid(const EventViewer& opened, const std::optional<EventViewer>& now);

// Runs on the hub's executor until it stops; `lookup` runs on `db`.
boost::asio::awaitable<void> recheck_event_viewers(EventHub& hub, boost::asio::any_io_executor db,
                                                   ViewerLookup lookup,
                                                   std::chrono::milliseconds interval);

}  // namespace va::api
