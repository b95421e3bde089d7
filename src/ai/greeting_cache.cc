// GreetingCache: Gemini TTS (REST) or espeak-ng via posix_spawn (stdout pipe), WAV parse,
// resample to 8 kHz, frame.
#include "ai/greeting_cache.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>

#include "ai/errc.h"
#include "core/key_fingerprint.h"
#include "core/logging.h"
#include "core/mutex.h"
#include "media/resampler.h"
#include "media/wav.h"

extern char** environ;

namespace va::ai {

std::string espeak_voice_for(const std::string& language) {
  if (language.empty()) return "en";
  std::string v;
  for (char c : language)
    v.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return v;
}

core::Result<media::AudioFrame> render_with_espeak(const std::string& espeak_path,
                                                   const std::string& espeak_voice,
                                                   const std::string& text) {
  int fds[2];
  if (pipe(fds) != 0) return make_error_code(Errc::ProtocolError);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::string voice_flag = espeak_voice;
  std::vector<char*> argv{const_cast<char*>(espeak_path.c_str()),
                          const_cast<char*>("-v"),
                          voice_flag.data(),
                          const_cast<char*>("--stdout"),
                          const_cast<char*>("--"),
                          const_cast<char*>(text.c_str()),
                          nullptr};
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, espeak_path.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    return make_error_code(Errc::ProtocolError);
  }
  std::vector<std::uint8_t> wav;
  std::uint8_t buf[65536];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) != 0;) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    wav.insert(wav.end(), buf, buf + n);
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return make_error_code(Errc::ProtocolError);
  return media::parse_wav(wav);
}

Greeting frame_greeting(const media::AudioFrame& pcm) {
  auto samples = media::Resampler::convert(pcm.samples, pcm.sample_rate, Greeting::kRate);
  Greeting g;  // resize value-initialises: the last frame is zero-padded
  g.frames.resize((samples.size() + Greeting::kFrameSamples - 1) / Greeting::kFrameSamples);
  for (std::size_t i = 0; i < samples.size(); ++i) {
    g.frames[i / Greeting::kFrameSamples][i % Greeting::kFrameSamples] = samples[i];
  }
  return g;
}

core::Result<Greeting> GreetingCache::render(const GreetingKey& key, const std::string& api_key) {
  if (!tts_.base_url.empty() && !api_key.empty()) {
    gemini::TtsConfig config{tts_.base_url, tts_.model, api_key, tts_.timeout, tts_.ca_file};
    gemini::RestError failure;
    auto pcm = gemini::synthesize_speech(config, key.text, key.voice, &failure);
    if (pcm) {
      Greeting g = frame_greeting(*pcm);
      g.renderer = GreetingRenderer::GeminiTts;
      return g;
    }
    spdlog::warn("greeting: Gemini TTS failed ({}: {}; HTTP {}; key={} model={}), using espeak-ng",
                 failure.code.message(), failure.message, failure.http_status,
                 core::key_fingerprint(api_key), tts_.model);
    core::MutexLock lock(mutex_);
    ++tts_failures_;
  }
  auto pcm = render_with_espeak(espeak_, espeak_voice_for(key.language), key.text);
  if (!pcm) return pcm.error();
  return frame_greeting(*pcm);
}

core::Result<std::shared_ptr<const Greeting>> GreetingCache::get(const GreetingKey& key) {
  return get(key, tts_.default_key);
}

GreetingCacheKey GreetingCache::cache_key(const GreetingKey& key,
                                          const std::string& api_key) const {
  // No key: espeak-ng, the same audio for everyone. A key: its own entry even when TTS is
  // off (then espeak-ng too), so no rule here depends on what the renderer happens to be.
  if (api_key.empty()) return {GreetingCacheKey::kNoKey, "", key};
  return {core::key_fingerprint(api_key), tts_.base_url.empty() ? "" : tts_.model, key};
}

core::Result<std::shared_ptr<const Greeting>> GreetingCache::get(const GreetingKey& key,
                                                                 const std::string& api_key) {
  const auto entry = cache_key(key, api_key);
  {
    core::MutexLock lock(mutex_);
    if (auto hit = find_locked(entry)) return hit;
  }
  auto rendered = render(key, api_key);
  if (!rendered) return rendered.error();
  auto greeting = std::make_shared<const Greeting>(std::move(*rendered));
  core::MutexLock lock(mutex_);
  ++renders_;
  if (auto it = cache_.find(entry); it != cache_.end()) return it->second.greeting;
  while (cache_.size() >= max_entries_)
    evict_one_locked();
  cache_.emplace(entry, Entry{greeting, ++use_clock_});
  return greeting;
}

void GreetingCache::evict_one_locked() {
  // A linear scan of at most kMaxEntries, only when a new greeting is rendered (milliseconds
  // of espeak-ng or TTS already): simpler than an LRU list and cheap enough.
  auto oldest = cache_.begin();
  for (auto it = cache_.begin(); it != cache_.end(); ++it)
    if (it->second.last_used < oldest->second.last_used) oldest = it;
  if (oldest != cache_.end()) cache_.erase(oldest);
}

std::shared_ptr<const Greeting> GreetingCache::find(const GreetingKey& key,
                                                    const std::string& api_key) const {
  const auto entry = cache_key(key, api_key);
  core::MutexLock lock(mutex_);
  return find_locked(entry);
}

std::shared_ptr<const Greeting> GreetingCache::find_locked(const GreetingCacheKey& key) const {
  auto it = cache_.find(key);
  if (it == cache_.end()) return nullptr;
  it->second.last_used = ++use_clock_;
  return it->second.greeting;
}

void GreetingCache::set_max_entries(std::size_t n) {
  core::MutexLock lock(mutex_);
  max_entries_ = std::max<std::size_t>(n, 1);
}

std::size_t GreetingCache::size() const {
  core::MutexLock lock(mutex_);
  return cache_.size();
}

std::uint64_t GreetingCache::renders() const {
  core::MutexLock lock(mutex_);
  return renders_;
}

std::uint64_t GreetingCache::tts_failures() const {
  core::MutexLock lock(mutex_);
  return tts_failures_;
}

}  // namespace va::ai
