// Dialog: creation (RFC 3261 12.1), requests within it (12.2.1.1) and the UAS checks of
// 12.2.2 (rules in the header).
#include "sip/dialog.h"

#include <fmt/format.h>
#include <strings.h>

#include <boost/asio/ip/address.hpp>
#include <functional>

namespace va::sip {
namespace {

// The remote target from the first Contact: it must be a sip or sips URI.
core::Result<Uri> contact_target(const Message& message) {
  if (message.contact.empty()) return DialogErrc::MissingContact;
  const Uri& uri = message.contact.front().uri;
  if (!uri.is_sip() || uri.host.empty()) return DialogErrc::BadContact;
  return uri;
}

bool is_target_refresh(Method m) {
  return m == Method::Invite || m == Method::Update;
}

}  // namespace

DialogId DialogId::of_incoming_request(const Message& request) {
  const std::string* to_tag = request.to.tag();
  const std::string* from_tag = request.from.tag();
  return DialogId{request.call_id, to_tag ? *to_tag : std::string{},
                  from_tag ? *from_tag : std::string{}};
}

std::string DialogId::to_string() const {
  return fmt::format("{};local={};remote={}", call_id, local_tag, remote_tag);
}

std::size_t DialogIdHash::operator()(const DialogId& id) const {
  std::hash<std::string> h;
  std::size_t seed = h(id.call_id);
  seed ^= h(id.local_tag) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
  seed ^= h(id.remote_tag) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
  return seed;
}

core::Result<Dialog> Dialog::as_uas(const Message& invite, std::string local_tag,
                                    DialogState state) {
  if (!invite.is_request || invite.method != Method::Invite) {
    return DialogErrc::NotDialogCreating;
  }
  const std::string* from_tag = invite.from.tag();
  if (from_tag == nullptr || from_tag->empty()) return DialogErrc::MissingFromTag;
  auto target = contact_target(invite);
  if (!target) return target.error();
  Dialog d;
  d.id_ = DialogId{invite.call_id, std::move(local_tag), *from_tag};
  d.route_set_ = invite.record_route;  // 12.1.1: in order
  d.remote_target_ = *target;
  d.remote_cseq_ = invite.cseq.number;
  d.local_cseq_ = 0;  // empty until we send a request (12.1.1)
  d.remote_uri_ = invite.from;
  d.local_uri_ = invite.to;
  d.local_uri_.params.set("tag", d.id_.local_tag);
  // 12.1.1: secure if the request came over TLS with a sips Request-URI; we have no TLS.
  d.secure_ = false;
  d.is_uac_ = false;
  d.state_ = state;
  return d;
}

core::Result<Dialog> Dialog::as_uac(const Message& request, const Message& response) {
  if (!request.is_request || !response.is_response()) return DialogErrc::NotDialogCreating;
  const int cls = response.status_class();
  if (!(cls == 2 || (cls == 1 && response.status > 100))) return DialogErrc::NotDialogCreating;
  const std::string* to_tag = response.to.tag();
  if (to_tag == nullptr || to_tag->empty()) return DialogErrc::MissingToTag;
  const std::string* from_tag = request.from.tag();
  if (from_tag == nullptr || from_tag->empty()) return DialogErrc::MissingFromTag;
  auto target = contact_target(response);
  if (!target) return target.error();
  Dialog d;
  d.id_ = DialogId{request.call_id, *from_tag, *to_tag};
  d.route_set_.assign(response.record_route.rbegin(), response.record_route.rend());
  d.remote_target_ = *target;
  d.local_cseq_ = request.cseq.number;
  d.local_uri_ = request.from;
  d.remote_uri_ = response.to;
  d.secure_ = request.request_uri.scheme == "sips";
  d.is_uac_ = true;
  d.state_ = cls == 2 ? DialogState::Confirmed : DialogState::Early;
  return d;
}

void Dialog::confirm_with(const Message& response) {
  if (response.status_class() != 2) return;
  if (is_early()) {
    route_set_.assign(response.record_route.rbegin(), response.record_route.rend());
  }
  update_target(response);
  state_ = DialogState::Confirmed;
}

Message Dialog::base_request(Method method, const LocalContact& local, std::uint32_t cseq) const {
  Message m;
  m.is_request = true;
  m.method = method;
  m.method_text = std::string(to_string(method));
  if (route_set_.empty()) {
    m.request_uri = remote_target_;
  } else if (route_set_.front().uri.params.has("lr")) {
    m.request_uri = remote_target_;
    m.route = route_set_;
  } else {
    // Strict router (12.2.1.1): it goes in the Request-URI (URI parameters kept, header
    // parameters stripped) and the remote target becomes the last Route.
    m.request_uri = route_set_.front().uri;
    m.request_uri.headers = Params{};
    m.route.assign(route_set_.begin() + 1, route_set_.end());
    NameAddr last;
    last.uri = remote_target_;
    m.route.push_back(std::move(last));
  }
  m.via.push_back(local.via());
  m.from = local_uri_;
  m.to = remote_uri_;
  m.call_id = id_.call_id;
  m.cseq = CSeq{cseq, method, m.method_text};
  m.max_forwards = 70;
  if (is_target_refresh(method)) m.contact.push_back(local.contact());
  return m;
}

Message Dialog::make_request(Method method, const LocalContact& local) {
  if (method != Method::Ack && method != Method::Cancel) ++local_cseq_;
  return base_request(method, local, local_cseq_);
}

Message Dialog::make_ack(std::uint32_t invite_cseq, const LocalContact& local) const {
  return base_request(Method::Ack, local, invite_cseq);
}

core::Result<TransportAddress> numeric_hop(const Uri& uri) {
  if (!uri.is_sip() || uri.host.empty()) return DialogErrc::BadContact;
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(uri.host, ec);
  if (ec) return DialogErrc::NoNumericHop;
  TransportAddress out;
  out.address = address;
  const std::string* transport = uri.params.get("transport");
  auto names = [transport](const char* t) {
    return transport != nullptr && strcasecmp(transport->c_str(), t) == 0;
  };
  // A sips: URI is TLS whatever its transport param says (RFC 3261 26.2.2).
  if (uri.scheme == "sips" || names("tls")) {
    out.protocol = TransportProtocol::Tls;
    out.host = uri.host;  // an IP literal verifies against the certificate's IP SAN
  } else {
    out.protocol = names("tcp") ? TransportProtocol::Tcp : TransportProtocol::Udp;
  }
  out.port = uri.port.value_or(out.protocol == TransportProtocol::Tls ? 5061 : 5060);
  return out;
}

core::Result<TransportAddress> Dialog::next_hop() const {
  return numeric_hop(route_set_.empty() ? remote_target_ : route_set_.front().uri);
}

bool Dialog::accept_remote_cseq(std::uint32_t cseq) {
  if (remote_cseq_ && cseq < *remote_cseq_) return false;
  remote_cseq_ = cseq;
  return true;
}

void Dialog::update_target(const Message& message) {
  auto target = contact_target(message);
  if (target) remote_target_ = *target;
}

}  // namespace va::sip
