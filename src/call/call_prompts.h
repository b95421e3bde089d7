// The call layer's own spoken prompts, rendered like greetings (ai/greeting_cache.h) and never
// on a shard: the fixed ones once at start (the AI-failure apology, a transfer's "please hold"
// and its apology), and a call's own on demand (a warm transfer's briefing).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <functional>
#include <memory>
#include <string>

#include "ai/greeting_cache.h"

namespace va::call {

struct CallPrompts {
  std::shared_ptr<const ai::Greeting> apology;  // the AI failed and cannot be resumed
  std::shared_ptr<const ai::Greeting> transfer_hold;
  std::shared_ptr<const ai::Greeting> transfer_apology;
};

// Blocking (TTS or espeak-ng): from a setup thread. A prompt that fails to render is null.
CallPrompts render_call_prompts(ai::GreetingCache& greetings, const std::string& voice,
                                const std::string& language);

// Renders `key` on `executor` (a worker pool, never a shard), then runs `done` there with the
// rendering (null when it failed). `keep` is held until then (the cache's owner).
void render_prompt_on(boost::asio::any_io_executor executor, ai::GreetingCache& greetings,
                      ai::GreetingKey key, std::shared_ptr<const void> keep,
                      std::function<void(std::shared_ptr<const ai::Greeting>)> done);

}  // namespace va::call
