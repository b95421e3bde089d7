// InviteSession: BYE both ways, in-dialog requests, re-INVITE offers, glare and session
// timers, on the UAS and the UAC side (RFC 3261 12.2, 14, 15; RFC 4028; invite_session.h).
#include "sip/invite_session.h"

#include <gtest/gtest.h>

#include "unit/sip/dialog_test_support.h"

namespace va::sip {
namespace {

using namespace std::chrono_literals;

class InviteSessionTest : public ::testing::Test, public test::DialogFixture {
 protected:
  // An answered and acknowledged incoming call.
  std::shared_ptr<InviteSession> confirmed_call(Message invite = peer_invite()) {
    auto session = answered_call(std::move(invite));
    if (session) deliver(peer_ack());
    return session;
  }
};

TEST_F(InviteSessionTest, ByeFromThePeerGets200AndEndsTheSession) {
  auto session = confirmed_call();
  ASSERT_TRUE(session);
  deliver(peer_request(Method::Bye, 2, "z9hG4bKbye"));
  EXPECT_EQ(last_sent().status, 200);
  ASSERT_EQ(log.terminated.size(), 1u);
  EXPECT_EQ(log.terminated[0].first, TerminationReason::RemoteBye);
  EXPECT_TRUE(session->terminated());
  EXPECT_EQ(registry.session_count(), 0u);
}

TEST_F(InviteSessionTest, ByeFromAnotherSourceAddressButTheRightDialogIsAccepted) {
  auto session = confirmed_call();
  ASSERT_TRUE(session);
  TransportAddress elsewhere = test::udp_peer(6000);
  elsewhere.address = boost::asio::ip::make_address("127.0.0.2");
  deliver(peer_request(Method::Bye, 2, "z9hG4bKbye"), elsewhere);
  EXPECT_EQ(last_sent().status, 200);
  ASSERT_EQ(log.terminated.size(), 1u);
  EXPECT_EQ(log.terminated[0].first, TerminationReason::RemoteBye);
}

TEST_F(InviteSessionTest, ByeForAnUnknownDialogGets481AndLeavesTheCallAlone) {
  auto session = confirmed_call();
  ASSERT_TRUE(session);
  Message bye = peer_request(Method::Bye, 2, "z9hG4bKbye");
  bye.to.params.set("tag", "not-ours");
  deliver(bye);
  EXPECT_EQ(last_sent().status, 481);
  EXPECT_TRUE(log.terminated.empty());
  Message other_call = peer_request(Method::Bye, 2, "z9hG4bKbye2");
  other_call.call_id = "another-call@test";
  deliver(other_call);
  EXPECT_EQ(last_sent().status, 481);
  EXPECT_FALSE(session->terminated());
}

TEST_F(InviteSessionTest, HangupSendsByeToTheContactAndEndsOnItsResponse) {
  auto session = confirmed_call();
  ASSERT_TRUE(session);
  EXPECT_TRUE(session->hangup());
  auto byes = sent_requests(Method::Bye);
  ASSERT_EQ(byes.size(), 1u);
  const Message& bye = byes[0].message;
  EXPECT_EQ(byes[0].to, test::udp_peer(5070));
  EXPECT_EQ(bye.request_uri.user, "caller");
  EXPECT_EQ(*bye.from.tag(), our_tag);
  EXPECT_EQ(*bye.to.tag(), "from-tag-1");
  EXPECT_EQ(bye.cseq.number, 1u);
  EXPECT_EQ(session->state(), InviteSession::State::Terminating);
  EXPECT_FALSE(session->hangup());
  peer_answers(Method::Bye, 200);
  ASSERT_EQ(log.terminated.size(), 1u);
  EXPECT_EQ(log.terminated[0], std::make_pair(TerminationReason::LocalBye, 200));
}

TEST_F(InviteSessionTest, ADialogOverTcpNamesTcpInContactAndViaOfItsBye) {
  Message invite = peer_invite();
  invite.via[0].transport = "TCP";
  invite.contact[0].uri.params.set("transport", "tcp");
  deliver(invite, test::tcp_peer(5070, 3));
  ASSERT_EQ(calls.size(), 1u);
  auto session = calls[0]->answer(test::kOurSdp, log.events());
  ASSERT_TRUE(session);
  EXPECT_EQ(*last_sent().contact.at(0).uri.params.get("transport"), "tcp");
  our_tag = session->dialog().local_tag();
  deliver(peer_ack(), test::tcp_peer(5070, 3));
  ASSERT_TRUE(session->hangup());
  auto byes = sent_requests(Method::Bye);
  ASSERT_EQ(byes.size(), 1u);
  EXPECT_EQ(byes[0].to.protocol, TransportProtocol::Tcp);
  EXPECT_EQ(byes[0].message.via.at(0).transport, "TCP");
}

TEST_F(InviteSessionTest, AByeThatTimesOutOrGets481StillEndsTheSession) {
  auto session = confirmed_call();
  ASSERT_TRUE(session);
  session->hangup();
  timers.advance(40s);  // Timer F: the transaction reports 408
  ASSERT_EQ(log.terminated.size(), 1u);
  EXPECT_EQ(log.terminated[0], std::make_pair(TerminationReason::LocalBye, 408));
}

TEST_F(InviteSessionTest, HangupBeforeTheAckWaitsForTheAck) {
  auto session = answered_call();
  ASSERT_TRUE(session);
  EXPECT_TRUE(session->hangup());
  EXPECT_TRUE(sent_requests(Method::Bye).empty());
  deliver(peer_ack());
  EXPECT_EQ(sent_requests(Method::Bye).size(), 1u);
}

TEST_F(InviteSessionTest, ALowerCSeqInTheDialogGets500) {
  Message invite = peer_invite();
  invite.cseq.number = 5;
  auto session = answered_call(invite);
  ASSERT_TRUE(session);
  deliver(peer_ack(5));
  deliver(peer_request(Method::Info, 4, "z9hG4bKold"));
  EXPECT_EQ(last_sent().status, 500);
  EXPECT_EQ(registry.counters().out_of_order_cseq.load(), 1u);
  EXPECT_EQ(log.infos, 0);
  deliver(peer_request(Method::Info, 6, "z9hG4bKnew"));
  EXPECT_EQ(last_sent().status, 200);
  EXPECT_EQ(log.infos, 1);
}

TEST_F(InviteSessionTest, AReInviteWithANewAddressIsOfferedToTheCallLayerAndAnswered) {
  auto session = confirmed_call();
  ASSERT_TRUE(session);
  Message reinvite = peer_request(Method::Invite, 2, "z9hG4bKre");
  reinvite.body = test::sdp_body("192.0.2.55", 32000, 2);
  reinvite.content_type = "application/sdp";
  NameAddr contact;
  contact.uri = test::sip_uri("caller", "127.0.0.1");
  contact.uri.port = 5071;
  reinvite.contact.push_back(contact);
  deliver(reinvite);
  ASSERT_EQ(log.offers.size(), 1u);
  EXPECT_EQ(log.offers[0].connection->address, "192.0.2.55");
  const Message& ok200 = last_sent();
  EXPECT_EQ(ok200.status, 200);
  EXPECT_EQ(ok200.body, test::sdp_body("127.0.0.1", 40000, 2));
  EXPECT_EQ(session->local_sdp(), ok200.body);
  EXPECT_EQ(session->dialog().remote_target().port, 5071);  // target refresh
  // The 2xx to the re-INVITE is resent until its ACK too.
  sender.sent.clear();
  timers.advance(600ms);
  EXPECT_EQ(count_status(200), 1u);
  deliver(peer_ack(2));
  sender.sent.clear();
  timers.advance(10s);
  EXPECT_TRUE(sender.sent.empty());
  EXPECT_TRUE(log.terminated.empty());
}

TEST_F(InviteSessionTest, ARefreshWithTheSameSdpIsAnsweredWithoutAskingTheCallLayer) {
  auto session = confirmed_call();
  ASSERT_TRUE(session);
  Message refresh = peer_request(Method::Invite, 2, "z9hG4bKre");
  refresh.body = test::sdp_body("127.0.0.1", 30000);  // what the INVITE offered
  refresh.content_type = "application/sdp";
  deliver(refresh);
  EXPECT_EQ(last_sent().status, 200);
  EXPECT_EQ(last_sent().body, test::kOurSdp);
  EXPECT_TRUE(log.offers.empty());
}

TEST_F(InviteSessionTest, AReInviteOfferTheCallLayerRefusesGets488) {
  auto session = confirmed_call();
  ASSERT_TRUE(session);
  log.reject_offers = true;
  Message reinvite = peer_request(Method::Invite, 2, "z9hG4bKre");
  reinvite.body = test::sdp_body("192.0.2.55", 32000, 2);
  reinvite.content_type = "application/sdp";
  deliver(reinvite);
  EXPECT_EQ(last_sent().status, 488);
  EXPECT_EQ(registry.counters().offers_refused.load(), 1u);
  EXPECT_EQ(session->local_sdp(), test::kOurSdp);
}

TEST_F(InviteSessionTest, ASessionClosedFromItsOfferHandlerRefusesTheReInviteSafely) {
  auto session = confirmed_call();
  ASSERT_TRUE(session);
  InviteSessionEvents events = log.events();
  events.on_offer = [&](const sdp::SessionDescription&) -> core::Result<std::string> {
    session->close();
    return test::kOurSdp;
  };
  session->set_events(std::move(events));
  Message reinvite = peer_request(Method::Invite, 2, "z9hG4bKre");
  reinvite.body = test::sdp_body("192.0.2.55", 32000, 2);
  reinvite.content_type = "application/sdp";
  deliver(reinvite);
  EXPECT_EQ(last_sent().status, 481);
  EXPECT_EQ(registry.session_count(), 0u);
  EXPECT_TRUE(log.terminated.empty());
}

TEST_F(InviteSessionTest, AReInviteWithoutSdpGetsOurCurrentSdpAndTheAckAnswerIsDelivered) {
  auto session = confirmed_call();
  ASSERT_TRUE(session);
  deliver(peer_request(Method::Invite, 2, "z9hG4bKre"));
  EXPECT_EQ(last_sent().status, 200);
  EXPECT_EQ(last_sent().body, test::kOurSdp);
  EXPECT_TRUE(log.offers.empty());
  deliver(peer_ack(2, test::sdp_body("127.0.0.1", 30000, 2, "sendonly")));
  ASSERT_EQ(log.answers.size(), 1u);
  EXPECT_EQ(log.answers[0].media.at(0).direction, sdp::Direction::SendOnly);
}

TEST_F(InviteSessionTest, UpdateWithAnOfferIsAnsweredLikeAReInvite) {
  auto session = confirmed_call();
  ASSERT_TRUE(session);
  Message update = peer_request(Method::Update, 2, "z9hG4bKupd");
  update.body = test::sdp_body("127.0.0.1", 30002, 2);
  update.content_type = "application/sdp";
  deliver(update);
  EXPECT_EQ(last_sent().status, 200);
  ASSERT_EQ(log.offers.size(), 1u);
  EXPECT_EQ(log.offers[0].media.at(0).port, 30002);
}

TEST_F(InviteSessionTest, InfoGets200AndReachesTheCallLayer) {
  auto session = confirmed_call();
  ASSERT_TRUE(session);
  Message info = peer_request(Method::Info, 2, "z9hG4bKinfo");
  info.content_type = "application/dtmf-relay";
  info.body = "Signal=5\r\nDuration=160\r\n";
  deliver(info);
  EXPECT_EQ(last_sent().status, 200);
  EXPECT_EQ(log.infos, 1);
}

TEST_F(InviteSessionTest, InfoGetsTheStatusTheCallLayerChoseAndTheSessionGoesOn) {
  auto session = confirmed_call();
  ASSERT_TRUE(session);
  log.info_status = 415;
  Message info = peer_request(Method::Info, 2, "z9hG4bKinfo415");
  info.content_type = "text/plain";
  info.body = "press 5";
  deliver(info);
  EXPECT_EQ(last_sent().status, 415);
  EXPECT_NE(last_sent().headers.get("Accept"), nullptr);
  log.info_status = 400;
  deliver(peer_request(Method::Info, 3, "z9hG4bKinfo400"));
  EXPECT_EQ(last_sent().status, 400);
  EXPECT_EQ(log.infos, 2);
  EXPECT_FALSE(session->terminated());
}

TEST_F(InviteSessionTest, OurInfoCarriesItsBodyAndReportsTheFinalStatus) {
  auto session = confirmed_call();
  ASSERT_TRUE(session);
  std::vector<int> statuses;
  ASSERT_TRUE(session->send_info("application/dtmf-relay", "Signal=#\r\nDuration=100\r\n",
                                 [&](int status) { statuses.push_back(status); }));
  auto infos = sent_requests(Method::Info);
  ASSERT_EQ(infos.size(), 1u);
  EXPECT_EQ(infos[0].message.content_type, "application/dtmf-relay");
  EXPECT_EQ(infos[0].message.body, "Signal=#\r\nDuration=100\r\n");
  EXPECT_TRUE(statuses.empty());
  peer_answers(Method::Info, 200);
  ASSERT_EQ(statuses.size(), 1u);
  EXPECT_EQ(statuses[0], 200);
}

TEST_F(InviteSessionTest, OurReferCarriesReferToAndItsNotifysReachTheCallLayer) {
  auto session = confirmed_call();
  ASSERT_TRUE(session);
  std::vector<std::pair<int, std::string>> answers;
  std::vector<std::string> notified;
  auto events = log.events();
  events.on_notify = [&](const Message& m) {
    notified.push_back(m.body);
    return m.body.empty() ? 400 : 200;
  };
  session->set_events(std::move(events));
  ASSERT_TRUE(session->send_refer("sip:+4930555@127.0.0.1:5090", [&](int s, const std::string& r) {
    answers.emplace_back(s, r);
  }));
  auto refers = sent_requests(Method::Refer);
  ASSERT_EQ(refers.size(), 1u);
  ASSERT_NE(refers[0].message.headers.get("Refer-To"), nullptr);
  EXPECT_EQ(*refers[0].message.headers.get("Refer-To"), "<sip:+4930555@127.0.0.1:5090>");
  EXPECT_EQ(refers[0].message.contact.size(), 1u);
  peer_answers(Method::Refer, 202);
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0].first, 202);
  Message notify = peer_request(Method::Notify, 2, "z9hG4bKnotify1");
  notify.headers.add("Event", "refer");
  notify.content_type = "message/sipfrag";
  notify.body = "SIP/2.0 200 OK\r\n";
  deliver(notify);
  EXPECT_EQ(last_sent().status, 200);
  deliver(peer_request(Method::Notify, 3, "z9hG4bKnotify2"));  // no body: the handler says 400
  EXPECT_EQ(last_sent().status, 400);
  ASSERT_EQ(notified.size(), 2u);
  EXPECT_EQ(notified[0], "SIP/2.0 200 OK\r\n");
  EXPECT_FALSE(session->terminated());
}

