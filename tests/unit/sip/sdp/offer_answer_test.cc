#include "sip/sdp/offer_answer.h"

#include <gtest/gtest.h>

#include "sip/sdp/errc.h"
#include "sip/sdp/parser.h"
#include "sip/sdp/serializer.h"

namespace va::sdp {
namespace {

LocalMedia local_media() {
  LocalMedia l;
  l.address = "192.0.2.10";
  l.port = 20000;
  l.codecs = {pcmu(), pcma(), g722(), telephone_event(101)};
  l.ptime_ms = 20;
  return l;
}

SessionDescription parse_ok(std::string_view text) {
  auto r = parse(text);
  EXPECT_TRUE(r) << r.error().message();
  return r ? *r : SessionDescription{};
}

std::string offer_text(std::string_view media) {
  return "v=0\r\no=- 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\n" +
         std::string(media);
}

TEST(SdpOffer, ListsLocalCodecsInPreferenceOrder) {
  LocalMedia l = local_media();
  l.rtcp_mux = true;
  const SessionDescription offer = build_offer(l);
  ASSERT_EQ(offer.media.size(), 1u);
  const auto& m = offer.media[0];
  EXPECT_EQ(m.formats, (std::vector<std::string>{"0", "8", "9", "101"}));
  EXPECT_EQ(m.rtpmap(9)->clock_rate, 8000u);
  EXPECT_EQ(m.fmtp(101)->parameters, "0-16");
  EXPECT_EQ(m.ptime_ms, 20u);
  EXPECT_EQ(m.direction, Direction::SendRecv);
  EXPECT_TRUE(m.rtcp_mux);
  EXPECT_EQ(offer.connection->address, "192.0.2.10");
  // What we send must parse back to the same thing.
  auto back = parse(serialize(offer));
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(back->media[0], m);
}

TEST(SdpAnswer, PicksTheFirstCodecInTheOffersOrder) {
  const auto offer =
      parse_ok(offer_text("m=audio 30000 RTP/AVP 18 8 0 96\r\na=rtpmap:96 telephone-event/8000\r\n"
                          "a=fmtp:96 0-15\r\na=ptime:30\r\n"));
  auto a = answer_offer(offer, local_media());
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_EQ(a->media.codec.name, "PCMA");
  EXPECT_EQ(a->media.codec.payload_type, 8);
  EXPECT_EQ(a->media.dtmf_payload_type, 96);
  EXPECT_EQ(a->media.remote_address, "198.51.100.7");
  EXPECT_EQ(a->media.remote_port, 30000);
  EXPECT_EQ(a->media.ptime_ms, 30u);
  EXPECT_EQ(a->media.direction, Direction::SendRecv);
  EXPECT_FALSE(a->media.hold);
  EXPECT_FALSE(a->media.rtcp_mux);
  const auto& m = a->sdp.media[0];
  EXPECT_EQ(m.port, 20000);
  EXPECT_EQ(m.formats, (std::vector<std::string>{"8", "96"}));
  EXPECT_EQ(m.rtpmap(96)->encoding, "telephone-event");
  EXPECT_EQ(m.fmtp(96)->parameters, "0-15");  // the offerer's event range
  EXPECT_FALSE(m.rtcp_mux);
}

TEST(SdpAnswer, TakesOpusWithTheOffersDynamicPayloadTypeAndAnswersOurFmtp) {
  // As baresip offers it (RFC 7587 7): opus/48000/2 on a dynamic PT, its own fmtp.
  const auto offer =
      parse_ok(offer_text("m=audio 30000 RTP/AVP 116 0\r\na=rtpmap:116 opus/48000/2\r\n"
                          "a=fmtp:116 stereo=1;sprop-stereo=1;maxplaybackrate=8000\r\n"));
  LocalMedia l = local_media();
  l.codecs.insert(l.codecs.begin(), opus());
  auto a = answer_offer(offer, l);
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_EQ(a->media.codec.name, "opus");
  EXPECT_EQ(a->media.codec.payload_type, 116);
  // The peer's parameters stay with the negotiated codec: how we must encode for it.
  EXPECT_EQ(fmtp_value(a->media.codec.fmtp, "maxplaybackrate"), "8000");
  const auto& m = a->sdp.media[0];
  EXPECT_EQ(m.formats, (std::vector<std::string>{"116"}));
  EXPECT_EQ(m.rtpmap(116)->clock_rate, 48000u);
  EXPECT_EQ(m.rtpmap(116)->channels, 2u);
  EXPECT_EQ(m.fmtp(116)->parameters, opus().fmtp);  // what we receive: 16 kHz, no FEC
}

TEST(SdpAnswer, AcceptsG729FromAnAnnexBPeerAndAnswersAnnexbNo) {
  const auto offer = parse_ok(offer_text(
      "m=audio 30000 RTP/AVP 18 0\r\na=rtpmap:18 G729/8000\r\na=fmtp:18 annexb=yes\r\n"));
  LocalMedia l = local_media();
  l.codecs.insert(l.codecs.begin(), g729());
  auto a = answer_offer(offer, l);
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_EQ(a->media.codec.payload_type, 18);
  EXPECT_EQ(a->sdp.media[0].fmtp(18)->parameters, "annexb=no");
}

TEST(SdpAnswer, InLocalOrderTakesOurFirstCodecThatTheOfferLists) {
  const auto offer = parse_ok(
      offer_text("m=audio 30000 RTP/AVP 0 8 18 101\r\na=rtpmap:101 telephone-event/8000\r\n"));
  LocalMedia l = local_media();
  l.codecs = {g729(), pcma(), pcmu(), telephone_event(101)};
  EXPECT_EQ(answer_offer(offer, l)->media.codec.name, "PCMU");  // the offer's order
  l.answer_in_local_order = true;  // a trunk with sip.trunk.codecs = "G729,PCMA,PCMU"
  auto a = answer_offer(offer, l);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->media.codec.name, "G729");
  EXPECT_EQ(a->sdp.media[0].formats, (std::vector<std::string>{"18", "101"}));
}

TEST(SdpCodecFmtp, FindsAParameterAmongSpacesAndRefusesNothingItCannotRead) {
  EXPECT_EQ(fmtp_value("maxplaybackrate=16000; useinbandfec=1", "useinbandfec"), "1");
  EXPECT_EQ(fmtp_value(" MaxPlaybackRate = 8000 ", "maxplaybackrate"), "8000");
  EXPECT_FALSE(fmtp_value("maxplaybackrate", "maxplaybackrate"));
  EXPECT_FALSE(fmtp_value(";;=;", "maxplaybackrate"));
  EXPECT_FALSE(fmtp_value("", "x"));
  EXPECT_EQ(fmtp_value("a=1;x=", "x"), "");
}

TEST(SdpAnswer, AcceptsG722WithItsStaticPayloadTypeAndNoRtpmap) {
  const auto offer = parse_ok(offer_text("m=audio 30000 RTP/AVP 9 0\r\n"));
  auto a = answer_offer(offer, local_media());
  ASSERT_TRUE(a);
  EXPECT_EQ(a->media.codec, g722());
  EXPECT_FALSE(a->media.dtmf_payload_type);
}

TEST(SdpAnswer, UsesTheMediaLevelConnectionAndIpv6) {
  const auto offer = parse_ok(
      "v=0\r\no=- 1 1 IN IP6 2001:db8::1\r\ns=-\r\nc=IN IP6 2001:db8::1\r\nt=0 0\r\n"
      "m=audio 30000 RTP/AVP 0\r\nc=IN IP6 2001:db8::99\r\na=rtcp:30005\r\n");
  auto a = answer_offer(offer, local_media());
  ASSERT_TRUE(a);
  EXPECT_EQ(a->media.remote_addr_type, AddrType::Ip6);
  EXPECT_EQ(a->media.remote_address, "2001:db8::99");
  EXPECT_EQ(a->media.remote_rtcp_port, 30005);
}

TEST(SdpAnswer, MirrorsSendonlyAsRecvonlyAndCallsItHold) {
  const auto offer = parse_ok(offer_text("m=audio 30000 RTP/AVP 0\r\na=sendonly\r\n"));
  auto a = answer_offer(offer, local_media());
  ASSERT_TRUE(a);
  EXPECT_EQ(a->media.direction, Direction::RecvOnly);
  EXPECT_EQ(a->sdp.media[0].direction, Direction::RecvOnly);
  EXPECT_TRUE(a->media.hold);
}

TEST(SdpAnswer, MirrorsInactiveAsInactive) {
  const auto offer = parse_ok(offer_text("a=inactive\r\nm=audio 30000 RTP/AVP 0\r\n"));
  auto a = answer_offer(offer, local_media());
  ASSERT_TRUE(a);
  EXPECT_EQ(a->sdp.media[0].direction, Direction::Inactive);
  EXPECT_TRUE(a->media.hold);
}

TEST(SdpAnswer, MirrorsRecvonlyAsSendonly) {
  const auto offer = parse_ok(offer_text("m=audio 30000 RTP/AVP 0\r\na=recvonly\r\n"));
  auto a = answer_offer(offer, local_media());
  ASSERT_TRUE(a);
  EXPECT_EQ(a->media.direction, Direction::SendOnly);
  EXPECT_FALSE(a->media.hold);
}

TEST(SdpAnswer, RecognisesOldStyleHoldWithZeroAddress) {
  const auto offer = parse_ok(
      "v=0\r\no=- 1 2 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n"
      "m=audio 30000 RTP/AVP 0\r\n");
  auto a = answer_offer(offer, local_media());
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->media.hold);
  EXPECT_FALSE(sends(a->media.direction));  // nowhere to send to
  EXPECT_EQ(a->sdp.media[0].direction, Direction::RecvOnly);
}

