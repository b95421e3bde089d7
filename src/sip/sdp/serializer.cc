// SDP serializer (RFC 4566 section 5 line order, CRLF endings).
#include "sip/sdp/serializer.h"

namespace va::sdp {
namespace {

void line(std::string& out, char type, std::string_view value) {
  out += type;
  out += '=';
  out += value;
  out += "\r\n";
}

std::string connection_text(const Connection& c) {
  std::string s = "IN ";
  s += to_string(c.addr_type);
  s += ' ';
  s += c.address;
  return s;
}

void bandwidths(std::string& out, const std::vector<Bandwidth>& bs) {
  for (const auto& b : bs)
    line(out, 'b', b.type + ':' + std::to_string(b.value));
}

void attributes(std::string& out, const std::vector<Attribute>& as) {
  for (const auto& a : as)
    line(out, 'a', a.value ? a.name + ':' + *a.value : a.name);
}

void rtp_attributes(std::string& out, const MediaDescription& m) {
  for (const auto& r : m.rtpmaps) {
    std::string v =
        std::to_string(r.payload_type) + ' ' + r.encoding + '/' + std::to_string(r.clock_rate);
    if (r.channels) v += '/' + std::to_string(*r.channels);
    line(out, 'a', "rtpmap:" + v);
  }
  for (const auto& f : m.fmtps) {
    std::string v = "fmtp:" + std::to_string(f.payload_type);
    if (!f.parameters.empty()) v += ' ' + f.parameters;
    line(out, 'a', v);
  }
}

void media(std::string& out, const MediaDescription& m) {
  std::string v = m.media + ' ' + std::to_string(m.port);
  if (m.port_count) v += '/' + std::to_string(*m.port_count);
  v += ' ' + m.proto;
  for (const auto& f : m.formats)
    v += ' ' + f;
  line(out, 'm', v);
  if (m.title) line(out, 'i', *m.title);
  if (m.connection) line(out, 'c', connection_text(*m.connection));
  bandwidths(out, m.bandwidths);
  if (m.key) line(out, 'k', *m.key);
  rtp_attributes(out, m);
  if (m.ptime_ms) line(out, 'a', "ptime:" + std::to_string(*m.ptime_ms));
  if (m.maxptime_ms) line(out, 'a', "maxptime:" + std::to_string(*m.maxptime_ms));
  if (m.direction) line(out, 'a', to_string(*m.direction));
  if (m.rtcp) {
    std::string r = "rtcp:" + std::to_string(m.rtcp->port);
    if (m.rtcp->connection) r += ' ' + connection_text(*m.rtcp->connection);
    line(out, 'a', r);
  }
  if (m.rtcp_mux) line(out, 'a', "rtcp-mux");
  attributes(out, m.attributes);
}

}  // namespace

std::string serialize(const SessionDescription& s) {
  std::string out;
  out.reserve(512);
  line(out, 'v', "0");
  const Origin& o = s.origin;
  line(out, 'o',
       o.username + ' ' + o.session_id + ' ' + std::to_string(o.session_version) + " IN " +
           std::string(to_string(o.addr_type)) + ' ' + o.address);
  line(out, 's', s.session_name);
  if (s.info) line(out, 'i', *s.info);
  if (s.uri) line(out, 'u', *s.uri);
  for (const auto& e : s.emails)
    line(out, 'e', e);
  for (const auto& p : s.phones)
    line(out, 'p', p);
  if (s.connection) line(out, 'c', connection_text(*s.connection));
  bandwidths(out, s.bandwidths);
  for (const auto& t : s.timings) {
    line(out, 't', std::to_string(t.start) + ' ' + std::to_string(t.stop));
    for (const auto& r : t.repeats)
      line(out, 'r', r);
  }
  if (s.zone) line(out, 'z', *s.zone);
  if (s.key) line(out, 'k', *s.key);
  if (s.direction) line(out, 'a', to_string(*s.direction));
  attributes(out, s.attributes);
  for (const auto& m : s.media)
    media(out, m);
  return out;
}

}  // namespace va::sdp
