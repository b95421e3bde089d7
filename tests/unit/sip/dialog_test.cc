// Dialog: creation as UAS and UAC, in-dialog request construction and the CSeq and target
// rules (RFC 3261 12.1, 12.2; rules in dialog.h).
#include "sip/dialog.h"

#include <gtest/gtest.h>

#include "unit/sip/transaction_test_support.h"

namespace va::sip {
namespace {

using test::request;
using test::sip_uri;

NameAddr route(std::string host, bool loose) {
  NameAddr r;
  r.uri = sip_uri("", std::move(host));
  if (loose) r.uri.params.set("lr");
  return r;
}

Message invite_with_contact() {
  Message m = request(Method::Invite, "z9hG4bKinv", "call-d@test", 7);
  NameAddr contact;
  contact.uri = sip_uri("caller", "192.0.2.10");
  contact.uri.port = 5070;
  m.contact.push_back(contact);
  m.record_route = {route("10.0.0.1", true), route("10.0.0.2", true)};
  return m;
}

LocalContact local() {
  LocalContact l;
  l.host = "127.0.0.1";
  l.port = 5080;
  return l;
}

TEST(DialogTest, UasDialogTakesRemoteTagFromFromAndKeepsRecordRouteInOrder) {
  auto d = Dialog::as_uas(invite_with_contact(), "ours");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->id(), (DialogId{"call-d@test", "ours", "from-tag-1"}));
  ASSERT_EQ(d->route_set().size(), 2u);
  EXPECT_EQ(d->route_set()[0].uri.host, "10.0.0.1");
  EXPECT_EQ(d->route_set()[1].uri.host, "10.0.0.2");
  EXPECT_EQ(d->remote_target().host, "192.0.2.10");
  EXPECT_EQ(d->remote_cseq(), 7u);
  EXPECT_EQ(d->local_cseq(), 0u);
  EXPECT_EQ(*d->local_uri().tag(), "ours");
  EXPECT_EQ(*d->remote_uri().tag(), "from-tag-1");
  EXPECT_TRUE(d->is_early());
  EXPECT_FALSE(d->is_uac());
}

TEST(DialogTest, UasDialogNeedsAFromTagAndAContact) {
  Message no_tag = invite_with_contact();
  no_tag.from.params.remove("tag");
  EXPECT_EQ(Dialog::as_uas(no_tag, "ours").error(), DialogErrc::MissingFromTag);
  Message no_contact = invite_with_contact();
  no_contact.contact.clear();
  EXPECT_EQ(Dialog::as_uas(no_contact, "ours").error(), DialogErrc::MissingContact);
}

TEST(DialogTest, UacDialogReversesRecordRouteAndTakesRemoteTagFromTo) {
  Message invite = request(Method::Invite, "z9hG4bKout", "call-u@test", 3);
  Message ok = test::response_to(invite, 200, "their-tag");
  ok.record_route = {route("10.0.0.1", true), route("10.0.0.2", true)};
  NameAddr contact;
  contact.uri = sip_uri("callee", "192.0.2.20");
  ok.contact.push_back(contact);
  auto d = Dialog::as_uac(invite, ok);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->id(), (DialogId{"call-u@test", "from-tag-1", "their-tag"}));
  ASSERT_EQ(d->route_set().size(), 2u);
  EXPECT_EQ(d->route_set()[0].uri.host, "10.0.0.2");
  EXPECT_EQ(d->route_set()[1].uri.host, "10.0.0.1");
  EXPECT_EQ(d->local_cseq(), 3u);
  EXPECT_FALSE(d->is_early());
  EXPECT_TRUE(d->is_uac());
}

TEST(DialogTest, UacDialogNeedsATaggedProvisionalOr2xx) {
  Message invite = request(Method::Invite);
  Message trying = test::response_to(invite, 100);
  EXPECT_EQ(Dialog::as_uac(invite, trying).error(), DialogErrc::NotDialogCreating);
  Message ringing = test::response_to(invite, 180, "");
  EXPECT_EQ(Dialog::as_uac(invite, ringing).error(), DialogErrc::MissingToTag);
  Message busy = test::response_to(invite, 486);
  EXPECT_EQ(Dialog::as_uac(invite, busy).error(), DialogErrc::NotDialogCreating);
}