TEST(SdpAnswer, RejectsVideoAndSecondAudioWithPortZero) {
  const auto offer = parse_ok(offer_text(
      "m=video 30002 RTP/AVP 31\r\nm=audio 30000 RTP/AVP 0\r\nm=audio 30004 RTP/AVP 8\r\n"));
  auto a = answer_offer(offer, local_media());
  ASSERT_TRUE(a) << a.error().message();
  ASSERT_EQ(a->sdp.media.size(), 3u);
  EXPECT_EQ(a->sdp.media[0].media, "video");
  EXPECT_EQ(a->sdp.media[0].port, 0);
  EXPECT_EQ(a->sdp.media[0].formats, std::vector<std::string>{"31"});
  EXPECT_EQ(a->sdp.media[1].port, 20000);
  EXPECT_EQ(a->sdp.media[2].port, 0);
  EXPECT_EQ(a->media.remote_port, 30000);
}

TEST(SdpAnswer, SkipsAnAudioStreamWithoutCommonCodecForALaterOne) {
  const auto offer =
      parse_ok(offer_text("m=audio 30000 RTP/AVP 18\r\nm=audio 30002 RTP/AVP 0\r\n"));
  auto a = answer_offer(offer, local_media());
  ASSERT_TRUE(a);
  EXPECT_EQ(a->sdp.media[0].port, 0);
  EXPECT_EQ(a->sdp.media[1].port, 20000);
}

