// The listening socket of the stream transports (TCP and TLS, RFC 3261 18.1.1/26.2): the two
// open their acceptors the same way, so the socket options live in one place.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <system_error>

namespace va::sip {

// Opens `acceptor`, binds it to `endpoint` (an unspecified IPv6 address also takes IPv4) and
// listens; `local` gets the bound address (port 0 = the one the kernel chose). On failure the
// acceptor is closed again and the error returned.
std::error_code open_stream_listener(boost::asio::ip::tcp::acceptor& acceptor,
                                     const boost::asio::ip::tcp::endpoint& endpoint,
                                     boost::asio::ip::tcp::endpoint& local);

}  // namespace va::sip
