// Transfer targets (call/transfer_targets.h): normal forms, the allowed-list check and the
// URI a REFER names; malformed targets are refused with a reason.
#include "call/transfer_targets.h"

#include <gtest/gtest.h>

namespace va::call {
namespace {

TEST(TransferTargetsTest, NumbersAreStoredWithoutSeparators) {
  EXPECT_EQ(normalize_transfer_target("+49 (30) 555-0100").value(), "+49305550100");
  EXPECT_EQ(normalize_transfer_target("0301234").value(), "0301234");
}

TEST(TransferTargetsTest, SipUrisAreStoredInTheirSerializedForm) {
  EXPECT_EQ(normalize_transfer_target("sip:alice@127.0.0.1:5090").value(),
            "sip:alice@127.0.0.1:5090");
  EXPECT_EQ(normalize_transfer_target("SIP:bob@Example.COM").value(), "sip:bob@example.com");
}

TEST(TransferTargetsTest, BadTargetsAreRefusedWithAReason) {
  for (const char* bad :
       {"", "alice", "+49 30 abc", "*99#", "12", "sip:", "sip:a@b?Replaces=x", "sip:a@b, sip:c@d",
        "<sip:a@b>", "sip:a@b\r\nX: y", "tel:+4930555", "sip:a b@c"}) {
    std::string why;
    EXPECT_FALSE(normalize_transfer_target(bad, &why)) << bad;
    EXPECT_FALSE(why.empty()) << bad;
  }
  EXPECT_FALSE(normalize_transfer_target(std::string(kMaxTransferTarget + 1, '1')));
}

TEST(TransferTargetsTest, OnlyListedTargetsAreAllowed) {
  const std::vector<std::string> allowed{"+4930555", "sip:desk@127.0.0.1:5090"};
  EXPECT_TRUE(transfer_allowed(allowed, "+4930555"));
  EXPECT_TRUE(transfer_allowed(allowed, "sip:desk@127.0.0.1:5090"));
  EXPECT_FALSE(transfer_allowed(allowed, "+49305550"));  // no prefixes
  EXPECT_FALSE(transfer_allowed(allowed, "+493055"));
  EXPECT_FALSE(transfer_allowed(allowed, "sip:desk@127.0.0.1:5091"));
  EXPECT_FALSE(transfer_allowed(allowed, "sip:other@127.0.0.1:5090"));
  EXPECT_FALSE(transfer_allowed({}, "+4930555"));  // none configured: nowhere
}

TEST(TransferTargetsTest, NumbersGoThroughTheTrunkAndUrisAsTheyAre) {
  EXPECT_EQ(transfer_uri("+4930555", "sip:127.0.0.1:5070").value(), "sip:+4930555@127.0.0.1:5070");
  EXPECT_EQ(transfer_uri("sip:desk@127.0.0.1:5090", "").value(), "sip:desk@127.0.0.1:5090");
  EXPECT_FALSE(transfer_uri("+4930555", ""));  // no trunk to dial a number through
}

}  // namespace
}  // namespace va::call