TEST(SdpAnswer, FailsWithNoCommonCodec) {
  const auto offer =
      parse_ok(offer_text("m=audio 30000 RTP/AVP 18 96\r\na=rtpmap:96 telephone-event/8000\r\n"));
  auto a = answer_offer(offer, local_media());
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error(), make_error_code(Errc::NoCommonCodec));
}

TEST(SdpAnswer, FailsWithNotAudioForVideoOnly) {
  auto a = answer_offer(parse_ok(offer_text("m=video 30000 RTP/AVP 31\r\n")), local_media());
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error(), make_error_code(Errc::NotAudio));
}

TEST(SdpAnswer, RejectsSrtpProfileWithoutLocalCrypto) {
  auto a = answer_offer(parse_ok(offer_text("m=audio 30000 RTP/SAVP 0\r\n")), local_media());
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error(), make_error_code(Errc::NoUsableCrypto));
}

TEST(SdpAnswer, AcceptsRtcpMuxOnlyWhenOfferedAndEnabled) {
  const auto offer = parse_ok(offer_text("m=audio 30000 RTP/AVP 0\r\na=rtcp-mux\r\n"));
  LocalMedia l = local_media();
  auto without = answer_offer(offer, l);
  ASSERT_TRUE(without);
  EXPECT_FALSE(without->media.rtcp_mux);
  l.rtcp_mux = true;
  auto with = answer_offer(offer, l);
  ASSERT_TRUE(with);
  EXPECT_TRUE(with->media.rtcp_mux);
  EXPECT_TRUE(with->sdp.media[0].rtcp_mux);
  auto not_offered = answer_offer(parse_ok(offer_text("m=audio 30000 RTP/AVP 0\r\n")), l);
  ASSERT_TRUE(not_offered);
  EXPECT_FALSE(not_offered->sdp.media[0].rtcp_mux);
}

