// va_web_test_server: the REST API, the web UI's static files and /api/events wired the way
// app/api_runtime.cc should wire them, for the browser tests. Config comes from the same
// VOICEAGENT_* variables as `voiceagent serve`. With --fake-calls, POST /api/calls plays a
// scripted call (FakeCallControl) so the live view can be tested before the call layer
// exists; without it, POST /api/calls answers 503 as the real server does today.
// Prints "web-test-server listening on <port>" once ready; stops on SIGINT/SIGTERM.
#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstring>
#include <iostream>

#include "api/event_hub.h"
#include "api/http_server.h"
#include "api/rest_api.h"
#include "api/static_files.h"
#include "api/webhook_dispatcher.h"
#include "app/crm_context.h"
#include "core/config.h"
#include "crm/auth.h"
#include "crm/db_pool.h"
#include "fake_call_control.h"

using namespace va;

int main(int argc, char** argv) {
  bool fake_calls = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--fake-calls") == 0) fake_calls = true;
  }
  try {
    const auto config = core::load_config("");
    spdlog::set_level(spdlog::level::warn);
    app::CrmContext crm(config, 4);
    auto created = crm.accounts->bootstrap_superadmin(config.superadmin_password);
    if (!created) throw std::runtime_error("superadmin: " + created.error().message());
    crm::Auth auth(*crm.store, core::Clock::steady(), crm::PasswordCost::minimum());
    api::Metrics metrics;
    crm::DbPool db(4);
    std::unique_ptr<api::RestApi> rest;
    api::HttpServer server([&rest](const api::HttpRequest& r) { return rest->handle(r); }, db);
    api::EventHub hub(server.executor());
    std::unique_ptr<testing::FakeCallControl> calls;
    if (fake_calls) calls = std::make_unique<testing::FakeCallControl>(*crm.store, hub);
    rest = std::make_unique<api::RestApi>(
        api::ApiDeps{*crm.store, auth, *crm.accounts, *crm.keys, calls.get(), metrics});
    api::StaticFiles web(api::resolve_web_root(config.http.web_root));
    rest->set_static_files(&web);
    server.enable_events(hub, [&rest](const api::HttpRequest& r) { return rest->event_viewer(r); });
    auth.set_session_end_listener([&hub](const crm::SessionEnd& e) { hub.end_sessions(e); });
    api::WebhookSettings hook_settings;
    hook_settings.first_retry = std::chrono::seconds(config.webhooks.first_retry_s);
    hook_settings.max_retry = std::chrono::seconds(config.webhooks.max_retry_s);
    api::WebhookDispatcher webhooks(*crm.store, hook_settings);
    hub.set_taps([&webhooks](const call::CallEvent& e) { webhooks.on_call_event(e); },
                 [&webhooks](const dialer::CampaignEvent& e) { webhooks.on_campaign_event(e); });
    rest->set_webhook_wake([&webhooks] { webhooks.wake(); });
    webhooks.start();
    auto port = server.start(config.http.listen);
    if (!port) throw std::runtime_error("cannot listen on " + config.http.listen);
    std::cout << "web-test-server listening on " << *port << " web_root " << web.root().string()
              << (fake_calls ? " (fake calls)" : "") << std::endl;

    boost::asio::io_context control;
    boost::asio::signal_set signals(control, SIGINT, SIGTERM);
    signals.async_wait([](const boost::system::error_code&, int) {});
    control.run();
    server.stop();
    db.stop();
    calls.reset();
    hub.set_taps({}, {});
    webhooks.stop();
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "web-test-server: " << e.what() << "\n";
    return 1;
  }
}
