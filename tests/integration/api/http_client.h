// HttpClient: a small blocking HTTP/1.1 keep-alive client for tests and the load tool.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace va::testing {

struct ClientResponse {
  int status = 0;  // 0 = transport error
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string header(const std::string& name) const;
};

class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port);
  ~HttpClient();
  // Reconnects once if the server closed the connection.
  ClientResponse request(const std::string& method, const std::string& target,
                         const std::string& body = "", const std::string& token = "",
                         const std::string& content_type = "application/json");
  // Any headers (a Host given here replaces the default "127.0.0.1").
  using Headers = std::vector<std::pair<std::string, std::string>>;
  ClientResponse send(const std::string& method, const std::string& target, const Headers& headers,
                      const std::string& body = "");

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace va::testing
