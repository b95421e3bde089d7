// Dialer: the engine on its own io_context and thread; a steady timer drives the ticks and
// call ends are posted here, so the engine never needs a lock. Handlers hold a plain Impl*:
// they run only inside io.run() on the dialer's thread, which stop() joins before the Impl
// (and the io_context with any handler still queued) is destroyed.
#include "dialer/dialer.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <set>
#include <thread>

#include "dialer/dialer_engine.h"

namespace va::dialer {

struct Dialer::Impl {
  Impl(DialerDeps deps, DialerConfig config)
      : engine(deps, config), tick_every(config.tick), timer(io) {
    for (const auto& l : config.lines)
      line_names.insert(l.name);
  }

  void schedule() {
    timer.expires_after(tick_every);
    timer.async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;
      run_tick();
      schedule();
    });
  }

  void run_tick() {
    if (draining.load()) return;
    try {
      engine.tick();
    } catch (const std::exception& e) {
      spdlog::error("dialer: tick failed: {}", e.what());
    }
  }

  DialerEngine engine;
  std::chrono::milliseconds tick_every;
  std::set<std::string> line_names;  // fixed after construction: read from any thread
  std::atomic<bool> draining{false};
  boost::asio::io_context io;
  boost::asio::steady_timer timer;
  std::thread thread;
};

Dialer::Dialer(DialerDeps deps, DialerConfig config)
    : impl_(std::make_unique<Impl>(deps, std::move(config))) {}

Dialer::~Dialer() {
  stop();
}

void Dialer::start() {
  if (impl_->thread.joinable()) return;
  boost::asio::post(impl_->io, [self = impl_.get()] {
    self->engine.recover();
    self->schedule();
  });
  impl_->thread = std::thread([self = impl_.get()] {
    auto guard = boost::asio::make_work_guard(self->io);
    self->io.run();
  });
  spdlog::info("dialer started ({} lines)", impl_->line_names.size());
}

void Dialer::stop() {
  if (!impl_->thread.joinable()) return;
  impl_->io.stop();
  impl_->thread.join();
}

void Dialer::poke() {
  boost::asio::post(impl_->io, [self = impl_.get()] { self->run_tick(); });
}

void Dialer::publish(const call::CallEvent& event) {
  if (event.type != call::CallEventType::Ended) return;
  boost::asio::post(impl_->io, [self = impl_.get(), id = event.call_id, reason = event.end_reason,
                                outcome = event.outcome] {
    try {
      self->engine.on_call_ended(id, reason, outcome);
    } catch (const std::exception& e) {
      spdlog::error("dialer: call {} end not recorded: {}", id, e.what());
    }
  });
}

void Dialer::set_draining(bool draining) {
  if (impl_->draining.exchange(draining) != draining)
    spdlog::info("dialer: {}", draining ? "draining: no new claims" : "claiming again");
}

void Dialer::recover_node(const std::string& node) {
  boost::asio::post(impl_->io, [self = impl_.get(), node] {
    try {
      self->engine.recover_node(node);
    } catch (const std::exception& e) {
      spdlog::error("dialer: leads of node {} not recovered: {}", node, e.what());
    }
  });
}

bool Dialer::line_known(const std::string& name) const {
  return impl_->line_names.count(name) > 0;
}

}  // namespace va::dialer
