// ApiRuntime: construction order = dependency order; stop() reverses it.
#include "app/api_runtime.h"

#include <spdlog/spdlog.h>

#include <iostream>
#include <stdexcept>

#include "api/event_hub.h"
#include "api/http_server.h"
#include "api/rest_api.h"
#include "api/static_files.h"
#include "app/crm_context.h"
#include "crm/db_pool.h"

namespace va::app {
namespace {
std::vector<std::string> line_names(const core::Config& config) {
  std::vector<std::string> out;
  for (const auto& l : config.sip.trunk.lines)
    out.push_back(l.name);
  return out;
}
}  // namespace

struct ApiRuntime::Impl {
  CrmContext crm;
  crm::Auth auth;
  api::Metrics metrics;
  api::RestApi rest;
  crm::DbPool db{4};
  api::StaticFiles web;
  api::HttpServer server;
  // Declared after the server: destroyed first, after the server stopped delivering to it.
  api::EventHub events;
  std::uint16_t port = 0;

  Impl(const core::Config& config, api::CallControl* calls)
      : crm(config, 4),
        auth(*crm.store, core::Clock::steady(), crm::PasswordCost::interactive()),
        rest(api::ApiDeps{*crm.store, auth, *crm.accounts, *crm.keys, calls, metrics,
                          line_names(config)}),
        web(api::resolve_web_root(config.http.web_root)),
        server([this](const api::HttpRequest& r) { return rest.handle(r); }, db),
        events(server.executor()) {
    rest.set_static_files(&web);
    server.enable_events(events,
                         [this](const api::HttpRequest& r) { return rest.event_viewer(r); });
  }
};

ApiRuntime::ApiRuntime(const core::Config& config, api::CallControl* calls)
    : impl_(std::make_unique<Impl>(config, calls)) {
  auto created = impl_->crm.accounts->bootstrap_superadmin(config.superadmin_password);
  if (!created) throw std::runtime_error("creating superadmin: " + created.error().message());
  if (*created && !(*created)->empty()) {
    // Printed once, on stdout only: the log never carries it.
    std::cout << "voiceagent: created user superadmin with password " << **created << "\n"
              << std::flush;
  }
  auto port = impl_->server.start(config.http.listen);
  if (!port) throw std::runtime_error("http: cannot listen on " + config.http.listen);
  impl_->port = *port;
}

ApiRuntime::~ApiRuntime() {
  stop();
}

std::uint16_t ApiRuntime::http_port() const {
  return impl_->port;
}
crm::Store& ApiRuntime::store() {
  return *impl_->crm.store;
}
crm::KeyPool& ApiRuntime::keys() {
  return *impl_->crm.keys;
}

void ApiRuntime::set_sip_status(std::function<boost::json::object()> provider) {
  impl_->rest.set_sip_status(std::move(provider));
}

api::EventHub& ApiRuntime::events() {
  return impl_->events;
}

boost::asio::any_io_executor ApiRuntime::db_executor() {
  return impl_->db.executor();
}

void ApiRuntime::stop() {
  impl_->server.stop();
  impl_->db.stop();
}

}  // namespace va::app
