// Close classification by code first, then by the observed reason texts of A12.
#include "ai/gemini/close_reason.h"

namespace va::ai::gemini {
namespace {
bool has(std::string_view s, std::string_view part) {
  return s.find(part) != s.npos;
}
}  // namespace

CloseVerdict classify_close(int code, std::string_view reason, ClosePhase phase) {
  switch (code) {
    case 1007:
      if (has(reason, "API key")) return {CloseAction::Fail, Errc::BadKey};
      if (has(reason, "speaker voice")) return {CloseAction::Fail, Errc::BadVoice};
      return {CloseAction::Fail, Errc::InvalidArgument};
    case 1008:
      if (has(reason, "session not found")) return {CloseAction::Fail, Errc::ResumeRejected};
      if (has(reason, "Deadline expired")) return {CloseAction::Resume, Errc::ServerGone};
      // Seen right after a toolResponse in a live session (A9, A12): the model was there a
      // moment ago, so it is a passing failure to resume from, not a missing model.
      if (phase == ClosePhase::AfterSetupComplete &&
          has(reason, "Requested entity was not found")) {
        return {CloseAction::Resume, Errc::ServerGone};
      }
      if (has(reason, "not found") || has(reason, "not supported")) {
        return {CloseAction::Fail, Errc::BadModel};
      }
      return {CloseAction::Fail, Errc::Aborted};
    case 1011:
      if (has(reason, "quota") || has(reason, "RESOURCE_EXHAUSTED")) {
        return {CloseAction::Fail, Errc::Quota};
      }
      return {CloseAction::Resume, Errc::ServerGone};
    case 1009:
      return {CloseAction::Fail, Errc::MessageTooLarge};
    default:
      return {CloseAction::Resume, Errc::ServerGone};  // 1000, 1001, 1006, others
  }
}

}  // namespace va::ai::gemini
