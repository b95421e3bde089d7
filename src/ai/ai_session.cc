// AiSession::create: the Gemini Live client (the simulator speaks the same protocol).
#include "ai/ai_session.h"

#include "ai/gemini/gemini_live_session.h"

namespace va::ai {

std::unique_ptr<AiSession> AiSession::create(boost::asio::any_io_executor executor,
                                             AiSessionConfig config, AiEvents events) {
  return std::make_unique<gemini::GeminiLiveSession>(executor, std::move(config),
                                                     std::move(events));
}

}  // namespace va::ai