TEST_F(InviteSessionTest, ANotifyWithoutAHandlerGets481AndNoReferBeforeConfirmation) {
  auto early = answered_call();  // 2xx sent, no ACK yet
  ASSERT_TRUE(early);
  EXPECT_FALSE(early->send_refer("sip:a@127.0.0.1", {}));
  EXPECT_TRUE(sent_requests(Method::Refer).empty());
  deliver(peer_ack());
  deliver(peer_request(Method::Notify, 2, "z9hG4bKnotify481"));
  EXPECT_EQ(last_sent().status, 481);
  EXPECT_FALSE(early->terminated());
}

TEST_F(InviteSessionTest, OurReInviteGetsAnAckAndTheAnswerIsDelivered) {
  auto session = confirmed_call();
  ASSERT_TRUE(session);
  const std::string hold = test::sdp_body("127.0.0.1", 40000, 2, "sendonly");
  EXPECT_TRUE(session->reinvite(hold));
  EXPECT_FALSE(session->reinvite(hold));  // one at a time
  auto invites = sent_requests(Method::Invite);
  ASSERT_EQ(invites.size(), 1u);
  EXPECT_EQ(invites[0].message.body, hold);
  ASSERT_EQ(invites[0].message.contact.size(), 1u);
  peer_answers(Method::Invite, 200, test::sdp_body("127.0.0.1", 30000, 2, "recvonly"));
  auto acks = sent_requests(Method::Ack);
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(acks[0].message.cseq.number, invites[0].message.cseq.number);
  ASSERT_EQ(log.answers.size(), 1u);
  EXPECT_EQ(session->local_sdp(), hold);
  peer_answers(Method::Invite, 200, test::sdp_body("127.0.0.1", 30000, 2, "recvonly"));
  EXPECT_EQ(sent_requests(Method::Ack).size(), 2u);  // the retransmitted 2xx gets the ACK again
  EXPECT_EQ(log.answers.size(), 1u);
}

