// Close code + reason -> what the client does (ai-live-protocols.md A12 handling policy).
#pragma once

#include <string_view>

#include "ai/errc.h"

namespace va::ai::gemini {

enum class CloseAction {
  Resume,  // planned end (1000/1001, 1011 "Deadline expired") or transient (1011 other, 1006)
  Fail,    // fatal: report `error` and stop
};

struct CloseVerdict {
  CloseAction action;
  Errc error;  // what to report if we fail (or cannot resume)
};

CloseVerdict classify_close(int code, std::string_view reason);

}  // namespace va::ai::gemini
