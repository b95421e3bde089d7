// Loopback socket helpers for the transport tests: bounded receives, no sleeps.
#pragma once

#include <fmt/format.h>
#include <poll.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace va::sip::test {

inline constexpr std::chrono::milliseconds kWait{3000};

// Waits until the native handle is readable or `timeout` passes.
inline bool readable(int fd, std::chrono::milliseconds timeout = kWait) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, static_cast<int>(timeout.count())) == 1;
}

inline std::optional<std::string> receive(boost::asio::ip::udp::socket& socket,
                                          std::chrono::milliseconds timeout = kWait) {
  if (!readable(socket.native_handle(), timeout)) return std::nullopt;
  std::string buffer(65536, '\0');
  boost::asio::ip::udp::endpoint from;
  const auto n = socket.receive_from(boost::asio::buffer(buffer), from);
  buffer.resize(n);
  return buffer;
}

// Reads from a TCP socket until `count` complete "\r\n\r\n"-terminated (bodyless) messages
// have arrived or the wait runs out.
inline std::string receive_messages(boost::asio::ip::tcp::socket& socket, int count,
                                    std::chrono::milliseconds timeout = kWait) {
  std::string data;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto complete = [&] {
    int n = 0;
    for (auto pos = data.find("\r\n\r\n"); pos != std::string::npos;
         pos = data.find("\r\n\r\n", pos + 4)) {
      ++n;
    }
    return n >= count;
  };
  while (!complete()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !readable(socket.native_handle(), left)) break;
    char buffer[4096];
    boost::system::error_code ec;
    const auto n = socket.read_some(boost::asio::buffer(buffer), ec);
    if (ec) break;
    data.append(buffer, n);
  }
  return data;
}

// A request as text; `via_transport` "UDP"/"TCP", host/port as the Via sent-by.
inline std::string request_text(std::string_view method, std::string_view branch,
                                std::string_view call_id, std::string_view via_transport,
                                std::string_view host, std::uint16_t port,
                                std::string_view extra_via_params = ";rport") {
  const std::string bracketed =
      host.find(':') != std::string_view::npos ? fmt::format("[{}]", host) : std::string(host);
  return fmt::format(
      "{0} sip:agent@{3} SIP/2.0\r\n"
      "Via: SIP/2.0/{4} {3}:{5};branch={1}{6}\r\n"
      "Max-Forwards: 70\r\n"
      "From: <sip:caller@{3}>;tag=abc\r\n"
      "To: <sip:agent@{3}>\r\n"
      "Call-ID: {2}\r\n"
      "CSeq: 1 {0}\r\n"
      "Content-Length: 0\r\n\r\n",
      method, branch, call_id, bracketed, via_transport, port, extra_via_params);
}

// Runs an io_context on its own thread for the life of the object.
class IoThread {
 public:
  IoThread() : work_(context.get_executor()), thread_([this] { context.run(); }) {}
  ~IoThread() { stop(); }
  void stop() {
    work_.reset();
    context.stop();
    if (thread_.joinable()) thread_.join();
  }
  boost::asio::io_context context;

 private:
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread thread_;
};

// A thread-safe queue with a bounded pop.
template <class T>
class WaitQueue {
 public:
  void push(T value) {
    {
      std::lock_guard lock(mutex_);
      items_.push_back(std::move(value));
    }
    cv_.notify_all();
  }
  std::optional<T> pop(std::chrono::milliseconds timeout = kWait) {
    std::unique_lock lock(mutex_);
    if (!cv_.wait_for(lock, timeout, [&] { return !items_.empty(); })) return std::nullopt;
    T value = std::move(items_.front());
    items_.pop_front();
    return value;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<T> items_;
};

}  // namespace va::sip::test