TEST_F(InviteSessionTest, GlareAnswers491AndOurRefusedReInviteIsReported) {
  auto session = confirmed_call();
  ASSERT_TRUE(session);
  ASSERT_TRUE(session->reinvite(test::sdp_body("127.0.0.1", 40000, 2, "sendonly")));
  Message theirs = peer_request(Method::Invite, 2, "z9hG4bKre");
  deliver(theirs);
  EXPECT_EQ(last_sent().status, 491);
  EXPECT_EQ(registry.counters().glare.load(), 1u);
  peer_answers(Method::Invite, 491);
  EXPECT_EQ(log.reinvite_failures, std::vector<int>{491});
  EXPECT_EQ(session->local_sdp(), test::kOurSdp);
  EXPECT_TRUE(session->reinvite(test::kOurSdp));
}

TEST_F(InviteSessionTest, OurReInviteStillRingingAtHangupIsCancelledAndGivenUpAt64T1) {
  config.t1 = 10ms;  // 64*T1 = 640 ms
  config.t4 = 10ms;  // Timer K of the BYE
  auto session = confirmed_call();
  ASSERT_TRUE(session);
  ASSERT_TRUE(session->reinvite(test::sdp_body("127.0.0.1", 40000, 2, "sendonly")));
  const Message reinvite = sent_requests(Method::Invite).back().message;
  peer_answers(Method::Invite, 180);  // and then nothing more, not even to the CANCEL
  ASSERT_TRUE(session->hangup());
  const auto cancels = sent_requests(Method::Cancel);
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(cancels[0].message.via[0].branch(), reinvite.via[0].branch());
  EXPECT_EQ(cancels[0].message.cseq.number, reinvite.cseq.number);
  EXPECT_EQ(cancels[0].message.cseq.method, Method::Cancel);
  EXPECT_EQ(cancels[0].message.call_id, reinvite.call_id);
  EXPECT_EQ(cancels[0].to.to_string(), sent_requests(Method::Invite).back().to.to_string());
  peer_answers(Method::Bye, 200);
  ASSERT_EQ(log.terminated.size(), 1u);
  EXPECT_EQ(log.terminated[0], std::make_pair(TerminationReason::LocalBye, 200));
  EXPECT_TRUE(log.reinvite_failures.empty());
  EXPECT_EQ(layer.client_count(), 3u);  // re-INVITE, CANCEL, BYE (Timer K)
  timers.advance(config.timeout_64t1());
  EXPECT_EQ(layer.client_count(), 0u);
  EXPECT_EQ(layer.server_count(), 0u);
  EXPECT_EQ(timers.pending(), 0u);
  EXPECT_EQ(counters.transactions_active, 0);
}

