// SimServer: loopback acceptor handing each connection to a SimSession.
#include "ai/sim/sim_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <stdexcept>

#include "ai/gemini/ws_url.h"
#include "ai/sim/sim_session.h"

namespace va::ai::sim {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

std::string SimShared::new_handle(const std::shared_ptr<Conversation>& conv) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string h = "sim-" + std::to_string(conv->id) + "-";
  auto r = rng();
  for (int i = 0; i < 16; ++i, r >>= 4)
    h.push_back(kHex[r & 15]);
  // Handles stay valid while the simulator runs (the service keeps them 2 h, A10); bound the table.
  if (handles.size() > 200000) handles.erase(handles.begin());
  handles[h] = conv;
  return h;
}

struct SimServer::Impl : std::enable_shared_from_this<SimServer::Impl> {
  Impl(asio::any_io_executor ex, SimConfig config)
      : acceptor(ex), shared(std::make_shared<SimShared>(std::move(config))) {}

  void accept() {
    acceptor.async_accept(
        [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
          if (ec == asio::error::operation_aborted || !self->acceptor.is_open()) return;
          if (!ec) start_sim_session(std::move(socket), self->shared);
          self->accept();  // EMFILE and friends: keep accepting the next one
        });
  }

  tcp::acceptor acceptor;
  std::shared_ptr<SimShared> shared;
};

SimServer::SimServer(asio::any_io_executor executor, SimConfig config)
    : impl_(std::make_shared<Impl>(executor, std::move(config))) {
  const auto& c = impl_->shared->config;
  if (!gemini::is_loopback_host(c.listen_host)) {
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
  impl_->shared->stopping = true;
  auto sessions = impl_->shared->sessions;
  for (auto& [id, weak] : sessions) {
    if (auto s = weak.lock()) s->shutdown();
  }
}

std::uint16_t SimServer::port() const {
  boost::system::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

std::string SimServer::url() const {
  auto addr = impl_->acceptor.local_endpoint().address();
  std::string host = addr.is_v6() ? "[" + addr.to_string() + "]" : addr.to_string();
  return "ws://" + host + ":" + std::to_string(port()) + kLivePath;
}

const SimCounters& SimServer::counters() const {
  return impl_->shared->counters;
}

}  // namespace va::ai::sim
