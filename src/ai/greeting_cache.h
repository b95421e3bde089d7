// GreetingCache: the call's first words, rendered before the call and held as 8 kHz PCM16
// frames of 20 ms so the first RTP packet can leave on answer (DESIGN.md audio path).
// Renderers: Gemini TTS (ai-live-protocols.md B) with the call owner's key when a TTS URL and a
// key are given, else espeak-ng offline (WAV on stdout); a failed TTS render is logged and falls
// back to espeak-ng. Either is resampled to 8 kHz. The cache key is who renders it (the API
// key's fingerprint, or "espeak" when no key is used), the TTS model, and the text, voice and
// language: a rendering made (and paid for) under one key is never played in a call on
// another key, which would tie one tenant's calls to another's key and skew per-key usage.
// Shared by all shards (one per process): a small locked class; rendering runs outside the lock
// and never on a call's hot path (call get() from a setup or worker thread: it blocks).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "ai/gemini/tts_client.h"
#include "core/mutex.h"
#include "core/result.h"
#include "media/audio_frame.h"

namespace va::ai {

enum class GreetingRenderer { Espeak, GeminiTts };

struct Greeting {
  static constexpr int kRate = 8000;
  static constexpr std::size_t kFrameSamples = 160;             // 20 ms at 8 kHz
  std::vector<std::array<std::int16_t, kFrameSamples>> frames;  // last frame zero-padded
  GreetingRenderer renderer = GreetingRenderer::Espeak;         // who rendered it
};

// Gemini TTS for greetings. Empty base_url: offline only (espeak-ng).
struct GreetingTtsConfig {
  std::string base_url;  // e.g. gemini::kTtsBaseUrl, or the simulator's rest_base_url()
  std::string model = gemini::kTtsModel;
  std::string default_key;  // used by get(key) without an explicit API key; may be empty
  std::chrono::milliseconds timeout{20000};
  std::string ca_file;  // ai.tls_ca_file: extra trust anchors (PEM) for https://; "" = none
};

// What the greeting says and in which voice.
struct GreetingKey {
  std::string text;
  std::string voice;     // Gemini voice name of the agent (part of the key)
  std::string language;  // BCP-47, e.g. en-US; chooses the espeak-ng voice
  auto operator<=>(const GreetingKey&) const = default;
};

// What a rendering is cached under: what it says, and who renders it.
struct GreetingCacheKey {
  static constexpr const char* kNoKey = "espeak";  // `source` of renders under no API key
  std::string source;  // the fingerprint of the API key it is rendered under, or kNoKey
  std::string model;   // the TTS model when a TTS URL is configured ("" = espeak-ng only)
  GreetingKey what;
  auto operator<=>(const GreetingCacheKey&) const = default;
};

// Runs `espeak_path -v <voice> --stdout <text>` and returns its WAV output as PCM.
// The text is passed as one argv entry (no shell). Errc::ProtocolError if it fails.
core::Result<media::AudioFrame> render_with_espeak(const std::string& espeak_path,
                                                   const std::string& espeak_voice,
                                                   const std::string& text);
// espeak-ng voice for a BCP-47 tag: "en-US" -> "en-us", "" -> "en".
std::string espeak_voice_for(const std::string& language);
// 20 ms frames at 8 kHz from PCM at any rate.
Greeting frame_greeting(const media::AudioFrame& pcm);

// Bounded: greetings are per agent, but a caller-personalised greeting ("Hello Ada, ...") is
// one entry per lead, so the least recently used entries go beyond kMaxEntries (~60 KB each).
class GreetingCache {
 public:
  static constexpr std::size_t kMaxEntries = 512;

  explicit GreetingCache(std::string espeak_path = "espeak-ng") : espeak_(std::move(espeak_path)) {}
  GreetingCache(std::string espeak_path, GreetingTtsConfig tts)
      : espeak_(std::move(espeak_path)), tts_(std::move(tts)) {}

  // Cached greeting, rendering it first if needed. Concurrent callers of the same key may both
  // render; the first result stored wins. Renders with Gemini TTS under the configured default
  // key when there is one.
  core::Result<std::shared_ptr<const Greeting>> get(const GreetingKey& key);
  // The same, rendered with Gemini TTS under `api_key` (the call owner's; empty = espeak-ng)
  // and cached for that key only: another key's call renders its own.
  core::Result<std::shared_ptr<const Greeting>> get(const GreetingKey& key,
                                                    const std::string& api_key);
  // Cached only; nullptr if not rendered yet under `api_key` ("" = no key).
  std::shared_ptr<const Greeting> find(const GreetingKey& key, const std::string& api_key) const;
  // The entry get(key, api_key) reads and fills.
  GreetingCacheKey cache_key(const GreetingKey& key, const std::string& api_key) const;
  std::size_t size() const;
  void set_max_entries(std::size_t n);  // default kMaxEntries; at least 1
  std::uint64_t renders() const;
  std::uint64_t tts_failures() const;  // TTS renders that fell back to espeak-ng

 private:
  core::Result<Greeting> render(const GreetingKey& key, const std::string& api_key);

  std::string espeak_;
  GreetingTtsConfig tts_;
  mutable core::Mutex mutex_;
  struct Entry {
    std::shared_ptr<const Greeting> greeting;
    mutable std::uint64_t last_used = 0;  // LRU stamp, also set by the const find()
  };
  void evict_one_locked() REQUIRES(mutex_);

  std::shared_ptr<const Greeting> find_locked(const GreetingCacheKey& key) const REQUIRES(mutex_);

  std::map<GreetingCacheKey, Entry> cache_ GUARDED_BY(mutex_);
  mutable std::uint64_t use_clock_ GUARDED_BY(mutex_) = 0;
  std::size_t max_entries_ GUARDED_BY(mutex_) = kMaxEntries;
  std::uint64_t renders_ GUARDED_BY(mutex_) = 0;
  std::uint64_t tts_failures_ GUARDED_BY(mutex_) = 0;
};

}  // namespace va::ai
