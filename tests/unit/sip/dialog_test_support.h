// Test doubles for the dialog tests: a TransactionLayer, UserAgentCore and DialogRegistry on
// a ManualTimerService and a recording sender, and the peer's side of a call built by hand.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sip/dialog_registry.h"
#include "sip/incoming_call.h"
#include "sip/invite_session.h"
#include "sip/transaction_layer.h"
#include "sip/user_agent_core.h"
#include "unit/sip/transaction_test_support.h"

namespace va::sip::test {

// An SDP offer/answer with the given connection address and port.
inline std::string sdp_body(const std::string& address, int port, int version = 1,
                            const std::string& direction = "sendrecv") {
  return "v=0\r\no=peer 42 " + std::to_string(version) + " IN IP4 " + address +
         "\r\ns=-\r\nc=IN IP4 " + address + "\r\nt=0 0\r\nm=audio " + std::to_string(port) +
         " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=" + direction + "\r\n";
}

inline const std::string kOurSdp = sdp_body("127.0.0.1", 40000);

// What the session and call layers reported.
struct SessionLog {
  std::vector<std::pair<TerminationReason, int>> terminated;
  std::vector<sdp::SessionDescription> offers;
  std::vector<sdp::SessionDescription> answers;
  std::vector<int> reinvite_failures;
  int infos = 0;
  int info_status = 200;  // what on_info answers
  int confirmed = 0;
  bool reject_offers = false;

  InviteSessionEvents events() {
    InviteSessionEvents e;
    e.on_terminated = [this](TerminationReason r, int status) {
      terminated.emplace_back(r, status);
    };
    e.on_offer = [this](const sdp::SessionDescription& offer) -> core::Result<std::string> {
      offers.push_back(offer);
      if (reject_offers) return std::make_error_code(std::errc::not_supported);
      return sdp_body("127.0.0.1", 40000, 2);
    };
    e.on_answer = [this](const sdp::SessionDescription& a) { answers.push_back(a); };
    e.on_reinvite_failed = [this](int status) { reinvite_failures.push_back(status); };
    e.on_info = [this](const Message&) {
      ++infos;
      return info_status;
    };
    e.on_confirmed = [this] { ++confirmed; };
    return e;
  }
};

struct DialogFixture : TransactionFixture {
  DialogFixture() {
    layer.set_user(&core);
    registry.attach(core);
    registry.set_incoming_call_handler(
        [this](std::shared_ptr<IncomingCall> call) { calls.push_back(std::move(call)); });
  }

  static DialogConfig dialog_config() {
    DialogConfig c;
    c.local.host = "127.0.0.1";
    c.local.port = 5080;
    c.user_agent = "voiceagent-test";
    return c;
  }

  // The peer's INVITE: Contact at 127.0.0.1:5070, an SDP offer unless `body` is empty.
  static Message peer_invite(std::string body = sdp_body("127.0.0.1", 30000),
                             std::string branch = "z9hG4bKinvite1") {
    Message m = request(Method::Invite, std::move(branch), "call-1@test", 1);
    NameAddr contact;
    contact.uri = sip_uri("caller", "127.0.0.1");
    contact.uri.port = 5070;
    m.contact.push_back(contact);
    if (!body.empty()) {
      m.content_type = "application/sdp";
      m.body = std::move(body);
    }
    return m;
  }

  void deliver(const Message& m, TransportAddress from = udp_peer()) { layer.on_message(m, from); }

  // Delivers the INVITE and answers it; returns the session and the 200 sent.
  std::shared_ptr<InviteSession> answered_call(Message invite = peer_invite()) {
    deliver(invite);
    if (calls.empty()) return nullptr;
    auto session = calls.back()->answer(kOurSdp, log.events());
    if (session) {
      ok = last_response();
      our_tag = *ok->to.tag();
    }
    return session;
  }

  // The peer's ACK for our 2xx (its own branch, 13.2.2.4).
  Message peer_ack(std::uint32_t cseq = 1, std::string body = {}) {
    Message ack = request(Method::Ack, "z9hG4bKack" + std::to_string(cseq), "call-1@test", cseq);
    ack.to.params.set("tag", our_tag);
    ack.body = std::move(body);
    if (!ack.body.empty()) ack.content_type = "application/sdp";
    return ack;
  }

  // A request of the peer's inside the dialog.
  Message peer_request(Method method, std::uint32_t cseq, std::string branch) {
    Message m = request(method, std::move(branch), "call-1@test", cseq);
    m.to.params.set("tag", our_tag);
    return m;
  }

  // Answers our last request of `method` with `status`.
  void peer_answers(Method method, int status, std::string body = {}) {
    auto sent = sent_requests(method);
    if (sent.empty()) {
      ADD_FAILURE() << "no request to answer";
      return;
    }
    Message response = test::response_to(sent.back().message, status, "ignored");
    NameAddr contact;
    contact.uri = test::sip_uri("caller", "127.0.0.1");
    contact.uri.port = 5070;
    response.contact.push_back(contact);
    response.body = std::move(body);
    if (!response.body.empty()) response.content_type = "application/sdp";
    deliver(response);
  }

  const Message& last_sent() const { return sender.sent.back().message; }
  std::optional<Message> last_response() const {
    for (auto it = sender.sent.rbegin(); it != sender.sent.rend(); ++it) {
      if (it->message.is_response()) return it->message;
    }
    return std::nullopt;
  }
  // Every request of `method` we sent.
  std::vector<SentMessage> sent_requests(Method method) const {
    std::vector<SentMessage> out;
    for (const auto& s : sender.sent) {
      if (s.message.is_request && s.message.method == method) out.push_back(s);
    }
    return out;
  }
  std::size_t count_status(int status) const {
    std::size_t n = 0;
    for (const auto& s : sender.sent)
      n += s.message.is_response() && s.message.status == status;
    return n;
  }

  TransactionLayer layer{context};
  UserAgentCore core{layer, counters, UserAgentConfig{"voiceagent-test"}};
  DialogRegistry registry{layer, sender, timers, config, dialog_config()};
  std::vector<std::shared_ptr<IncomingCall>> calls;
  SessionLog log;
  std::optional<Message> ok;
  std::string our_tag;
};

}  // namespace va::sip::test
