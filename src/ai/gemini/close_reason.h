// Close code + reason -> what the client does (ai-live-protocols.md A12 handling policy).
#pragma once

#include <string_view>

#include "ai/errc.h"

namespace va::ai::gemini {

enum class CloseAction {
  Resume,  // planned end (1000/1001, 1011 "Deadline expired") or transient (1011 other, 1006,
           // 1008 "Requested entity was not found." after setupComplete)
  Fail,    // fatal: report `error` and stop
};

struct CloseVerdict {
  CloseAction action;
  Errc error;  // what to report if we fail (or cannot resume)
};

// Whether the connection had its setupComplete when it closed: the same text can mean a bad
// configuration before it and a passing failure after it.
enum class ClosePhase {
  BeforeSetupComplete,
  AfterSetupComplete,
};

CloseVerdict classify_close(int code, std::string_view reason, ClosePhase phase);

}  // namespace va::ai::gemini
