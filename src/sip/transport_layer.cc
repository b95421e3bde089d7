// TransportLayer: receive path (parse, stamp, dispatch or reject) and send path (RFC 3261 18).
#include "sip/transport_layer.h"

#include <spdlog/spdlog.h>

#include "sip/error_responder.h"
#include "sip/listen_address.h"
#include "sip/response_routing.h"

namespace va::sip {

TransportLayer::TransportLayer(boost::asio::io_context& context, SipCounters& counters,
                               TransportConfig config, Dispatch dispatch)
    : counters_(counters),
      config_(std::move(config)),
      dispatch_(std::move(dispatch)),
      udp_(context,
           [this](std::string_view data, bool truncated, const TransportAddress& source) {
             if (truncated || data.size() > config_.max_message_bytes) {
               counters_.oversized.fetch_add(1, std::memory_order_relaxed);
               reject(data, Errc::MessageTooLarge, source);
               return;
             }
             on_data(data, source, true);
           }),
      tcp_(context, config_.max_message_bytes,
           [this](std::string message, const TransportAddress& source) {
             on_data(message, source, false);
           }) {}

TransportLayer::~TransportLayer() {
  close();
}

std::error_code TransportLayer::start() {
  auto listen = parse_listen_address(config_.listen);
  if (!listen) return listen.error();
  std::error_code ec = bind_both(listen->address, listen->port);
  // Port 0: the free UDP port may be taken for TCP; try a few fresh ones.
  for (int attempt = 0; ec && listen->port == 0 && attempt < 16; ++attempt) {
    ec = bind_both(listen->address, 0);
  }
  if (ec) return ec;
  udp_.start();
  tcp_.start();
  return {};
}

std::error_code TransportLayer::bind_both(const boost::asio::ip::address& address,
                                          std::uint16_t port) {
  udp_.close();
  if (auto ec = udp_.bind({address, port})) return ec;
  return tcp_.listen({address, udp_.local_endpoint().port()});
}

void TransportLayer::stop_reading() {
  udp_.stop_reading();
  tcp_.close();
}

void TransportLayer::close() {
  udp_.close();
  tcp_.close();
}

std::vector<std::string> TransportLayer::listen_addresses() const {
  const auto u = udp_.local_endpoint();
  const auto t = tcp_.local_endpoint();
  return {TransportAddress{TransportProtocol::Udp, u.address(), u.port(), 0}.to_string(),
          TransportAddress{TransportProtocol::Tcp, t.address(), t.port(), 0}.to_string()};
}

std::uint16_t TransportLayer::port() const {
  return udp_.local_endpoint().port();
}

void TransportLayer::on_data(std::string_view data, const TransportAddress& source, bool datagram) {
  if (data.find_first_not_of("\r\n") == std::string_view::npos) {
    counters_.keepalives.fetch_add(1, std::memory_order_relaxed);  // RFC 5626 CRLF ping
    return;
  }
  ParseOptions options;
  options.max_message_bytes = config_.max_message_bytes;
  options.datagram = datagram;
  auto parsed = parse_message(data, options);
  if (!parsed) {
    const auto& error = parsed.error();
    const Errc errc =
        error.category() == sip_category() ? static_cast<Errc>(error.value()) : Errc::BadStartLine;
    reject(data, errc, source);
    return;
  }
  counters_.messages_in.fetch_add(1, std::memory_order_relaxed);
  Message message = std::move(*parsed);
  if (message.is_request && message.via.empty()) {
    reject(data, Errc::MissingVia, source);
    return;
  }
  if (message.is_request) stamp_received(message.via.front(), source);
  dispatch_(std::move(message), source);
}

void TransportLayer::reject(std::string_view data, Errc error, const TransportAddress& source) {
  counters_.parse_errors.fetch_add(1, std::memory_order_relaxed);
  auto response = make_error_response(data, error, source, config_.server);
  spdlog::debug("sip: unparseable message from {}: {}{}", source.to_string(), describe(error),
                response ? "" : " (not answered)");
  if (!response) return;
  counters_.error_responses.fetch_add(1, std::memory_order_relaxed);
  send_bytes(std::move(response->bytes), response->to);
}

bool TransportLayer::send(const Message& message, const TransportAddress& to) {
  return send_bytes(message.serialize(), to);
}

bool TransportLayer::send_bytes(std::string bytes, const TransportAddress& to) {
  bool ok = true;
  if (to.protocol == TransportProtocol::Udp) {
    ok = udp_.send(bytes, to);
  } else {
    tcp_.send(std::move(bytes), to);
  }
  (ok ? counters_.messages_out : counters_.send_errors).fetch_add(1, std::memory_order_relaxed);
  return ok;
}

}  // namespace va::sip
