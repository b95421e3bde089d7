// DialingPolicy: outcome mapping and the retry rule.
#include "dialer/dialing_policy.h"

namespace va::dialer {

std::string_view to_string(Outcome o) {
  switch (o) {
    case Outcome::Answered:
      return "answered";
    case Outcome::Busy:
      return "busy";
    case Outcome::NoAnswer:
      return "no_answer";
    case Outcome::Rejected:
      return "rejected";
    case Outcome::Unreachable:
      return "unreachable";
    case Outcome::Failed:
      return "failed";
    case Outcome::Interrupted:
      return "interrupted";
    case Outcome::Congestion:
      return "congestion";
  }
  return "failed";
}

Outcome outcome_of_call(std::string_view end_reason, std::string_view call_outcome) {
  if (end_reason == "congestion") return Outcome::Congestion;
  // A call cut by our own shutdown or a crash was not the lead's doing.
  if (end_reason == "shutdown" || end_reason == "interrupted") return Outcome::Interrupted;
  // A call handed to a person was answered: no retry.
  if (call_outcome == "answered" || call_outcome == "transferred") return Outcome::Answered;
  if (call_outcome == "busy") return Outcome::Busy;
  if (call_outcome == "no_answer") return Outcome::NoAnswer;
  if (call_outcome == "rejected") return Outcome::Rejected;
  if (call_outcome == "unreachable") return Outcome::Unreachable;
  return Outcome::Failed;
}

std::int64_t retry_delay_s(const crm::DialingSettings& d, Outcome o) {
  switch (o) {
    case Outcome::Answered:
      return -1;
    case Outcome::Busy:
      return d.retry_busy_s;
    case Outcome::NoAnswer:
      return d.retry_no_answer_s;
    case Outcome::Rejected:
      return d.retry_rejected_s;
    case Outcome::Unreachable:
      return d.retry_unreachable_s;
    case Outcome::Failed:
    case Outcome::Interrupted:
      return d.retry_failed_s;
    case Outcome::Congestion:
      return 0;
  }
  return -1;
}

crm::AttemptResult next_after(const crm::DialingSettings& d, crm::Id campaign_id, crm::Id lead_id,
                              Outcome o, std::int64_t attempts, std::int64_t ended_at_ms,
                              crm::Id call_id) {
  crm::AttemptResult r;
  r.campaign_id = campaign_id;
  r.lead_id = lead_id;
  if (o == Outcome::Congestion) {
    // The line refused it: the lead goes back as before this attempt and is due at once.
    r.state = attempts - 1 > 0 ? "retry_wait" : "pending";
    r.next_attempt_at = ended_at_ms;
    r.refund_call_id = call_id;
    return r;
  }
  r.last_outcome = std::string(to_string(o));
  const auto delay = retry_delay_s(d, o);
  if (o == Outcome::Answered || delay < 0) {
    r.state = "done";
  } else if (attempts >= d.max_attempts) {
    r.state = "skipped";
    r.skip_reason = "max_attempts";
  } else {
    r.state = "retry_wait";
    r.next_attempt_at = ended_at_ms + delay * 1000;
  }
  return r;
}

}  // namespace va::dialer