TEST_F(InviteSessionTest, AReInviteUnansweredAtHangupIsNotCancelledButStillEnds) {
  config.t1 = 10ms;
  config.t4 = 10ms;
  auto session = confirmed_call();
  ASSERT_TRUE(session);
  ASSERT_TRUE(session->reinvite(test::sdp_body("127.0.0.1", 40000, 2, "sendonly")));
  ASSERT_TRUE(session->hangup());
  EXPECT_TRUE(sent_requests(Method::Cancel).empty());  // 9.1: not before a provisional
  peer_answers(Method::Bye, 200);
  timers.advance(config.timeout_64t1() / 2);
  // A provisional after the session ended: the abandoned transaction gives up 64*T1 later
  // instead of ringing for ever.
  peer_answers(Method::Invite, 180);
  timers.advance(config.timeout_64t1() - 1ms);
  EXPECT_EQ(layer.client_count(), 1u);
  timers.advance(1ms);
  EXPECT_EQ(layer.client_count(), 0u);
  EXPECT_EQ(timers.pending(), 0u);
  EXPECT_EQ(counters.transactions_active, 0);
  ASSERT_EQ(log.terminated.size(), 1u);
}

TEST_F(InviteSessionTest, ClosingASessionAbandonsItsRingingReInviteToo) {
  config.t1 = 10ms;
  config.t4 = 10ms;
  auto session = confirmed_call();
  ASSERT_TRUE(session);
  ASSERT_TRUE(session->reinvite(test::sdp_body("127.0.0.1", 40000, 2, "sendonly")));
  peer_answers(Method::Invite, 183);
  session.reset();  // its owner drops it: no BYE (rule 8), but the re-INVITE is CANCELled
  EXPECT_TRUE(sent_requests(Method::Bye).empty());
  EXPECT_EQ(sent_requests(Method::Cancel).size(), 1u);
  timers.advance(config.timeout_64t1());
  EXPECT_EQ(layer.client_count(), 0u);
  EXPECT_EQ(timers.pending(), 0u);
}

