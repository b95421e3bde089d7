// AiSession::create: the client of config.provider (the simulator speaks both protocols).
#include "ai/ai_session.h"

#include "ai/gemini/gemini_live_session.h"
#include "ai/openai/realtime_session.h"

namespace va::ai {

std::unique_ptr<AiSession> AiSession::create(boost::asio::any_io_executor executor,
                                             AiSessionConfig config, AiEvents events) {
  if (config.provider == "openai") {
    return std::make_unique<openai::OpenAiRealtimeSession>(executor, std::move(config),
                                                           std::move(events));
  }
  if (config.provider != "gemini") config.url = "unknown-provider:" + config.provider;
  return std::make_unique<gemini::GeminiLiveSession>(executor, std::move(config),
                                                     std::move(events));
}

}  // namespace va::ai
