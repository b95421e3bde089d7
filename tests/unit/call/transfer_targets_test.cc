// Transfer targets (call/transfer_targets.h): normal forms, the allowed-list check and the
// URI a REFER names; malformed targets are refused with a reason.
#include "call/transfer_targets.h"

#include <gtest/gtest.h>

#include "call/call_settings.h"
#include "core/config.h"

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

TEST(TransferTargetsTest, ConfigAllowIsAListOfPrefixes) {
  const auto p = parse_transfer_allow(" +49 30, 0800 ,SIP:Desk@PBX.example, +4930 ");
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, (std::vector<std::string>{"+4930", "0800", "sip:desk@pbx.example"}));
  EXPECT_TRUE(parse_transfer_allow("").value().empty());  // empty = none
  EXPECT_TRUE(parse_transfer_allow(" , ").value().empty());
  for (const char* bad : {"+", "abc", "49*", "sip:", "sip:a@b?x=y", "+49,tel:1"}) {
    std::string which;
    EXPECT_FALSE(parse_transfer_allow(bad, &which)) << bad;
    EXPECT_FALSE(which.empty()) << bad;
  }
}

TEST(TransferTargetsTest, ConfigPrefixesAllowNumbersAndUrisStartingSo) {
  const auto p = parse_transfer_allow("+4930,sip:desk@").value();
  EXPECT_TRUE(transfer_prefix_allowed(p, "+4930555"));
  EXPECT_TRUE(transfer_prefix_allowed(p, "+4930"));
  EXPECT_FALSE(transfer_prefix_allowed(p, "+4990012345"));  // a premium range stays out
  EXPECT_FALSE(transfer_prefix_allowed(p, "4930555"));
  EXPECT_TRUE(transfer_prefix_allowed(p, "sip:desk@127.0.0.1:5090"));
  EXPECT_TRUE(transfer_prefix_allowed(p, "sip:DESK@127.0.0.1"));
  EXPECT_FALSE(transfer_prefix_allowed(p, "sip:other@127.0.0.1"));
  EXPECT_FALSE(transfer_prefix_allowed({}, "+4930555"));  // empty: nowhere
  // A number prefix never lets a URI through, nor the other way round.
  EXPECT_FALSE(transfer_prefix_allowed(parse_transfer_allow("+4930").value(), "sip:+4930@x"));
}

TEST(TransferTargetsTest, TransferAllowComesFromConfigAndEnvironment) {
  auto env = [](std::string value) -> core::EnvLookup {
    return [value](const std::string& name) -> std::optional<std::string> {
      if (name == "VOICEAGENT_TRANSFER_ALLOW") return value;
      return std::nullopt;
    };
  };
  const core::EnvLookup no_env = [](const std::string&) { return std::optional<std::string>(); };
  const auto none = CallSettings::from(core::load_config("", no_env));
  EXPECT_TRUE(none.transfer_allow.empty());  // default: nowhere
  const auto c = core::load_config("", env("+1555,sip:desk@127.0.0.1"));
  EXPECT_EQ(c.transfer.allow, "+1555,sip:desk@127.0.0.1");
  EXPECT_EQ(CallSettings::from(c).transfer_allow,
            (std::vector<std::string>{"+1555", "sip:desk@127.0.0.1"}));
  const auto toml = core::load_config_from_string("[transfer]\nallow = \"0800\"\n", no_env);
  EXPECT_EQ(CallSettings::from(toml).transfer_allow, (std::vector<std::string>{"0800"}));
  EXPECT_THROW(CallSettings::from(core::load_config("", env("+1555,premium"))), core::ConfigError);
}

TEST(TransferTargetsTest, NumbersGoThroughTheTrunkAndUrisAsTheyAre) {
  EXPECT_EQ(transfer_uri("+4930555", "sip:127.0.0.1:5070").value(), "sip:+4930555@127.0.0.1:5070");
  EXPECT_EQ(transfer_uri("sip:desk@127.0.0.1:5090", "").value(), "sip:desk@127.0.0.1:5090");
  EXPECT_FALSE(transfer_uri("+4930555", ""));  // no trunk to dial a number through
}

}  // namespace
}  // namespace va::call