TEST_F(InviteSessionTest, ClosedSessionsSendNoEventsAndLeaveTheRegistry) {
  auto session = answered_call();  // 2xx resend and ACK timers running
  ASSERT_TRUE(session);
  const DialogId id = session->id();
  const auto pending = timers.pending();
  session->close();
  EXPECT_EQ(registry.find(id), nullptr);
  EXPECT_EQ(timers.pending(), pending - 2);
  deliver(peer_ack());
  deliver(peer_request(Method::Bye, 2, "z9hG4bKbye"));
  EXPECT_EQ(last_sent().status, 481);
  EXPECT_TRUE(log.terminated.empty());
}

TEST_F(InviteSessionTest, DroppingTheSessionCancelsItsTimers) {
  auto session = answered_call();
  ASSERT_TRUE(session);
  EXPECT_GT(timers.pending(), 0u);
  session.reset();
  EXPECT_EQ(registry.session_count(), 0u);
  sender.sent.clear();
  timers.advance(60s);
  for (const auto& s : sender.sent)
    EXPECT_NE(s.message.status, 200);
  EXPECT_TRUE(sent_requests(Method::Bye).empty());
}

// --- session timers (RFC 4028) ---

TEST_F(InviteSessionTest, AsRefresherTheUasSendsAReInviteWithItsUnchangedSdpAtHalfTheInterval) {
  Message invite = peer_invite();
  invite.headers.add("Session-Expires", "120;refresher=uas");
  auto session = confirmed_call(invite);
  ASSERT_TRUE(session);
  timers.advance(59s);
  EXPECT_TRUE(sent_requests(Method::Invite).empty());
  timers.advance(1s);
  auto refreshes = sent_requests(Method::Invite);
  ASSERT_EQ(refreshes.size(), 1u);
  EXPECT_EQ(refreshes[0].message.body, test::kOurSdp);  // same o= version: nothing changed
  EXPECT_EQ(*refreshes[0].message.headers.get("Session-Expires"), "120;refresher=uac");
  Message ok200 = test::response_to(refreshes[0].message, 200);
  ok200.headers.add("Session-Expires", "120;refresher=uac");
  deliver(ok200);
  EXPECT_EQ(sent_requests(Method::Ack).size(), 1u);
  timers.advance(60s);
  EXPECT_EQ(sent_requests(Method::Invite).size(), 2u);
  EXPECT_TRUE(log.terminated.empty());
}

