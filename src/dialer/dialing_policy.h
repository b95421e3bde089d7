// DialingPolicy: what an attempt's end means for its lead. Pure functions of the campaign's
// settings, so the rules are unit-tested without a call (tests/unit/dialer/).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "crm/entities.h"

namespace va::dialer {

// The outcome of one attempt as the lead records it (DESIGN.md "Campaign dialer"), plus
// Congestion: the line, not the lead, refused it (503 or Q.850 34/38/41/42); not an attempt.
enum class Outcome {
  Answered,
  Busy,
  NoAnswer,
  Rejected,
  Unreachable,
  Failed,
  Interrupted,
  Congestion,
};

std::string_view to_string(Outcome o);

// A call record's end: its end_reason (call/end_reason.h names) and outcome column.
Outcome outcome_of_call(std::string_view end_reason, std::string_view call_outcome);

// The retry delay for an outcome in seconds; < 0 = no retry. Interrupted retries like failed.
std::int64_t retry_delay_s(const crm::DialingSettings& d, Outcome o);

// The lead's next row after an attempt that ended at `ended_at_ms` with `o`, `attempts`
// counting this attempt. Answered -> done; a retryable outcome under max_attempts ->
// retry_wait at ended_at + delay; out of attempts -> skipped (max_attempts); no retry -> done.
// Congestion -> back to pending/retry_wait at `ended_at_ms`, the attempt refunded.
crm::AttemptResult next_after(const crm::DialingSettings& d, crm::Id campaign_id, crm::Id lead_id,
                              Outcome o, std::int64_t attempts, std::int64_t ended_at_ms,
                              crm::Id call_id);

}  // namespace va::dialer
