// SimServer: loopback acceptor handing each connection, round robin, to a session thread.
#include "sim/sim_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <stdexcept>

#include "ai/gemini/ws_url.h"
#include "sim/sim_session.h"

namespace va::sim {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct SimServer::Impl : std::enable_shared_from_this<SimServer::Impl> {
  Impl(std::vector<asio::any_io_executor> ex, SimConfig config)
      : executors(std::move(ex)),
        acceptor(executors.at(0)),
        shared(std::make_shared<SimShared>(std::move(config))) {}

  void accept() {
    // The socket is created on the session's executor: every later handler of that connection
    // runs on that executor's thread.
    auto& target = executors[next++ % executors.size()];
    acceptor.async_accept(
        target, [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
          if (ec == asio::error::operation_aborted || !self->acceptor.is_open()) return;
          if (!ec) {
            auto ex = socket.get_executor();
            asio::post(ex, [s = std::move(socket), shared = self->shared]() mutable {
              start_sim_session(std::move(s), shared);
            });
          }
          self->accept();  // EMFILE and friends: keep accepting the next one
        });
  }

  std::vector<asio::any_io_executor> executors;
  std::size_t next = 0;  // accept thread only
  tcp::acceptor acceptor;
  std::shared_ptr<SimShared> shared;
};

SimServer::SimServer(asio::any_io_executor executor, SimConfig config)
    : SimServer(std::vector<asio::any_io_executor>{std::move(executor)}, std::move(config)) {}

SimServer::SimServer(std::vector<asio::any_io_executor> executors, SimConfig config) {
  if (executors.empty()) throw std::runtime_error("the simulator needs at least one executor");
  impl_ = std::make_shared<Impl>(std::move(executors), std::move(config));
  const auto& c = impl_->shared->config;
  if (!ai::gemini::is_loopback_host(c.listen_host)) {
    throw std::runtime_error("the simulator listens on loopback only, not " + c.listen_host);
  }
  if (c.mode == ReplyMode::Scripted) impl_->shared->script = render_script(c.script, c.espeak_path);
  boost::system::error_code ec;
  auto host = c.listen_host == "localhost" ? std::string("127.0.0.1") : c.listen_host;
  tcp::endpoint ep(asio::ip::make_address(host, ec), c.port);
  if (ec) throw std::runtime_error("bad simulator listen address " + c.listen_host);
  impl_->acceptor.open(ep.protocol());
  impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  impl_->acceptor.bind(ep, ec);
  if (ec)
    throw std::runtime_error("simulator cannot bind " + host + ":" + std::to_string(c.port) + ": " +
                             ec.message());
  impl_->acceptor.listen(asio::socket_base::max_listen_connections);
}

SimServer::~SimServer() {
  stop();
}

void SimServer::start() {
  impl_->accept();
}

void SimServer::stop() {
  boost::system::error_code ignored;
  impl_->acceptor.close(ignored);
  for (auto& s : impl_->shared->stop_sessions())
    s->shutdown();
}

std::uint16_t SimServer::port() const {
  boost::system::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

namespace {
std::string host_port(const tcp::acceptor& acceptor, std::uint16_t port) {
  auto addr = acceptor.local_endpoint().address();
  std::string host = addr.is_v6() ? "[" + addr.to_string() + "]" : addr.to_string();
  return host + ":" + std::to_string(port);
}
}  // namespace

std::string SimServer::url() const {
  return "ws://" + host_port(impl_->acceptor, port()) + kLivePath;
}

std::string SimServer::rest_base_url() const {
  return "http://" + host_port(impl_->acceptor, port()) + "/v1beta";
}

SimCounters SimServer::counters() const {
  return impl_->shared->counters.snapshot();
}

}  // namespace va::sim
