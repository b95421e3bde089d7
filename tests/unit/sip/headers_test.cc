// Header names and the Headers list (RFC 3261 7.3, 7.3.3 compact forms).
#include "sip/headers.h"

#include <gtest/gtest.h>

namespace va::sip {
namespace {

TEST(HeaderNames, CompactFormsMapToTheirLongNames) {
  const std::pair<const char*, const char*> kCompact[] = {{"i", "Call-ID"},
                                                          {"m", "Contact"},
                                                          {"e", "Content-Encoding"},
                                                          {"l", "Content-Length"},
                                                          {"c", "Content-Type"},
                                                          {"f", "From"},
                                                          {"s", "Subject"},
                                                          {"k", "Supported"},
                                                          {"t", "To"},
                                                          {"v", "Via"},
                                                          {"o", "Event"},
                                                          {"u", "Allow-Events"},
                                                          {"r", "Refer-To"},
                                                          {"b", "Referred-By"},
                                                          {"x", "Session-Expires"},
                                                          {"y", "Identity"},
                                                          {"a", "Accept-Contact"},
                                                          {"d", "Request-Disposition"},
                                                          {"j", "Reject-Contact"}};
  for (const auto& [compact, long_name] : kCompact) {
    EXPECT_EQ(canonical_header_name(compact), long_name) << compact;
    std::string upper(1, static_cast<char>(compact[0] - 32));
    EXPECT_EQ(canonical_header_name(upper), long_name) << upper;
  }
  EXPECT_EQ(canonical_header_name("q"), "q");  // no compact form: as given
}

TEST(HeaderNames, AnyCaseMapsToTheCanonicalSpelling) {
  EXPECT_EQ(canonical_header_name("call-id"), "Call-ID");
  EXPECT_EQ(canonical_header_name("CSEQ"), "CSeq");
  EXPECT_EQ(canonical_header_name("www-authenticate"), "WWW-Authenticate");
  EXPECT_EQ(canonical_header_name("X-Custom"), "X-Custom");
  EXPECT_TRUE(header_name_equal("m", "CONTACT"));
  EXPECT_TRUE(header_name_equal("x-a", "X-A"));
  EXPECT_FALSE(header_name_equal("To", "From"));
  EXPECT_FALSE(header_name_equal("X-A", "X-B"));
}

TEST(Headers, AddGetSetRemoveKeepOrderAndIgnoreCase) {
  Headers h;
  h.add("k", "100rel");
  h.add("Allow", "INVITE, ACK");
  h.add("supported", "timer");
  EXPECT_EQ(h.items().front().name, "Supported");
  EXPECT_EQ(h.count("SUPPORTED"), 2u);
  const auto all = h.get_all("Supported");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0], "100rel");
  EXPECT_EQ(all[1], "timer");
  h.set("Supported", "path");
  EXPECT_EQ(h.count("Supported"), 1u);
  EXPECT_EQ(*h.get("k"), "path");
  h.remove("allow");
  EXPECT_EQ(h.get("Allow"), nullptr);
  EXPECT_EQ(h.items().size(), 1u);
}

TEST(SplitHeaderList, SplitsAtTopLevelCommasOnly) {
  const auto parts = split_header_list(" a , \"b,c\" <sip:x,y>;p=\"1,2\" ,d");
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], "a");
  EXPECT_EQ(parts[1], "\"b,c\" <sip:x,y>;p=\"1,2\"");
  EXPECT_EQ(parts[2], "d");
  EXPECT_EQ(split_header_list("a,,b").size(), 3u);           // empty kept for strict callers
  EXPECT_EQ(split_header_list("\"q\\\",x\",y").size(), 2u);  // escaped quote stays inside
}

}  // namespace
}  // namespace va::sip
