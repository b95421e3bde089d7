// EmbeddedSimulator: one io_context thread; stop() closes every session before joining.
#include "app/embedded_simulator.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <optional>
#include <thread>

#include "sim/sim_server.h"

namespace va::app {

struct EmbeddedSimulator::Impl {
  boost::asio::io_context io{1};
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard{
      io.get_executor()};
  std::unique_ptr<sim::SimServer> server;
  std::thread thread;
  bool stopped = false;
};

namespace {

sim::SimConfig scripted_config() {
  sim::SimConfig config;
  config.mode = sim::ReplyMode::Scripted;
  config.script = {
      "Thank you. I am the built-in simulator: give voiceagent a Gemini API key "
      "for real conversations."};
  return config;
}

}  // namespace

EmbeddedSimulator::EmbeddedSimulator() : EmbeddedSimulator(scripted_config()) {}

EmbeddedSimulator::EmbeddedSimulator(sim::SimConfig config) : impl_(std::make_unique<Impl>()) {
  impl_->server = std::make_unique<sim::SimServer>(impl_->io.get_executor(), std::move(config));
  impl_->server->start();
  impl_->thread = std::thread([this] { impl_->io.run(); });
}

EmbeddedSimulator::~EmbeddedSimulator() {
  stop();
}

std::string EmbeddedSimulator::url() const {
  return impl_->server->url();
}

void EmbeddedSimulator::stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  std::promise<void> done;
  boost::asio::post(impl_->io, [&] {
    impl_->server->stop();
    done.set_value();
  });
  done.get_future().wait_for(std::chrono::seconds(5));
  impl_->guard.reset();
  impl_->io.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->server.reset();
}

}  // namespace va::app