TEST(DialogTest, UacEarlyDialogRecomputesRouteSetAndTargetFromThe2xx) {
  Message invite = request(Method::Invite);
  Message ringing = test::response_to(invite, 180, "t");
  NameAddr early_contact;
  early_contact.uri = sip_uri("callee", "192.0.2.20");
  ringing.contact.push_back(early_contact);
  ringing.record_route = {route("10.0.0.9", true)};
  auto d = Dialog::as_uac(invite, ringing);
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->is_early());
  Message ok = test::response_to(invite, 200, "t");
  NameAddr contact;
  contact.uri = sip_uri("callee", "192.0.2.21");
  ok.contact.push_back(contact);
  ok.record_route = {route("10.0.0.1", true), route("10.0.0.2", true)};
  d->confirm_with(ok);
  EXPECT_FALSE(d->is_early());
  EXPECT_EQ(d->remote_target().host, "192.0.2.21");
  ASSERT_EQ(d->route_set().size(), 2u);
  EXPECT_EQ(d->route_set()[0].uri.host, "10.0.0.2");
}

TEST(DialogTest, RequestWithoutRouteSetGoesToTheRemoteTarget) {
  Message invite = invite_with_contact();
  invite.record_route.clear();
  auto d = Dialog::as_uas(invite, "ours");
  ASSERT_TRUE(d);
  Message bye = d->make_request(Method::Bye, local());
  EXPECT_EQ(bye.request_uri.host, "192.0.2.10");
  EXPECT_TRUE(bye.route.empty());
  EXPECT_EQ(bye.call_id, "call-d@test");
  EXPECT_EQ(*bye.from.tag(), "ours");
  EXPECT_EQ(*bye.to.tag(), "from-tag-1");
  EXPECT_EQ(bye.max_forwards, 70);
  ASSERT_EQ(bye.via.size(), 1u);
  EXPECT_EQ(bye.via[0].host, "127.0.0.1");
  EXPECT_EQ(bye.via[0].port, 5080);
  EXPECT_TRUE(bye.via[0].rfc3261_branch());
  EXPECT_TRUE(bye.contact.empty());  // BYE is no target refresh
  auto hop = d->next_hop();
  ASSERT_TRUE(hop);
  EXPECT_EQ(hop->address.to_string(), "192.0.2.10");
  EXPECT_EQ(hop->port, 5070);
}

TEST(DialogTest, LooseRouterKeepsTheRemoteTargetAsRequestUriAndTheRouteSetAsRoute) {
  auto d = Dialog::as_uas(invite_with_contact(), "ours");
  ASSERT_TRUE(d);
  Message reinvite = d->make_request(Method::Invite, local());
  EXPECT_EQ(reinvite.request_uri.host, "192.0.2.10");
  ASSERT_EQ(reinvite.route.size(), 2u);
  EXPECT_EQ(reinvite.route[0].uri.host, "10.0.0.1");
  ASSERT_EQ(reinvite.contact.size(), 1u);  // a target refresh carries our Contact
  EXPECT_EQ(reinvite.contact[0].uri.port, 5080);
  auto hop = d->next_hop();
  ASSERT_TRUE(hop);
  EXPECT_EQ(hop->address.to_string(), "10.0.0.1");
  EXPECT_EQ(hop->port, 5060);
}

TEST(DialogTest, StrictRouterGoesIntoTheRequestUriAndTheTargetBecomesTheLastRoute) {
  Message invite = invite_with_contact();
  invite.record_route = {route("10.0.0.1", false), route("10.0.0.2", true)};
  invite.record_route[0].uri.headers.set("X", "y");
  auto d = Dialog::as_uas(invite, "ours");
  ASSERT_TRUE(d);
  Message bye = d->make_request(Method::Bye, local());
  EXPECT_EQ(bye.request_uri.host, "10.0.0.1");
  EXPECT_TRUE(bye.request_uri.headers.empty());
  ASSERT_EQ(bye.route.size(), 2u);
  EXPECT_EQ(bye.route[0].uri.host, "10.0.0.2");
  EXPECT_EQ(bye.route[1].uri.host, "192.0.2.10");
}

