// HttpClient: Beast synchronous read/write with a 10 s socket timeout.
#include "http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace va::testing {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

std::string ClientResponse::header(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (beast::iequals(k, name)) return v;
  }
  return "";
}

struct HttpClient::Impl {
  boost::asio::io_context io;
  beast::tcp_stream stream{io};
  std::uint16_t port;
  bool connected = false;

  void connect() {
    beast::error_code ec;
    stream.socket().close(ec);
    stream.expires_after(std::chrono::seconds(10));
    stream.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    connected = true;
  }
};

HttpClient::HttpClient(std::uint16_t port) : impl_(std::make_unique<Impl>()) {
  impl_->port = port;
}
HttpClient::~HttpClient() = default;

ClientResponse HttpClient::request(const std::string& method, const std::string& target,
                                   const std::string& body, const std::string& token,
                                   const std::string& content_type) {
  Headers headers;
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
  if (!body.empty()) headers.emplace_back("Content-Type", content_type);
  return send(method, target, headers, body);
}

ClientResponse HttpClient::send(const std::string& method, const std::string& target,
                                const Headers& headers, const std::string& body) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      if (!impl_->connected) impl_->connect();
      http::request<http::string_body> req{http::string_to_verb(method), target, 11};
      req.set(http::field::host, "127.0.0.1");
      for (const auto& [k, v] : headers)
        req.set(k, v);
      req.body() = body;
      req.keep_alive(true);
      req.prepare_payload();
      impl_->stream.expires_after(std::chrono::seconds(10));
      http::write(impl_->stream, req);
      beast::flat_buffer buf;
      http::response_parser<http::string_body> parser;
      parser.body_limit(64 * 1024 * 1024);
      http::read(impl_->stream, buf, parser);
      const auto& res = parser.get();
      ClientResponse out{static_cast<int>(res.result_int()), res.body(), {}};
      for (const auto& f : res)
        out.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
      if (!res.keep_alive()) impl_->connected = false;
      return out;
    } catch (const std::exception&) {
      impl_->connected = false;
    }
  }
  return {};
}

}  // namespace va::testing
