// SimConfig helpers: per-key tone frequency, FNV-1a, mode names, the prebuilt voice list (A4).
#include "sim/sim_config.h"

#include <algorithm>
#include <array>

namespace va::sim {

std::uint64_t fnv1a(const void* data, std::size_t size, std::uint64_t state) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < size; ++i) {
    state ^= p[i];
    state *= 1099511628211ull;
  }
  return state;
}

int tone_frequency_for_key(std::string_view key) {
  return 300 + 20 * static_cast<int>(fnv1a(key.data(), key.size()) % 80);
}

bool parse_reply_mode(std::string_view text, ReplyMode& out) {
  if (text == "tone")
    out = ReplyMode::Tone;
  else if (text == "echo")
    out = ReplyMode::Echo;
  else if (text == "scripted")
    out = ReplyMode::Scripted;
  else
    return false;
  return true;
}

const char* reply_mode_name(ReplyMode mode) {
  switch (mode) {
    case ReplyMode::Tone:
      return "tone";
    case ReplyMode::Echo:
      return "echo";
    case ReplyMode::Scripted:
      return "scripted";
  }
  return "?";
}

bool is_known_voice(std::string_view voice) {
  static constexpr std::array<std::string_view, 30> kVoices = {
      "Zephyr",    "Puck",          "Charon",       "Kore",      "Fenrir",     "Leda",
      "Orus",      "Aoede",         "Callirrhoe",   "Autonoe",   "Enceladus",  "Iapetus",
      "Umbriel",   "Algieba",       "Despina",      "Erinome",   "Algenib",    "Rasalgethi",
      "Laomedeia", "Achernar",      "Alnilam",      "Schedar",   "Gacrux",     "Pulcherrima",
      "Achird",    "Zubenelgenubi", "Vindemiatrix", "Sadachbia", "Sadaltager", "Sulafat"};
  for (auto v : kVoices) {
    if (v == voice) return true;
  }
  return false;
}

bool is_known_openai_voice(std::string_view voice) {
  static constexpr std::string_view kVoices[] = {"alloy", "ash",     "ballad", "coral", "echo",
                                                 "sage",  "shimmer", "verse",  "marin", "cedar"};
  return std::find(std::begin(kVoices), std::end(kVoices), voice) != std::end(kVoices);
}

}  // namespace va::sim