TEST(DialogTest, CSeqGoesUpForEachRequestButNotForAckOrCancel) {
  auto d = Dialog::as_uas(invite_with_contact(), "ours");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->make_request(Method::Invite, local()).cseq.number, 1u);
  EXPECT_EQ(d->make_request(Method::Ack, local()).cseq.number, 1u);
  EXPECT_EQ(d->make_request(Method::Bye, local()).cseq.number, 2u);
  Message ack = d->make_ack(1, local());
  EXPECT_EQ(ack.cseq.number, 1u);
  EXPECT_EQ(ack.cseq.method, Method::Ack);
  EXPECT_EQ(d->local_cseq(), 2u);
}

TEST(DialogTest, UacRequestsContinueFromTheInviteCSeq) {
  Message invite = request(Method::Invite, "z9hG4bKout", "c", 41);
  Message ok = test::response_to(invite, 200, "t");
  NameAddr contact;
  contact.uri = sip_uri("callee", "127.0.0.1");
  ok.contact.push_back(contact);
  auto d = Dialog::as_uac(invite, ok);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->make_ack(41, local()).cseq.number, 41u);
  EXPECT_EQ(d->make_request(Method::Bye, local()).cseq.number, 42u);
}

TEST(DialogTest, LowerRemoteCSeqIsOutOfOrder) {
  auto d = Dialog::as_uas(invite_with_contact(), "ours");  // remote CSeq 7
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->accept_remote_cseq(6));
  EXPECT_TRUE(d->accept_remote_cseq(8));
  EXPECT_FALSE(d->accept_remote_cseq(7));
  EXPECT_EQ(d->remote_cseq(), 8u);
}

TEST(DialogTest, TargetRefreshReplacesTheRemoteTarget) {
  auto d = Dialog::as_uas(invite_with_contact(), "ours");
  ASSERT_TRUE(d);
  Message reinvite = request(Method::Invite);
  d->update_target(reinvite);  // no Contact: unchanged
  EXPECT_EQ(d->remote_target().host, "192.0.2.10");
  NameAddr contact;
  contact.uri = sip_uri("caller", "192.0.2.99");
  reinvite.contact.push_back(contact);
  d->update_target(reinvite);
  EXPECT_EQ(d->remote_target().host, "192.0.2.99");
}

TEST(DialogTest, NextHopRefusesHostNamesAndHonoursTransportTcp) {
  Message invite = invite_with_contact();
  invite.record_route.clear();
  invite.contact[0].uri.host = "pbx.example.com";
  auto named = Dialog::as_uas(invite, "ours");
  ASSERT_TRUE(named);
  EXPECT_EQ(named->next_hop().error(), DialogErrc::NoNumericHop);
  invite.contact[0].uri.host = "::1";
  invite.contact[0].uri.params.set("transport", "tcp");
  auto tcp = Dialog::as_uas(invite, "ours");
  ASSERT_TRUE(tcp);
  auto hop = tcp->next_hop();
  ASSERT_TRUE(hop);
  EXPECT_EQ(hop->protocol, TransportProtocol::Tcp);
  EXPECT_EQ(hop->address.to_string(), "::1");
}

TEST(DialogTest, DialogIdOfAnIncomingRequestIsToTagThenFromTag) {
  Message bye = request(Method::Bye);
  bye.to.params.set("tag", "ours");
  EXPECT_EQ(DialogId::of_incoming_request(bye), (DialogId{"call-1@test", "ours", "from-tag-1"}));
  DialogIdHash hash;
  EXPECT_EQ(hash(DialogId{"a", "b", "c"}), hash(DialogId{"a", "b", "c"}));
  EXPECT_NE(hash(DialogId{"a", "b", "c"}), hash(DialogId{"a", "c", "b"}));
}

}  // namespace
}  // namespace va::sip
