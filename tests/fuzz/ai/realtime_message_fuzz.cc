// Fuzz target: OpenAI Realtime server events from the network (ai-live-protocols.md C6): the
// parser never crashes or throws, returns only MalformedJson or ProtocolError on failure, and
// an audio delta it accepts re-encodes to the same samples.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ai/base64.h"
#include "ai/errc.h"
#include "ai/openai/realtime_message.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using va::ai::openai::RealtimeEvent;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto ev = va::ai::openai::parse_realtime_event(text);
  if (!ev) {
    const auto e = va::ai::Errc(ev.error().value());
    if (e != va::ai::Errc::MalformedJson && e != va::ai::Errc::ProtocolError) __builtin_trap();
    return 0;
  }
  if (ev->type.empty()) __builtin_trap();
  if (ev->kind == RealtimeEvent::Kind::AudioDelta) {
    std::string b64;
    va::ai::base64_encode({reinterpret_cast<const std::uint8_t*>(ev->audio.samples.data()),
                           ev->audio.samples.size() * 2},
                          b64);
    auto back = va::ai::openai::parse_realtime_event(
        R"({"type":"response.output_audio.delta","delta":")" + b64 + "\"}");
    if (!back || back->audio.samples != ev->audio.samples) __builtin_trap();
  }
  return 0;
}