TEST_F(InviteSessionTest, ARefreshRefusedWith422IsRetriedWithThePeersMinSe) {
  Message invite = peer_invite();
  invite.headers.add("Session-Expires", "120;refresher=uas");
  auto session = confirmed_call(invite);
  ASSERT_TRUE(session);
  timers.advance(60s);
  auto refreshes = sent_requests(Method::Invite);
  ASSERT_EQ(refreshes.size(), 1u);
  Message too_small = test::response_to(refreshes[0].message, 422);
  too_small.headers.add("Min-SE", "300");
  deliver(too_small);
  refreshes = sent_requests(Method::Invite);
  ASSERT_EQ(refreshes.size(), 2u);
  EXPECT_EQ(*refreshes[1].message.headers.get("Session-Expires"), "300;refresher=uac");
  EXPECT_GT(refreshes[1].message.cseq.number, refreshes[0].message.cseq.number);
  EXPECT_TRUE(log.terminated.empty());
}

TEST_F(InviteSessionTest, WhenThePeerRefreshesNoRefreshBeforeExpiryMeansBye) {
  Message invite = peer_invite();
  invite.headers.add("Session-Expires", "120");
  invite.headers.add("Supported", "timer");
  auto session = confirmed_call(invite);
  ASSERT_TRUE(session);
  timers.advance(87s);
  EXPECT_TRUE(sent_requests(Method::Bye).empty());
  timers.advance(1s);  // 120 - min(32, 40) = 88 s
  auto byes = sent_requests(Method::Bye);
  ASSERT_EQ(byes.size(), 1u);
  deliver(test::response_to(byes[0].message, 200));
  ASSERT_EQ(log.terminated.size(), 1u);
  EXPECT_EQ(log.terminated[0], std::make_pair(TerminationReason::SessionExpired, 200));
  EXPECT_EQ(registry.counters().sessions_expired.load(), 1u);
}

TEST_F(InviteSessionTest, APeerRefreshRestartsTheExpiryTimer) {
  Message invite = peer_invite();
  invite.headers.add("Session-Expires", "120;refresher=uac");
  auto session = confirmed_call(invite);
  ASSERT_TRUE(session);
  timers.advance(60s);
  Message refresh = peer_request(Method::Update, 2, "z9hG4bKrefresh");
  refresh.headers.add("Session-Expires", "120;refresher=uac");
  deliver(refresh);
  EXPECT_EQ(last_sent().status, 200);
  EXPECT_EQ(*last_sent().headers.get("Session-Expires"), "120;refresher=uac");
  timers.advance(60s);  // past the first expiry (88 s)
  EXPECT_TRUE(sent_requests(Method::Bye).empty());
  timers.advance(30s);
  auto byes = sent_requests(Method::Bye);
  ASSERT_FALSE(byes.empty());
  EXPECT_EQ(byes[0].at, 148000ms);  // 60 s + 88 s after the refresh
}

}  // namespace
}  // namespace va::sip
