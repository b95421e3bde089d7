// DialingPolicy: call ends -> outcomes, and each outcome's next lead state.
#include "dialer/dialing_policy.h"

#include <gtest/gtest.h>

namespace va::dialer {
namespace {

crm::DialingSettings settings() {
  crm::DialingSettings d;
  d.max_attempts = 3;
  d.retry_busy_s = 60;
  d.retry_no_answer_s = 120;
  d.retry_unreachable_s = 30;
  d.retry_failed_s = 45;
  return d;  // rejected: the default, no retry
}

TEST(DialingPolicy, MapsCallEndsToOutcomes) {
  EXPECT_EQ(outcome_of_call("remote_hangup", "answered"), Outcome::Answered);
  EXPECT_EQ(outcome_of_call("ai_end_call", "answered"), Outcome::Answered);
  EXPECT_EQ(outcome_of_call("busy", "busy"), Outcome::Busy);
  EXPECT_EQ(outcome_of_call("no_answer", "no_answer"), Outcome::NoAnswer);
  EXPECT_EQ(outcome_of_call("rejected", "rejected"), Outcome::Rejected);
  EXPECT_EQ(outcome_of_call("unreachable", "unreachable"), Outcome::Unreachable);
  EXPECT_EQ(outcome_of_call("congestion", "rejected"), Outcome::Congestion);
  EXPECT_EQ(outcome_of_call("no_media", "failed"), Outcome::Failed);
  EXPECT_EQ(outcome_of_call("cancelled", "cancelled"), Outcome::Failed);
  EXPECT_EQ(outcome_of_call("shutdown", "answered"), Outcome::Interrupted);
  EXPECT_EQ(outcome_of_call("interrupted", ""), Outcome::Interrupted);
}

TEST(DialingPolicy, AnsweredIsDone) {
  auto r = next_after(settings(), 1, 2, Outcome::Answered, 1, 1000, 7);
  EXPECT_EQ(r.state, "done");
  EXPECT_EQ(r.last_outcome, "answered");
  EXPECT_EQ(r.refund_call_id, 0);
}

TEST(DialingPolicy, BusyRetriesAfterItsDelayFromTheEnd) {
  auto r = next_after(settings(), 1, 2, Outcome::Busy, 1, 10'000, 7);
  EXPECT_EQ(r.state, "retry_wait");
  EXPECT_EQ(r.next_attempt_at, 10'000 + 60'000);
  r = next_after(settings(), 1, 2, Outcome::NoAnswer, 2, 10'000, 7);
  EXPECT_EQ(r.state, "retry_wait");
  EXPECT_EQ(r.next_attempt_at, 10'000 + 120'000);
}

TEST(DialingPolicy, StopsAtMaxAttempts) {
  auto r = next_after(settings(), 1, 2, Outcome::Busy, 3, 10'000, 7);
  EXPECT_EQ(r.state, "skipped");
  EXPECT_EQ(r.skip_reason, "max_attempts");
  EXPECT_EQ(r.last_outcome, "busy");
}

TEST(DialingPolicy, RejectedIsNotRetriedByDefault) {
  auto r = next_after(settings(), 1, 2, Outcome::Rejected, 1, 10'000, 7);
  EXPECT_EQ(r.state, "done");
  EXPECT_EQ(r.last_outcome, "rejected");
  auto d = settings();
  d.retry_rejected_s = 5;
  EXPECT_EQ(next_after(d, 1, 2, Outcome::Rejected, 1, 0, 7).state, "retry_wait");
}

TEST(DialingPolicy, InterruptedRetriesLikeFailed) {
  auto r = next_after(settings(), 1, 2, Outcome::Interrupted, 1, 0, 7);
  EXPECT_EQ(r.state, "retry_wait");
  EXPECT_EQ(r.next_attempt_at, 45'000);
  EXPECT_EQ(r.last_outcome, "interrupted");
}

TEST(DialingPolicy, CongestionRefundsTheAttempt) {
  auto first = next_after(settings(), 1, 2, Outcome::Congestion, 1, 5'000, 7);
  EXPECT_EQ(first.state, "pending");
  EXPECT_EQ(first.refund_call_id, 7);
  EXPECT_EQ(first.next_attempt_at, 5'000);
  EXPECT_EQ(first.last_outcome, "");  // the lead keeps its previous outcome
  auto later = next_after(settings(), 1, 2, Outcome::Congestion, 3, 5'000, 9);
  EXPECT_EQ(later.state, "retry_wait");  // not skipped: the refunded attempt did not count
}

}  // namespace
}  // namespace va::dialer
