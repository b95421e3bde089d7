// Fuzz target: POST/PATCH /api/webhooks bodies and the URL rule on the same bytes; neither may
// crash or throw, and an accepted webhook satisfies what the dispatcher relies on: a URL that
// parses again, 1..3 distinct known events, a secret of 16..256 printable characters.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "api/webhook_body.h"
#include "api/webhook_dispatcher.h"
#include "api/webhook_url.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)va::api::parse_webhook_url(text);
  va::crm::Webhook base;
  base.url = "https://example.com/hook";
  base.secret = "0123456789abcdef";
  base.events = {"call.ended"};
  for (bool create : {true, false}) {
    auto w = va::api::parse_webhook(text, base, create);
    if (!w) {
      if (w.error().status != 400 || w.error().message.empty()) std::abort();
      continue;
    }
    if (!va::api::parse_webhook_url(w->url)) std::abort();
    const auto& known = va::api::webhook_event_names();
    if (w->events.empty() || w->events.size() > known.size()) std::abort();
    for (const auto& e : w->events) {
      if (std::find(known.begin(), known.end(), e) == known.end()) std::abort();
      if (std::count(w->events.begin(), w->events.end(), e) != 1) std::abort();
    }
    if (w->secret.size() < 16 || w->secret.size() > 256) std::abort();
  }
  return 0;
}
