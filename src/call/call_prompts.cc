// The call layer's own prompts (call_prompts.h).
#include "call/call_prompts.h"

#include <boost/asio/post.hpp>

namespace va::call {

CallPrompts render_call_prompts(ai::GreetingCache& greetings, const std::string& voice,
                                const std::string& language) {
  auto render = [&](const char* text) -> std::shared_ptr<const ai::Greeting> {
    auto g = greetings.get({text, voice, language});
    return g ? *g : nullptr;
  };
  CallPrompts p;
  p.apology = render("I am sorry, we have a technical problem. We will call you back. Goodbye.");
  // Transfer prompts (call_transfer.cc): the caller never waits in silence.
  p.transfer_hold = render("Please hold, I am transferring you.");
  p.transfer_apology = render("I am sorry, the transfer did not work.");
  return p;
}

void render_prompt_on(boost::asio::any_io_executor executor, ai::GreetingCache& greetings,
                      ai::GreetingKey key, std::shared_ptr<const void> keep,
                      std::function<void(std::shared_ptr<const ai::Greeting>)> done) {
  boost::asio::post(
      executor, [&greetings, key = std::move(key), keep = std::move(keep), done = std::move(done)] {
        auto g = greetings.get(key);
        done(g ? *g : nullptr);
      });
}

}  // namespace va::call
