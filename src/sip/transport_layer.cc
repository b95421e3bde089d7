// TransportLayer: receive path (parse, stamp, dispatch or reject) and send path (RFC 3261 18).
#include "sip/transport_layer.h"

#include <spdlog/spdlog.h>

#include "sip/error_responder.h"
#include "sip/listen_address.h"
#include "sip/response_routing.h"

namespace va::sip {
namespace {

// The numeric sent-by of a Via (RFC 5923 alias); no address for a host name.
TransportAddress via_sent_by(const Via& via) {
  TransportAddress out;
  out.protocol = TransportProtocol::Tls;
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(via.host, ec);
  if (!ec) out.address = address;
  out.port = via.port.value_or(5061);
  return out;
}

}  // namespace

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
           }),
      context_(context) {}

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
  if (ec) {
    start_error_ = "sip.listen: cannot listen on " + config_.listen + ": " + ec.message();
    return ec;
  }
  if (auto tls_ec = start_tls()) return tls_ec;
  udp_.start();
  tcp_.start();
  tls_->start();
  return {};
}

std::error_code TransportLayer::start_tls() {
  TlsContexts contexts;
  try {
    contexts = make_tls_contexts(config_.tls);
  } catch (const std::exception& e) {  // names the key (tls_context.h)
    start_error_ = e.what();
    return std::make_error_code(std::errc::invalid_argument);
  }
  TlsTransport::Hooks hooks;
  hooks.on_message = [this](std::string message, const TransportAddress& source) {
    on_data(message, source, false);
  };
  hooks.on_flow_failed = [this](const TransportAddress& flow) {
    if (flow_failed_) flow_failed_(flow);
  };
  tls_ = std::make_unique<TlsTransport>(context_, std::move(contexts), config_.max_message_bytes,
                                        config_.keepalive, counters_.tls, std::move(hooks));
  if (config_.tls_listen.empty()) return {};
  auto listen = parse_listen_address(config_.tls_listen);
  std::error_code ec = listen ? tls_->listen({listen->address, listen->port}) : listen.error();
  if (ec)
    start_error_ = "sip.tls_listen: cannot listen on " + config_.tls_listen + ": " + ec.message();
  return ec;
}

boost::asio::ip::tcp::endpoint TransportLayer::tls_endpoint() const {
  return tls_ && tls_->listening() ? tls_->local_endpoint() : boost::asio::ip::tcp::endpoint{};
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
  if (tls_) tls_->close();
}

void TransportLayer::close() {
  udp_.close();
  tcp_.close();
  if (tls_) tls_->close();
}

std::vector<std::string> TransportLayer::listen_addresses() const {
  const auto u = udp_.local_endpoint();
  const auto t = tcp_.local_endpoint();
  std::vector<std::string> out{
      TransportAddress{TransportProtocol::Udp, u.address(), u.port(), 0, {}}.to_string(),
      TransportAddress{TransportProtocol::Tcp, t.address(), t.port(), 0, {}}.to_string()};
  if (tls_ && tls_->listening()) {
    const auto s = tls_->local_endpoint();
    out.push_back(
        TransportAddress{TransportProtocol::Tls, s.address(), s.port(), 0, {}}.to_string());
  }
  return out;
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
  // RFC 5923 5: ;alias lets us send our requests to the peer over this connection.
  if (message.is_request && source.protocol == TransportProtocol::Tls && tls_ &&
      message.via.front().params.has("alias")) {
    tls_->add_alias(source.connection_id, via_sent_by(message.via.front()));
  }
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
  if (to.protocol == TransportProtocol::Tls) return send_tls(message, message.serialize(), to);
  return send_bytes(message.serialize(), to);
}

// A request that cannot reach its TLS peer (refused certificate, no connection) gets a 503
// made up here, as if the peer had answered: the client transaction ends with it, and the
// request fails over to the next RFC 3263 target or fails (request_failover.h rule 2).
bool TransportLayer::send_tls(const Message& message, std::string bytes,
                              const TransportAddress& to) {
  counters_.messages_out.fetch_add(1, std::memory_order_relaxed);
  if (!tls_) return false;
  TlsTransport::ErrorHandler on_error;
  if (message.is_request && message.method != Method::Ack) {
    on_error = [this, request = message, to](const std::string& reason) {
      counters_.send_errors.fetch_add(1, std::memory_order_relaxed);
      Message response = make_response(request, 503, "TLS refused: " + reason);
      response.to.params.remove("tag");
      dispatch_(std::move(response), to);
    };
  }
  tls_->send(std::move(bytes), to, std::move(on_error));
  return true;
}

bool TransportLayer::send_bytes(std::string bytes, const TransportAddress& to) {
  bool ok = true;
  if (to.protocol == TransportProtocol::Udp) {
    ok = udp_.send(bytes, to);
  } else if (to.protocol == TransportProtocol::Tls) {
    ok = tls_ != nullptr;
    if (ok) tls_->send(std::move(bytes), to);
  } else {
    tcp_.send(std::move(bytes), to);
  }
  (ok ? counters_.messages_out : counters_.send_errors).fetch_add(1, std::memory_order_relaxed);
  return ok;
}

}  // namespace va::sip
