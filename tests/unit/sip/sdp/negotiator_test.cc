#include "sip/sdp/negotiator.h"

#include <gtest/gtest.h>

#include "sip/sdp/errc.h"
#include "sip/sdp/parser.h"

namespace va::sdp {
namespace {

LocalMedia local_media() {
  LocalMedia l;
  l.address = "192.0.2.10";
  l.port = 20000;
  l.codecs = {pcmu(), telephone_event()};
  return l;
}

SessionDescription remote_answer() {
  return *parse(
      "v=0\r\no=- 9 9 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\n"
      "m=audio 30000 RTP/AVP 0\r\n");
}

TEST(SdpNegotiator, KeepsSessionIdAndBumpsVersionWhenAReOfferChanges) {
  SdpNegotiator n("4242", 100);
  LocalMedia l = local_media();
  const auto first = n.create_offer(l);
  EXPECT_EQ(first.origin.session_id, "4242");
  EXPECT_EQ(first.origin.session_version, 100u);
  EXPECT_EQ(first.origin.address, "192.0.2.10");
  ASSERT_TRUE(n.process_answer(remote_answer()));

  l.direction = Direction::SendOnly;  // we put the call on hold
  const auto hold = n.create_offer(l);
  EXPECT_EQ(hold.origin.session_id, "4242");
  EXPECT_EQ(hold.origin.session_version, 101u);
  EXPECT_EQ(hold.media[0].direction, Direction::SendOnly);

  l.direction = Direction::SendRecv;
  EXPECT_EQ(n.create_offer(l).origin.session_version, 102u);
}

TEST(SdpNegotiator, KeepsTheVersionForAnUnchangedRefresh) {
  SdpNegotiator n("1", 5);
  const auto first = n.create_offer(local_media());
  const auto again = n.create_offer(local_media());
  EXPECT_EQ(again, first);
  EXPECT_EQ(again.origin.session_version, 5u);
}

TEST(SdpNegotiator, ProcessesTheAnswerOnceAndOnlyWithAnOfferPending) {
  SdpNegotiator n("1", 1);
  EXPECT_EQ(n.process_answer(remote_answer()).error(), make_error_code(Errc::NoOfferPending));
  n.create_offer(local_media());
  EXPECT_TRUE(n.offer_pending());
  auto media = n.process_answer(remote_answer());
  ASSERT_TRUE(media) << media.error().message();
  EXPECT_EQ(media->codec, pcmu());
  EXPECT_FALSE(n.offer_pending());
  EXPECT_FALSE(n.process_answer(remote_answer()));
}

TEST(SdpNegotiator, AnswersStampTheOriginLikeOffers) {
  SdpNegotiator n("77", 3, "voiceagent");
  auto offer = *parse(
      "v=0\r\no=- 9 9 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\n"
      "m=audio 30000 RTP/AVP 0\r\n");
  auto a = n.create_answer(offer, local_media());
  ASSERT_TRUE(a);
  EXPECT_EQ(a->sdp.origin.username, "voiceagent");
  EXPECT_EQ(a->sdp.origin.session_id, "77");
  EXPECT_EQ(a->sdp.origin.session_version, 3u);
  offer.media[0].direction = Direction::SendOnly;  // the peer holds
  auto held = n.create_answer(offer, local_media());
  ASSERT_TRUE(held);
  EXPECT_EQ(held->sdp.origin.session_version, 4u);
  EXPECT_TRUE(held->media.hold);
}

}  // namespace
}  // namespace va::sdp
