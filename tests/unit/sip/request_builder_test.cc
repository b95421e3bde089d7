// RequestBuilder: out-of-dialog requests, dial targets, next hops and credential retries
// (RFC 3261 8.1.1, 19.1, 22.2).
#include "sip/request_builder.h"

#include <gtest/gtest.h>

#include <set>

#include "sip/request_failover.h"

namespace va::sip {
namespace {

LocalContact local() {
  LocalContact l;
  l.user = "agent";
  l.host = "192.0.2.10";
  l.port = 5080;
  return l;
}

RequestSpec options_spec() {
  RequestSpec spec;
  spec.method = Method::Options;
  spec.request_uri = *parse_uri("sip:0123@192.0.2.1:5060");
  spec.to.uri = spec.request_uri;
  spec.to.params.set("tag", "should-go");
  return spec;
}

TEST(RequestBuilder, BuildsEveryMandatoryHeaderOfAnOutOfDialogRequest) {
  RequestBuilder builder(local(), "va-test");
  RequestSpec spec = options_spec();
  spec.content_type = "application/sdp";
  spec.body = "v=0\r\n";
  const Message m = builder.build(spec);
  EXPECT_TRUE(m.is_request);
  EXPECT_EQ(m.method_text, "OPTIONS");
  EXPECT_EQ(m.request_uri.to_string(), "sip:0123@192.0.2.1:5060");
  EXPECT_EQ(m.to.tag(), nullptr);
  ASSERT_NE(m.from.tag(), nullptr);
  EXPECT_FALSE(m.from.tag()->empty());
  EXPECT_EQ(m.from.uri.to_string(), "sip:agent@192.0.2.10");
  EXPECT_TRUE(m.call_id.ends_with("@192.0.2.10"));
  EXPECT_EQ(m.cseq.number, 1u);
  EXPECT_EQ(m.cseq.method, Method::Options);
  EXPECT_EQ(m.max_forwards, 70);
  ASSERT_EQ(m.via.size(), 1u);
  EXPECT_EQ(m.via[0].host, "192.0.2.10");
  EXPECT_EQ(m.via[0].port, 5080);
  EXPECT_EQ(m.via[0].transport, "UDP");
  EXPECT_TRUE(m.via[0].rfc3261_branch());
  ASSERT_EQ(m.contact.size(), 1u);
  EXPECT_EQ(m.contact[0].uri.to_string(), "sip:agent@192.0.2.10:5080");
  ASSERT_NE(m.headers.get("User-Agent"), nullptr);
  EXPECT_EQ(*m.headers.get("User-Agent"), "va-test");
  EXPECT_EQ(m.content_type, "application/sdp");
  EXPECT_EQ(m.body, "v=0\r\n");
  // It survives a round trip through the wire form.
  auto parsed = parse_message(m.serialize());
  ASSERT_TRUE(parsed) << m.serialize();
  EXPECT_EQ(parsed->call_id, m.call_id);
}

TEST(RequestBuilder, GivesEveryRequestItsOwnTagBranchAndCallId) {
  RequestBuilder builder(local());
  std::set<std::string> tags, branches, call_ids;
  for (int i = 0; i < 200; ++i) {
    const Message m = builder.build(options_spec());
    tags.insert(*m.from.tag());
    branches.insert(std::string(m.via[0].branch()));
    call_ids.insert(m.call_id);
  }
  EXPECT_EQ(tags.size(), 200u);
  EXPECT_EQ(branches.size(), 200u);
  EXPECT_EQ(call_ids.size(), 200u);
}

TEST(RequestBuilder, KeepsAGivenCallIdAndCSeq) {
  RequestBuilder builder(local());
  RequestSpec spec = options_spec();
  spec.call_id = "fixed@host";
  spec.cseq = 7;
  const Message m = builder.build(spec);
  EXPECT_EQ(m.call_id, "fixed@host");
  EXPECT_EQ(m.cseq.number, 7u);
}

TEST(RequestBuilder, PutsTransportTcpInTheContactOverTcp) {
  LocalContact l = local();
  l.transport = TransportProtocol::Tcp;
  const Message m = RequestBuilder(l).build(options_spec());
  EXPECT_EQ(m.via[0].transport, "TCP");
  EXPECT_EQ(m.contact[0].uri.to_string(), "sip:agent@192.0.2.10:5080;transport=tcp");
}

TEST(RequestBuilder, UsesASipsContactAndTheTlsPortOverTls) {
  LocalContact l = local();
  l.tls_port = 5081;
  l.transport = TransportProtocol::Tls;
  const Message m = RequestBuilder(l).build(options_spec());
  EXPECT_EQ(m.via[0].transport, "TLS");
  EXPECT_EQ(m.via[0].port, 5081);
  EXPECT_TRUE(m.via[0].params.has("alias")) << "RFC 5923: the peer may reuse our connection";
  EXPECT_EQ(m.contact[0].uri.to_string(), "sips:agent@192.0.2.10:5081");
}

TEST(Retarget, FollowsTheProtocolInViaAndContact) {
  LocalContact l = local();
  l.tls_port = 5081;
  Message m = RequestBuilder(l).build(options_spec());
  const std::string branch(m.via[0].branch());
  retarget(m, TransportProtocol::Tls, l);
  EXPECT_EQ(m.via[0].transport, "TLS");
  EXPECT_EQ(m.via[0].port, 5081);
  EXPECT_NE(m.via[0].branch(), branch);
  EXPECT_EQ(m.contact[0].uri.to_string(), "sips:agent@192.0.2.10:5081");
  retarget(m, TransportProtocol::Tcp, l);
  EXPECT_EQ(m.via[0].port, 5080);
  EXPECT_EQ(m.contact[0].uri.to_string(), "sip:agent@192.0.2.10:5080;transport=tcp");
}

TEST(LocalContactFor, TakesTheTlsPortFromTlsListen) {
  core::SipConfig sip;
  sip.listen = "127.0.0.2:5070";
  EXPECT_EQ(local_contact_for(sip, 5070).tls_port, 0);
  sip.tls_listen = "127.0.0.2:5071";
  EXPECT_EQ(local_contact_for(sip, 5070).tls_port, 5071);
}

TEST(LocalContactFor, PrefersThePublicAddressOverTheListenHost) {
  core::SipConfig sip;
  sip.listen = "0.0.0.0:5060";
  sip.public_address = "203.0.113.5";
  sip.trunk.username = "alice";
  const LocalContact l = local_contact_for(sip, 5062);
  EXPECT_EQ(l.host, "203.0.113.5");
  EXPECT_EQ(l.port, 5062);
  EXPECT_EQ(l.user, "alice");
  sip.public_address = "203.0.113.5:6000";
  EXPECT_EQ(local_contact_for(sip, 5062).port, 6000);
}

TEST(LocalContactFor, UsesTheListenHostAndFallsBackToLoopbackForAnUnspecifiedOne) {
  core::SipConfig sip;
  sip.listen = "127.0.0.2:5070";
  EXPECT_EQ(local_contact_for(sip, 5070).host, "127.0.0.2");
  EXPECT_EQ(local_contact_for(sip, 5070).user, "voiceagent");
  sip.listen = "0.0.0.0:5060";
  EXPECT_EQ(local_contact_for(sip, 5060).host, "127.0.0.1");
}

TEST(DialUri, TurnsANumberIntoAUriAtTheTrunk) {
  auto uri = dial_uri("0123", "sip:gw:5060", false);
  ASSERT_TRUE(uri);
  EXPECT_EQ(uri->to_string(), "sip:0123@gw:5060");
  uri = dial_uri("+49 (30) 123-45.6", "sip:10.0.0.1;transport=tcp", false);
  ASSERT_TRUE(uri);
  EXPECT_EQ(uri->to_string(), "sip:+4930123456@10.0.0.1;transport=tcp");
  uri = dial_uri("tel:+15551234", "sip:trunkuser@10.0.0.1:5070", false);
  ASSERT_TRUE(uri);
  EXPECT_EQ(uri->to_string(), "sip:+15551234@10.0.0.1:5070");
}

TEST(DialUri, EscapesTheHashOfANumber) {
  auto uri = dial_uri("*21#", "sip:10.0.0.1", false);
  ASSERT_TRUE(uri);
  EXPECT_EQ(uri->user, "*21#");
  EXPECT_EQ(uri->to_string(), "sip:*21%23@10.0.0.1");
}

TEST(DialUri, PassesASipUriThroughOnlyWhenAllowed) {
  EXPECT_EQ(dial_uri("sip:bob@10.0.0.2", "sip:gw", false).error(),
            make_error_code(UacErrc::DirectUriForbidden));
  auto uri = dial_uri("sip:bob@10.0.0.2:5070", "", true);
  ASSERT_TRUE(uri);
  EXPECT_EQ(uri->to_string(), "sip:bob@10.0.0.2:5070");
}

TEST(DialUri, RefusesJunkAndAMissingTrunk) {
  EXPECT_EQ(dial_uri("12ab", "sip:gw", false).error(), make_error_code(UacErrc::BadTarget));
  EXPECT_EQ(dial_uri("", "sip:gw", false).error(), make_error_code(UacErrc::BadTarget));
  EXPECT_EQ(dial_uri("+", "sip:gw", false).error(), make_error_code(UacErrc::BadTarget));
  EXPECT_EQ(dial_uri("0123", "", false).error(), make_error_code(UacErrc::NoTrunk));
  EXPECT_EQ(dial_uri("0123", "http://x", false).error(), make_error_code(UacErrc::BadTrunkUri));
}

TEST(NextHopFor, TakesTheNumericHostPortAndTransport) {
  auto hop = next_hop_for(*parse_uri("sip:0123@192.0.2.1:5070"));
  ASSERT_TRUE(hop);
  EXPECT_EQ(hop->to_string(), "udp:192.0.2.1:5070");
  hop = next_hop_for(*parse_uri("sip:0123@[::1];transport=tcp"));
  ASSERT_TRUE(hop);
  EXPECT_EQ(hop->protocol, TransportProtocol::Tcp);
  EXPECT_EQ(hop->port, 5060);
  hop = next_hop_for(*parse_uri("sip:0123@localhost:5090"));
  ASSERT_TRUE(hop);
  EXPECT_EQ(hop->to_string(), "udp:127.0.0.1:5090");
}

TEST(NextHopFor, SipsOrTransportTlsIsTlsOn5061WithTheHostToVerify) {
  auto hop = next_hop_for(*parse_uri("sips:0123@192.0.2.1"));
  ASSERT_TRUE(hop);
  EXPECT_EQ(hop->to_string(), "tls:192.0.2.1:5061");
  EXPECT_EQ(hop->host, "192.0.2.1");
  hop = next_hop_for(*parse_uri("sip:0123@192.0.2.1:5090;transport=tls"));
  ASSERT_TRUE(hop);
  EXPECT_EQ(hop->to_string(), "tls:192.0.2.1:5090");
  hop = next_hop_for(*parse_uri("sips:0123@192.0.2.1;transport=tcp"));
  ASSERT_TRUE(hop);
  EXPECT_EQ(hop->protocol, TransportProtocol::Tls) << "sips: is TLS whatever the param says";
}

TEST(NextHopFor, DoesNoDnsForAHostName) {
  EXPECT_EQ(next_hop_for(*parse_uri("sip:0123@gw.example.com")).error(),
            make_error_code(UacErrc::NoNumericHop));
}

Message challenge(int status, const std::string& nonce, bool stale = false) {
  Message r;
  r.is_request = false;
  r.status = status;
  std::string value = "Digest realm=\"trunk\", nonce=\"" + nonce + "\", qop=\"auth\"";
  if (stale) value += ", stale=true";
  r.headers.add(status == 401 ? "WWW-Authenticate" : "Proxy-Authenticate", value);
  return r;
}

TEST(WithCredentials, ResendsWithANewBranchTheNextCSeqAndAnAuthorization) {
  RequestBuilder builder(local());
  RequestSpec spec = options_spec();
  spec.method = Method::Register;
  const Message first = builder.build(spec);
  DigestClient digest("alice", "secret", [] { return std::string("cn"); });
  auto retry = with_credentials(first, challenge(401, "n1"), digest);
  ASSERT_TRUE(retry);
  EXPECT_NE(retry->via[0].branch(), first.via[0].branch());
  EXPECT_TRUE(retry->via[0].rfc3261_branch());
  EXPECT_EQ(retry->cseq.number, first.cseq.number + 1);
  EXPECT_EQ(retry->call_id, first.call_id);
  EXPECT_EQ(*retry->from.tag(), *first.from.tag());
  const std::string* auth = retry->headers.get("Authorization");
  ASSERT_NE(auth, nullptr);
  EXPECT_NE(auth->find("username=\"alice\""), std::string::npos);
  EXPECT_NE(auth->find("nonce=\"n1\""), std::string::npos);
  EXPECT_NE(auth->find("uri=\"sip:0123@192.0.2.1:5060\""), std::string::npos);
  EXPECT_EQ(retry->headers.get("Proxy-Authorization"), nullptr);
}

TEST(WithCredentials, AnswersA407WithProxyAuthorization) {
  const Message first = RequestBuilder(local()).build(options_spec());
  DigestClient digest("alice", "secret");
  auto retry = with_credentials(first, challenge(407, "n1"), digest);
  ASSERT_TRUE(retry);
  EXPECT_NE(retry->headers.get("Proxy-Authorization"), nullptr);
  EXPECT_EQ(retry->headers.get("Authorization"), nullptr);
}

TEST(WithCredentials, ReportsRefusedCredentialsOnASecondChallengeWithoutStale) {
  const Message first = RequestBuilder(local()).build(options_spec());
  DigestClient digest("alice", "wrong");
  auto retry = with_credentials(first, challenge(401, "n1"), digest);
  ASSERT_TRUE(retry);
  EXPECT_EQ(with_credentials(*retry, challenge(401, "n1"), digest).error(),
            make_error_code(UacErrc::CredentialsRefused));
}

TEST(WithCredentials, RetriesAStaleNonce) {
  const Message first = RequestBuilder(local()).build(options_spec());
  DigestClient digest("alice", "secret");
  auto retry = with_credentials(first, challenge(401, "n1"), digest);
  ASSERT_TRUE(retry);
  auto again = with_credentials(*retry, challenge(401, "n2", true), digest);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->cseq.number, first.cseq.number + 2);
}

TEST(WithCredentials, RefusesAnotherRealmAndAResponseWithoutChallenge) {
  const Message first = RequestBuilder(local()).build(options_spec());
  DigestClient digest("alice", "secret");
  EXPECT_EQ(with_credentials(first, challenge(401, "n1"), digest, "other").error(),
            make_error_code(UacErrc::RealmMismatch));
  Message bare;
  bare.is_request = false;
  bare.status = 401;
  EXPECT_EQ(with_credentials(first, bare, digest).error(), make_error_code(UacErrc::NotAChallenge));
}

TEST(OutboundProxy, TakesHostPortOrASipUriAsALooseRoute) {
  auto none = parse_outbound_proxy("");
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  auto plain = parse_outbound_proxy(" 127.0.0.1:5999 ");
  ASSERT_TRUE(plain && *plain);
  EXPECT_EQ((*plain)->to_string(), "sip:127.0.0.1:5999;lr");
  auto tcp = parse_outbound_proxy("sip:10.0.0.2:5070;transport=tcp");
  ASSERT_TRUE(tcp && *tcp);
  EXPECT_EQ(next_hop_for(**tcp)->to_string(), "tcp:10.0.0.2:5070");
  auto named = parse_outbound_proxy("proxy.example.com");  // located by RFC 3263 when used
  ASSERT_TRUE(named && *named);
  EXPECT_EQ((*named)->to_string(), "sip:proxy.example.com;lr");
  for (const char* bad : {"sip:user@127.0.0.1", "tel:+4930", "127.0.0.1:x", ":5060"}) {
    EXPECT_FALSE(parse_outbound_proxy(bad)) << bad;
  }
}

TEST(OutboundProxy, RouteViaPutsTheProxyFirstAndReturnsItsHop) {
  Message m = make_request(Method::Invite, *parse_uri("sip:0123@192.0.2.7:5060"));
  NameAddr existing;
  existing.uri = *parse_uri("sip:192.0.2.9;lr");
  m.route.push_back(existing);
  const Uri proxy = **parse_outbound_proxy("127.0.0.1:5999");
  auto hop = route_via(m, proxy);
  ASSERT_TRUE(hop);
  EXPECT_EQ(hop->to_string(), "udp:127.0.0.1:5999");
  ASSERT_EQ(m.route.size(), 2u);
  EXPECT_EQ(m.route[0].uri.to_string(), "sip:127.0.0.1:5999;lr");
  EXPECT_EQ(m.request_uri.to_string(), "sip:0123@192.0.2.7:5060");
}

}  // namespace
}  // namespace va::sip
