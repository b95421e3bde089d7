// Call and the warm transfer (issue 15): never by REFER. The person is dialled on a bridge leg
// (call_bridge.cc) while the caller hears the hold message; the briefing (warm_briefing.h:
// the reason, who calls, the caller's last words) is composed at once and rendered off the
// shard (CallEnv::render_prompt) while the person's phone rings. When they answer they hear
// the briefing first (transfer status `briefing`; what they say meanwhile does not reach the
// caller), then the two legs are joined (status `done`). A briefing not rendered within
// kBriefingRenderWait of the answer is skipped (logged): the person is connected without
// it. Busy, declined, no answer or a hang-up during the briefing -> the caller hears the
// apology and goes on with the AI (transfer_failed).
#include <fmt/format.h>

#include <boost/asio/post.hpp>

#include "call/bridge_leg.h"
#include "call/call.h"
#include "call/call_media.h"
#include "call/warm_briefing.h"

namespace va::call {
namespace {

constexpr auto kBriefingRenderWait = std::chrono::seconds(5);
// Beyond the briefing's own length: a stalled playout does not keep the caller waiting.
constexpr auto kBriefingPlayoutSlack = std::chrono::seconds(3);
constexpr auto kBriefingPoll = std::chrono::milliseconds(100);

}  // namespace

void Call::start_warm_transfer() {
  BriefingFacts facts;
  facts.reason = transfer_.reason;
  facts.caller = incoming_ ? plan_.record.from : plan_.record.to;
  facts.recent.assign(recent_lines_.begin(), recent_lines_.end());
  transfer_.briefing_text = compose_briefing(facts);
  add_transcript_line("system", std::string(kBriefingLinePrefix) + transfer_.briefing_text);
  if (env_.render_prompt) {
    env_.render_prompt(transfer_.briefing_text,
                       [weak = weak_from_this(), generation = transfer_generation_,
                        shard = &env_.shard](std::shared_ptr<const ai::Greeting> briefing) {
                         // On the renderer's thread: back to the call's shard.
                         boost::asio::post(shard->context(),
                                           [weak, generation, briefing = std::move(briefing)] {
                                             if (auto self = weak.lock())
                                               self->on_briefing_rendered(generation, briefing);
                                           });
                       });
  } else {
    transfer_.briefing_rendered = true;  // nothing renders: connected without a briefing
  }
  start_bridge("warm transfer");
}

void Call::on_briefing_rendered(std::uint64_t generation,
                                std::shared_ptr<const ai::Greeting> briefing) {
  if (generation != transfer_generation_ || !transfer_.running()) return;
  transfer_.briefing_rendered = true;
  transfer_.briefing = std::move(briefing);
  if (!transfer_.briefing) VA_LOG(log_, warn, "warm transfer: the briefing could not be rendered");
}

void Call::brief_person() {
  transfer_.briefing_deadline = std::chrono::steady_clock::now() + kBriefingRenderWait;
  poll_briefing();
}

// Every kBriefingPoll while the status is `briefing`: first the rendering (if it is still
// under way), then the briefing's playout to the person, then the join.
void Call::poll_briefing() {
  if (!transfer_.running() || transfer_.status != "briefing" || ending_ || !bridge_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!transfer_.briefing_played) {
    if (transfer_.briefing_rendered || now >= transfer_.briefing_deadline) {
      transfer_.briefing_played = true;
      const auto& b = transfer_.briefing;
      const auto length = std::chrono::milliseconds(b ? b->frames.size() * 20 : 0);
      if (b) bridge_->play_prompt(b);
      VA_LOG(log_, info, "warm transfer: briefing {} ({} ms) to {}",
             b ? "played" : "skipped (not rendered)", length.count(), transfer_.to);
      transfer_.briefing_deadline = now + length + kBriefingPlayoutSlack;
    }
  } else if (bridge_->queued_frames() == 0 || now >= transfer_.briefing_deadline) {
    connect_bridge();
    return;
  }
  transfer_timer_.expires_after(kBriefingPoll);
  transfer_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    if (ec) return;
    if (auto self = weak.lock()) self->poll_briefing();
  });
}

}  // namespace va::call
