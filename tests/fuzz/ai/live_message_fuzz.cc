// Fuzz target: Gemini Live JSON from the network, both directions (A2, A6; D1.3, D1.7).
// The client's server-message parser and the simulator's client-message parser must never crash
// or throw; every accessor is read; parsed audio is re-encoded and must parse back the same; the
// simulator's hot-path audio parser must agree with its full parser.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ai/gemini/client_message.h"
#include "ai/gemini/server_message.h"
#include "sim/client_message_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto m = va::ai::gemini::parse_server_message(text)) {
    std::size_t sink = m->tool_calls.size() + m->tool_cancellations.size() +
                       m->unknown_fields.size() + (m->setup_complete ? 1 : 0);
    if (m->content) {
      for (const auto& chunk : m->content->audio) {
        // Differential check: our encoder -> the simulator's parser gives the same samples.
        std::string json;
        va::ai::gemini::build_realtime_audio(chunk.samples, chunk.sample_rate, json);
        auto back = va::sim::parse_client_message(json);
        if (!back || back->samples != chunk.samples || back->rate != chunk.sample_rate) {
          __builtin_trap();
        }
      }
      sink += m->content->text.size() + (m->content->turn_complete ? 1 : 0);
    }
    if (m->go_away) sink += static_cast<std::size_t>(m->go_away->count());
    if (m->usage) sink += static_cast<std::size_t>(m->usage->total_tokens);
    (void)sink;
  }
  auto full = va::sim::parse_client_message(text);
  if (full) {
    (void)full->reject_reason.size();
    (void)full->setup.model.size();
  }
  // Differential: whatever the simulator's hot-path audio parser accepts, the full parser
  // accepts as the same audio.
  std::vector<std::uint8_t> bytes;
  if (auto rate = va::sim::parse_compact_audio(text, bytes)) {
    if (!full || !full->reject_reason.empty() || full->kind != va::sim::ClientKind::Audio ||
        full->rate != *rate || full->samples.size() != bytes.size() / 2) {
      __builtin_trap();
    }
    for (std::size_t i = 0; i < full->samples.size(); ++i) {
      if (full->samples[i] != static_cast<std::int16_t>(bytes[2 * i] | (bytes[2 * i + 1] << 8))) {
        __builtin_trap();
      }
    }
  }
  return 0;
}