TEST(SdpAnswer, DropsTelephoneEventWhenWeHaveNone) {
  LocalMedia l = local_media();
  l.codecs = {pcmu()};
  auto a = answer_offer(
      parse_ok(offer_text("m=audio 30000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n")),
      l);
  ASSERT_TRUE(a);
  EXPECT_FALSE(a->media.dtmf_payload_type);
  EXPECT_EQ(a->sdp.media[0].formats, std::vector<std::string>{"0"});
}

class SdpProcessAnswer : public testing::Test {
 protected:
  SdpProcessAnswer() {
    LocalMedia l = local_media();
    l.rtcp_mux = true;
    offer_ = build_offer(l);
  }
  core::Result<NegotiatedMedia> process(std::string_view media) {
    return process_answer(offer_, parse_ok(offer_text(media)));
  }
  SessionDescription offer_;
};

TEST_F(SdpProcessAnswer, ReadsTheChosenCodecAndRemoteParameters) {
  auto n = process(
      "m=audio 40000 RTP/AVP 8 101\r\nc=IN IP4 203.0.113.9\r\na=rtpmap:101 telephone-event/8000\r\n"
      "a=ptime:40\r\na=rtcp-mux\r\n");
  ASSERT_TRUE(n) << n.error().message();
  EXPECT_EQ(n->codec.name, "PCMA");
  EXPECT_EQ(n->dtmf_payload_type, 101);
  EXPECT_EQ(n->remote_address, "203.0.113.9");
  EXPECT_EQ(n->remote_port, 40000);
  EXPECT_EQ(n->ptime_ms, 40u);
  EXPECT_TRUE(n->rtcp_mux);
  EXPECT_EQ(n->direction, Direction::SendRecv);
}

TEST_F(SdpProcessAnswer, FallsBackToOurRtpmapAndSessionConnection) {
  auto n = process("m=audio 40000 RTP/AVP 9 101\r\na=recvonly\r\n");
  ASSERT_TRUE(n) << n.error().message();
  EXPECT_EQ(n->codec, g722());
  EXPECT_EQ(n->dtmf_payload_type, 101);
  EXPECT_EQ(n->remote_address, "198.51.100.7");
  EXPECT_EQ(n->ptime_ms, 20u);
  EXPECT_EQ(n->direction, Direction::SendOnly);
  EXPECT_FALSE(n->rtcp_mux);
}

TEST_F(SdpProcessAnswer, ReportsRejectionAndMismatches) {
  EXPECT_EQ(process("m=audio 0 RTP/AVP 0\r\n").error(), make_error_code(Errc::MediaRejected));
  EXPECT_EQ(process("m=video 4000 RTP/AVP 31\r\n").error(), make_error_code(Errc::AnswerMismatch));
  EXPECT_EQ(process("m=audio 4000 RTP/AVP 0\r\nm=audio 4002 RTP/AVP 0\r\n").error(),
            make_error_code(Errc::AnswerMismatch));
  EXPECT_EQ(process("m=audio 4000 RTP/AVP 18\r\n").error(),
            make_error_code(Errc::UnknownPayloadInAnswer));
  EXPECT_EQ(process("m=audio 4000 RTP/AVP 101\r\n").error(), make_error_code(Errc::NoCommonCodec));
}

TEST(SdpOfferAnswer, BothSidesAgreeOnTheSameCodec) {
  LocalMedia caller = local_media();
  caller.codecs = {g722(), pcma(), telephone_event(101)};
  LocalMedia callee = local_media();
  callee.address = "192.0.2.20";
  callee.port = 30000;
  const SessionDescription offer = build_offer(caller);
  auto answer = answer_offer(*parse(serialize(offer)), callee);
  ASSERT_TRUE(answer);
  auto result = process_answer(offer, *parse(serialize(answer->sdp)));
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(result->codec, answer->media.codec);
  EXPECT_EQ(result->codec, g722());
  EXPECT_EQ(result->dtmf_payload_type, answer->media.dtmf_payload_type);
  EXPECT_EQ(result->remote_address, "192.0.2.20");
  EXPECT_EQ(result->remote_port, 30000);
  EXPECT_EQ(answer->media.remote_port, 20000);
}

}  // namespace
}  // namespace va::sdp
