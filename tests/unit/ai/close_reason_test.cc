// Close code + reason -> typed error and action (A12 table and handling policy).
#include "ai/gemini/close_reason.h"

#include <gtest/gtest.h>

namespace va::ai::gemini {
namespace {

TEST(CloseReason, MapsTheObservedClosesToTypedErrors) {
  struct Row {
    int code;
    const char* reason;
    CloseAction action;
    Errc error;
  } rows[] = {
      {1007, "API key not valid. Please pass a valid API key.", CloseAction::Fail, Errc::BadKey},
      {1007, "API key expired. Please renew the API key.", CloseAction::Fail, Errc::BadKey},
      {1007, "No matching speaker voice found", CloseAction::Fail, Errc::BadVoice},
      {1007, "Request contains an invalid argument.", CloseAction::Fail, Errc::InvalidArgument},
      {1008, "models/x is not found for API version v1beta, or is not supported for bidi",
       CloseAction::Fail, Errc::BadModel},
      {1008, "BidiGenerateContent session not found", CloseAction::Fail, Errc::ResumeRejected},
      {1008, "The operation was aborted.", CloseAction::Fail, Errc::Aborted},
      {1011, "You exceeded your current quota, please check your plan and billing details. Fo",
       CloseAction::Fail, Errc::Quota},
      {1011, "Deadline expired before operation could complete.", CloseAction::Resume,
       Errc::ServerGone},
      {1011, "The service is currently unavailable.", CloseAction::Resume, Errc::ServerGone},
      {1006, "", CloseAction::Resume, Errc::ServerGone},
      {1000, "", CloseAction::Resume, Errc::ServerGone},
  };
  for (const auto& r : rows) {
    auto v = classify_close(r.code, r.reason, ClosePhase::AfterSetupComplete);
    EXPECT_EQ(v.action, r.action) << r.code << " " << r.reason;
    EXPECT_EQ(v.error, r.error) << r.code << " " << r.reason;
  }
}

// A12: 1008 "Requested entity was not found." has been seen right after a toolResponse, in a
// session whose model had answered all along: resume. Before setupComplete the same words can
// only be about the setup (the model), so they stay a configuration error.
TEST(CloseReason, EntityNotFoundIsTransientOnlyAfterSetupComplete) {
  const char* reason = "Requested entity was not found.";
  auto after = classify_close(1008, reason, ClosePhase::AfterSetupComplete);
  EXPECT_EQ(after.action, CloseAction::Resume);
  EXPECT_EQ(after.error, Errc::ServerGone);
  auto before = classify_close(1008, reason, ClosePhase::BeforeSetupComplete);
  EXPECT_EQ(before.action, CloseAction::Fail);
  EXPECT_EQ(before.error, Errc::BadModel);
  auto model = classify_close(1008, "models/x is not found for API version v1beta",
                              ClosePhase::AfterSetupComplete);
  EXPECT_EQ(model.action, CloseAction::Fail);
  EXPECT_EQ(model.error, Errc::BadModel);
}

TEST(CloseReason, FatalErrorsAreTheConfigurationAndAccountOnes) {
  EXPECT_TRUE(is_fatal(Errc::BadKey));
  EXPECT_TRUE(is_fatal(Errc::Quota));
  EXPECT_TRUE(is_fatal(Errc::BadModel));
  EXPECT_FALSE(is_fatal(Errc::ServerGone));
  EXPECT_FALSE(is_fatal(Errc::SetupTimeout));
}

}  // namespace
}  // namespace va::ai::gemini
