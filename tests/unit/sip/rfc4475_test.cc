// RFC 4475 torture messages: every message of shared/testdata/rfc4475 against an expected-outcome
// table (parse result, and the status a UA answers), plus the specific facts each one tests.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>

#include "sip/errc.h"
#include "sip/message.h"
#include "test_paths.h"

namespace va::sip {
namespace {

const std::filesystem::path kDir = std::filesystem::path(VA_SHARED_DIR) / "testdata" / "rfc4475";

std::string load(std::string_view name) {
  const auto path = kDir / (std::string(name) + ".dat");
  std::ifstream in(path, std::ios::binary);
  // A missing torture file must fail the test, not hand the parser an empty message.
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Expectation {
  std::string_view name;
  Errc parse;     // what parse_message returns (Ok: the message parses)
  int ua_status;  // what an endpoint answers: response_status(parse), or the UA-level status
                  // for a well-formed message it must refuse; 0: drop silently (a response)
  std::string_view why;
};

// The expected outcome of every torture message (INDEX.tsv, read for a UAS).
constexpr Expectation kTable[] = {
    // 3.1.1 valid
    {"wsinv", Errc::Ok, 200, "folding, LWS around colons, mixed names"},
    {"intmeth", Errc::Ok, 501, "unknown method using every token char"},
    {"esc01", Errc::Ok, 200, "escapes in URIs"},
    {"escnull", Errc::Ok, 405, "%00 in user parts"},
    {"esc02", Errc::Ok, 501, "escaped method is an unknown method"},
    {"lwsdisp", Errc::Ok, 200, "no LWS between display name and <"},
    {"longreq", Errc::Ok, 200, "3.5 KB, 34 Via values"},
    {"dblreq", Errc::Ok, 405, "bytes after Content-Length 0 ignored"},
    {"semiuri", Errc::Ok, 200, "; in the user part of the Request-URI"},
    {"transports", Errc::Ok, 200, "UDP/SCTP/TLS/UNKNOWN/TCP transports"},
    {"mpart01", Errc::Ok, 415, "binary multipart body framed by Content-Length"},
    {"unreason", Errc::Ok, 0, "UTF-8 reason phrase (stray response)"},
    {"noreason", Errc::Ok, 0, "empty reason phrase (stray response)"},
    // 3.1.2 invalid
    {"badinv01", Errc::BadVia, 400, "empty Via parameters"},
    {"clerr", Errc::BodyTooShort, 400, "Content-Length larger than the datagram"},
    {"ncl", Errc::BadContentLength, 400, "negative Content-Length"},
    {"scalar02", Errc::BadCSeq, 400, "CSeq over 2^32-1"},
    {"scalarlg", Errc::BadCSeq, 0, "response with CSeq over 2^32-1: dropped"},
    {"quotbal", Errc::BadTo, 400, "unterminated quote in To"},
    {"ltgtruri", Errc::BadRequestUri, 400, "Request-URI in <>"},
    {"lwsruri", Errc::BadRequestUri, 400, "LWS inside the Request-URI"},
    {"lwsstart", Errc::BadStartLine, 400, "two SP in the Request-Line"},
    {"trws", Errc::BadStartLine, 400, "SP after SIP/2.0"},
    {"escruri", Errc::BadRequestUri, 400, "headers in the Request-URI"},
    {"baddate", Errc::BadDateHeader, 400, "Date not in GMT"},
    {"regbadct", Errc::BadContact, 400, "Contact URI with headers outside <>"},
    {"badaspec", Errc::BadTo, 400, "spaces inside <addr-spec>"},
    {"baddn", Errc::BadFrom, 400, "unquoted display name with a comma"},
    {"badvers", Errc::UnsupportedVersion, 505, "SIP/7.0"},
    {"mismatch01", Errc::CSeqMethodMismatch, 400, "OPTIONS with CSeq INVITE"},
    {"mismatch02", Errc::CSeqMethodMismatch, 400, "NEWMETHOD with CSeq INVITE (501 allowed)"},
    {"bigcode", Errc::BadStatusCode, 0, "status 4294967301: dropped"},
    // 3.2 transaction layer
    {"badbranch", Errc::Ok, 200, "branch is the bare magic cookie"},
    // 3.3 application layer
    {"insuf", Errc::MissingFrom, 400, "no Call-ID, From, To"},
    {"unkscm", Errc::UnsupportedUriScheme, 416, "Request-URI scheme nobodyKnowsThisScheme"},
    {"novelsc", Errc::UnsupportedUriScheme, 416, "Request-URI scheme soap.beep"},
    {"unksm2", Errc::Ok, 405, "isbn/http/name URIs (a UA: 405, a registrar: 400)"},
    {"bext01", Errc::Ok, 420, "Require: unknown extensions"},
    {"invut", Errc::Ok, 415, "body type application/unknownformat"},
    {"regaut01", Errc::Ok, 405, "Authorization with an unknown scheme"},
    {"multi01", Errc::BadCSeq, 400, "several CSeq/Call-ID/To/From"},
    {"mcl01", Errc::BadContentLength, 400, "two conflicting Content-Length"},
    {"bcast", Errc::Ok, 0, "response with a broadcast Via (stray response)"},
    {"zeromf", Errc::Ok, 200, "Max-Forwards 0 at an endpoint"},
    {"cparam01", Errc::Ok, 405, "contact-param without <>"},
    {"cparam02", Errc::Ok, 405, "url-param inside <>"},
    {"regescrt", Errc::Ok, 405, "escaped Route header in a Contact URI"},
    {"sdp01", Errc::Ok, 406, "Accept: text/nobodyKnowsThis"},
    // 3.4 backward compatibility
    {"inv2543", Errc::Ok, 200, "RFC 2543 syntax"},
};

bool accepts_sdp(const Message& m) {
  const std::string* accept = m.headers.get("Accept");
  if (!accept) return true;
  for (std::string_view range : split_header_list(*accept)) {
    range = range.substr(0, range.find(';'));
    while (!range.empty() && range.back() == ' ')
      range.remove_suffix(1);
    if (range == "application/sdp" || range == "application/*" || range == "*/*") return true;
  }
  return false;
}

// What an endpoint that is no registrar and supports no extension answers a message that
// parsed (RFC 3261 8.2.1-8.2.3): a model of the UA checks the torture messages probe, so the
// table's status is asserted for the well-formed rows too. 200 stands for "processed".
int endpoint_answer(const Message& m) {
  if (m.is_response()) return 0;                 // stray response: dropped
  if (m.method == Method::Unknown) return 501;   // 8.2.1
  if (m.method == Method::Register) return 405;  // not a registrar
  if (m.headers.get("Require")) return 420;      // 8.2.2.3
  if (!m.body.empty() && m.content_type != "application/sdp") return 415;  // 8.2.3
  if (m.method == Method::Invite && !accepts_sdp(m)) return 406;
  return 200;
}

// Messages whose outcome differs from the table. Each entry needs a reason; keep it empty.
const std::set<std::string_view> kKnownFailures = {};

TEST(Rfc4475, TableCoversEveryMessageInTheDataDirectory) {
  std::set<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(kDir)) {
    if (e.path().extension() == ".dat") files.insert(e.path().stem().string());
  }
  ASSERT_EQ(files.size(), 49u) << kDir;
  std::set<std::string> table;
  for (const auto& x : kTable)
    table.insert(std::string(x.name));
  EXPECT_EQ(files, table);
}

TEST(Rfc4475, EveryMessageHasItsExpectedOutcome) {
  for (const auto& x : kTable) {
    if (kKnownFailures.contains(x.name)) continue;
    const std::string data = load(x.name);
    ASSERT_FALSE(data.empty()) << x.name;
    Message partial;
    auto r = parse_message(data, {}, &partial);
    const Errc got = r ? Errc::Ok : static_cast<Errc>(r.error().value());
    EXPECT_EQ(got, x.parse) << x.name << " (" << x.why << "): got " << describe(got);
    if (r) {
      EXPECT_EQ(endpoint_answer(*r), x.ua_status) << x.name << " (" << x.why << ")";
    } else {
      EXPECT_EQ(&r.error().category(), &sip_category());
      // A request that fails is answered with response_status(); a response is dropped.
      if (x.ua_status != 0) {
        EXPECT_EQ(response_status(got), x.ua_status) << x.name;
      } else {
        EXPECT_TRUE(partial.is_response()) << x.name;
      }
    }
  }
}

TEST(Rfc4475, KnownFailuresListIsEmpty) {
  EXPECT_TRUE(kKnownFailures.empty());
}

TEST(Rfc4475, ValidMessagesSurviveSerializeAndReparse) {
  for (const auto& x : kTable) {
    if (x.parse != Errc::Ok) continue;
    auto first = parse_message(load(x.name));
    ASSERT_TRUE(first) << x.name;
    const std::string wire = first->serialize();
    auto second = parse_message(wire);
    ASSERT_TRUE(second) << x.name << ": " << second.error().message() << "\n" << wire;
    EXPECT_EQ(*first, *second) << x.name;
    EXPECT_EQ(second->serialize(), wire) << x.name;
  }
}

Message parse_ok(std::string_view name) {
  auto r = parse_message(load(name));
  EXPECT_TRUE(r) << name << ": " << (r ? "" : r.error().message());
  return r ? *r : Message{};
}

TEST(Rfc4475, WsinvUnfoldsEveryHeaderIncludingTheTopVia) {
  const Message m = parse_ok("wsinv");
  EXPECT_EQ(m.method, Method::Invite);
  ASSERT_EQ(m.via.size(), 3u);
  EXPECT_EQ(m.via[0].transport, "UDP");
  EXPECT_EQ(m.via[0].host, "192.0.2.2");
  EXPECT_EQ(m.via[0].branch(), "390skdjuw");
  EXPECT_EQ(m.via[1].transport, "TCP");
  EXPECT_EQ(m.via[1].host, "spindle.example.com");
  EXPECT_EQ(m.via[1].branch(), "z9hG4bK9ikj8");
  EXPECT_EQ(m.via[2].host, "192.168.255.111");
  EXPECT_EQ(m.via[2].branch(), "z9hG4bK30239");
  ASSERT_NE(m.to.tag(), nullptr);
  EXPECT_EQ(*m.to.tag(), "1918181833n");
  EXPECT_EQ(m.from.display_name, "J Rosenberg \\\"");
  EXPECT_EQ(*m.from.tag(), "98asjd8");
  EXPECT_EQ(m.max_forwards, 68);
  EXPECT_EQ(m.cseq.number, 9u);
  EXPECT_EQ(m.cseq.method, Method::Invite);
  EXPECT_EQ(m.body.size(), 150u);
  EXPECT_EQ(*m.headers.get("NewFangledHeader"), "newfangled value continued newfangled value");
  EXPECT_EQ(*m.headers.get("UnknownHeaderWithUnusualValue"), ";;,,;;,;");
  EXPECT_EQ(*m.headers.get("Subject"), "");
  ASSERT_EQ(m.route.size(), 1u);
  EXPECT_TRUE(m.route[0].uri.params.has("lr"));
  ASSERT_EQ(m.contact.size(), 1u);
  EXPECT_EQ(m.contact[0].display_name, "Quoted string \"\"");
  EXPECT_EQ(*m.contact[0].params.get("newparam"), "newvalue");
  EXPECT_TRUE(m.contact[0].params.has("secondparam"));
  EXPECT_EQ(*m.contact[0].params.get("q"), "0.33");
}

TEST(Rfc4475, IntmethKeepsTheExtensionMethodAndControlCharactersInTheDisplayName) {
  const Message m = parse_ok("intmeth");
  EXPECT_EQ(m.method, Method::Unknown);
  EXPECT_EQ(m.method_text, "!interesting-Method0123456789_*+`.%indeed'~");
  EXPECT_EQ(m.cseq.method_text, m.method_text);
  EXPECT_EQ(m.request_uri.user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
  EXPECT_EQ(m.request_uri.password, "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
  EXPECT_EQ(m.to.display_name, std::string("BEL:\x07 NUL:\0 DEL:\x7F", 17));
  EXPECT_EQ(m.from.display_name, "token1~` token2'+_ token3*%!.-");
  EXPECT_EQ(*m.from.tag(), "_token~1'+`*%!-.");
  EXPECT_EQ(m.call_id, "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
  EXPECT_EQ(m.headers.count("extensionHeader-!.%*+_`'~"), 1u);
}

TEST(Rfc4475, Esc01UnescapesOnceInsideSipUris) {
  const Message m = parse_ok("esc01");
  EXPECT_EQ(m.request_uri.user, "sips:user@example.com");
  EXPECT_EQ(m.request_uri.host, "example.net");
  EXPECT_EQ(m.to.uri.user, "user");
  EXPECT_EQ(m.from.uri.user, "I have spaces");
  ASSERT_EQ(m.contact.size(), 1u);
  EXPECT_EQ(m.contact[0].uri.user, "caller");
  EXPECT_TRUE(m.contact[0].uri.params.has("lr"));
  EXPECT_EQ(*m.contact[0].uri.params.get("name"), "value%41");  // not unescaped twice
}

TEST(Rfc4475, EscnullKeepsTwoDistinctContacts) {
  const Message m = parse_ok("escnull");
  EXPECT_EQ(m.method, Method::Register);
  EXPECT_EQ(m.to.uri.user, std::string("null-\0-null", 11));
  ASSERT_EQ(m.contact.size(), 2u);
  EXPECT_EQ(m.contact[0].uri.user, std::string(1, '\0'));
  EXPECT_EQ(m.contact[1].uri.user, std::string(2, '\0'));
  EXPECT_FALSE(uri_equivalent(m.contact[0].uri, m.contact[1].uri));
}

TEST(Rfc4475, Esc02EscapedMethodIsNotRegisterAndHasTwoContacts) {
  const Message m = parse_ok("esc02");
  EXPECT_EQ(m.method, Method::Unknown);
  EXPECT_EQ(m.method_text, "RE%47IST%45R");
  EXPECT_EQ(m.to.display_name, "%Z%45");
  EXPECT_EQ(m.contact.size(), 2u);
  EXPECT_EQ(m.headers.count("C%6Fntact"), 1u);
}

TEST(Rfc4475, LwsdispAcceptsTokenDisplayNameWithoutLws) {
  const Message m = parse_ok("lwsdisp");
  EXPECT_EQ(m.from.display_name, "caller");
  EXPECT_EQ(m.from.uri.user, "caller");
}

TEST(Rfc4475, LongreqParsesAllViaValues) {
  const Message m = parse_ok("longreq");
  EXPECT_EQ(m.via.size(), 34u);
  EXPECT_GT(m.to.display_name.size(), 80u);
  EXPECT_GT(m.call_id.size(), 100u);
}

TEST(Rfc4475, DblreqIgnoresTheBytesAfterContentLength) {
  const Message m = parse_ok("dblreq");
  EXPECT_EQ(m.method, Method::Register);
  EXPECT_TRUE(m.body.empty());
}

TEST(Rfc4475, SemiuriUserPartHoldsTheSemicolon) {
  const Message m = parse_ok("semiuri");
  EXPECT_EQ(m.request_uri.user, "user;par=u@example.net");
  EXPECT_EQ(m.request_uri.host, "example.com");
  EXPECT_TRUE(m.request_uri.params.empty());
  EXPECT_EQ(*m.headers.get("Accept"),
            "application/sdp, application/pkcs7-mime, multipart/mixed, multipart/signed, "
            "message/sip, message/sipfrag");
}

TEST(Rfc4475, TransportsKeepsEveryTransportToken) {
  const Message m = parse_ok("transports");
  ASSERT_EQ(m.via.size(), 5u);
  EXPECT_EQ(m.via[0].transport, "UDP");
  EXPECT_EQ(m.via[1].transport, "SCTP");
  EXPECT_EQ(m.via[2].transport, "TLS");
  EXPECT_EQ(m.via[3].transport, "UNKNOWN");
  EXPECT_EQ(m.via[4].transport, "TCP");
}

TEST(Rfc4475, Mpart01BodyIsExactlyContentLengthBinaryOctets) {
  const Message m = parse_ok("mpart01");
  EXPECT_EQ(m.body.size(), 553u);
  EXPECT_NE(m.body.find('\0'), std::string::npos);
  EXPECT_TRUE(m.content_type.starts_with("multipart/mixed;boundary="));
}

TEST(Rfc4475, UnreasonAndNoreasonAreResponses) {
  const Message a = parse_ok("unreason");
  EXPECT_EQ(a.status, 200);
  EXPECT_GT(a.reason.size(), 20u);
  const Message b = parse_ok("noreason");
  EXPECT_EQ(b.status, 100);
  EXPECT_EQ(b.reason, "");
}

TEST(Rfc4475, FailedMessagesStillYieldViaAndCallIdForThe400) {
  for (std::string_view name : {"badinv01", "clerr", "ncl", "quotbal", "baddn", "badvers",
                                "mismatch01", "escruri", "unkscm", "mcl01"}) {
    Message partial;
    ASSERT_FALSE(parse_message(load(name), {}, &partial)) << name;
    EXPECT_FALSE(partial.call_id.empty()) << name;
    EXPECT_FALSE(partial.cseq.method_text.empty()) << name;
    if (name != "badinv01") {
      EXPECT_FALSE(partial.via.empty()) << name;
    }
  }
}

TEST(Rfc4475, UnkscmKeepsTheOpaqueRequestUri) {
  Message partial;
  ASSERT_FALSE(parse_message(load("unkscm"), {}, &partial));
  EXPECT_EQ(partial.request_uri.scheme, "nobodyknowsthisscheme");
  EXPECT_FALSE(partial.request_uri.opaque.empty());
}

TEST(Rfc4475, Unksm2ParsesNonSipUrisOpaquely) {
  const Message m = parse_ok("unksm2");
  EXPECT_EQ(m.to.uri.scheme, "isbn");
  EXPECT_EQ(m.from.uri.scheme, "http");
  ASSERT_EQ(m.contact.size(), 1u);
  EXPECT_EQ(m.contact[0].uri.scheme, "name");
  EXPECT_FALSE(m.to.uri.is_sip());  // what a registrar answers 400 for
}

TEST(Rfc4475, Bext01KeepsTheRequireValues) {
  const Message m = parse_ok("bext01");
  const std::string* require = m.headers.get("Require");
  ASSERT_NE(require, nullptr);
  EXPECT_EQ(split_header_list(*require).size(), 2u);
}

TEST(Rfc4475, InvutAndSdp01ExposeWhatTheUaRejects) {
  EXPECT_EQ(parse_ok("invut").content_type, "application/unknownformat");
  const Message m = parse_ok("sdp01");
  ASSERT_NE(m.headers.get("Accept"), nullptr);
  EXPECT_EQ(*m.headers.get("Accept"), "text/nobodyKnowsThis");
}

TEST(Rfc4475, BadbranchKeepsTheBareCookie) {
  const Message m = parse_ok("badbranch");
  ASSERT_EQ(m.via.size(), 1u);
  EXPECT_EQ(m.via[0].branch(), kMagicCookie);
}

TEST(Rfc4475, ZeromfHasMaxForwardsZero) {
  EXPECT_EQ(parse_ok("zeromf").max_forwards, 0);
}

TEST(Rfc4475, Cparam01UnknownParamIsAContactParam) {
  const Message m = parse_ok("cparam01");
  ASSERT_EQ(m.contact.size(), 1u);
  EXPECT_TRUE(m.contact[0].params.has("unknownparam"));
  EXPECT_TRUE(m.contact[0].uri.params.empty());
}

TEST(Rfc4475, Cparam02UnknownParamIsAUrlParam) {
  const Message m = parse_ok("cparam02");
  ASSERT_EQ(m.contact.size(), 1u);
  EXPECT_TRUE(m.contact[0].uri.params.has("unknownparam"));
  EXPECT_FALSE(m.contact[0].params.has("unknownparam"));
}

TEST(Rfc4475, RegescrtKeepsTheEscapedRouteHeader) {
  const Message m = parse_ok("regescrt");
  ASSERT_EQ(m.contact.size(), 1u);
  ASSERT_NE(m.contact[0].uri.headers.get("Route"), nullptr);
  EXPECT_EQ(*m.contact[0].uri.headers.get("Route"), "<sip:sip.example.com>");
}

TEST(Rfc4475, BcastKeepsTheBroadcastVia) {
  const Message m = parse_ok("bcast");
  ASSERT_GE(m.via.size(), 2u);
  EXPECT_EQ(m.via[1].host, "255.255.255.255");
}

TEST(Rfc4475, Inv2543BodyRunsToTheEndOfTheDatagram) {
  const std::string data = load("inv2543");
  const Message m = parse_ok("inv2543");
  EXPECT_FALSE(m.via[0].rfc3261_branch());
  EXPECT_EQ(m.from.tag(), nullptr);
  EXPECT_FALSE(m.max_forwards);
  EXPECT_EQ(m.body, data.substr(data.find("\r\n\r\n") + 4));
  EXPECT_TRUE(m.to.uri.params.empty());  // ;user=phone follows an addr-spec: a header param
  EXPECT_TRUE(m.to.params.has("user"));
}

}  // namespace
}  // namespace va::sip
