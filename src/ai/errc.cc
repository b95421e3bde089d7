// ai::Errc descriptions (ai-live-protocols.md A12 handling policy).
#include "ai/errc.h"

#include "core/result.h"

namespace va::ai {

const char* describe(Errc e) {
  switch (e) {
    case Errc::Ok:
      return "OK";
    case Errc::BadUrl:
      return "bad AI WebSocket URL";
    case Errc::InsecureUrl:
      return "ws:// (no TLS) is allowed only to a loopback host";
    case Errc::ConnectFailed:
      return "could not connect to the AI service";
    case Errc::UpgradeRejected:
      return "WebSocket upgrade rejected";
    case Errc::BadKey:
      return "API key rejected";
    case Errc::BadModel:
      return "model not found or not supported for Live";
    case Errc::BadVoice:
      return "voice not found";
    case Errc::InvalidArgument:
      return "setup or request rejected as invalid";
    case Errc::Quota:
      return "quota exceeded";
    case Errc::ServerGone:
      return "AI service closed the connection";
    case Errc::ResumeRejected:
      return "session resumption handle rejected";
    case Errc::SetupTimeout:
      return "no setupComplete before the setup timeout";
    case Errc::ProtocolError:
      return "message does not follow the Live protocol";
    case Errc::MalformedJson:
      return "message is not valid JSON";
    case Errc::MessageTooLarge:
      return "incoming message larger than the limit";
    case Errc::Aborted:
      return "operation aborted by the AI service";
  }
  return "AI error";
}

bool is_fatal(Errc e) {
  switch (e) {
    case Errc::BadUrl:
    case Errc::InsecureUrl:
    case Errc::BadKey:
    case Errc::BadModel:
    case Errc::BadVoice:
    case Errc::InvalidArgument:
    case Errc::Quota:
      return true;
    default:
      return false;
  }
}

VA_ERROR_CATEGORY(Errc, "ai", ai_category)

}  // namespace va::ai
