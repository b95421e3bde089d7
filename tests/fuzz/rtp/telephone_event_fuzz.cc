// Fuzz target: RFC 4733 telephone-event payloads fed as a stream of (timestamp, payload) records
// through the parser and receiver; Begin/End must pair up and write() must round-trip.
#include <cstdint>
#include <cstdlib>

#include "rtp/telephone_event.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace va::rtp;
  TelephoneEventReceiver rx;
  int open = 0;
  // Each record: 1 byte timestamp selector + 4 bytes payload.
  for (std::size_t pos = 0; pos + 5 <= size; pos += 5) {
    auto p = TelephoneEventPayload::parse({data + pos + 1, 4});
    if (!p) std::abort();
    std::uint8_t back[4];
    p->write(back);
    auto again = TelephoneEventPayload::parse(back);
    if (!again || again->event != p->event || again->end != p->end ||
        again->duration != p->duration || again->volume != p->volume)
      std::abort();
    const auto notices = rx.on_packet(data[pos] * 160u, *p);
    for (std::size_t i = 0; i < notices.count; ++i) {
      open += notices.items[i].kind == TelephoneEventNotice::Kind::Begin ? 1 : -1;
      if (open < 0 || open > 1) std::abort();
    }
  }
  (void)TelephoneEventPayload::parse({data, size});
  return 0;
}
