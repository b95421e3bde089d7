// Message serialization (RFC 3261 7): start line, typed headers, other headers, Content-Type,
// Content-Length (always computed from the body), empty line, body.
#include <string>

#include "sip/message.h"

namespace va::sip {

namespace {

void append_uint(std::string& out, std::uint64_t v) {
  char buf[24];
  char* end = buf + sizeof buf;
  char* p = end;
  do {
    *--p = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  out.append(p, static_cast<std::size_t>(end - p));
}

void append_name_addr_header(std::string& out, std::string_view name, const NameAddr& na) {
  out.append(name);
  out.append(": ");
  na.append_to(out);
  out.append("\r\n");
}

std::string_view method_name(Method m, const std::string& text) {
  return text.empty() ? to_string(m) : std::string_view(text);
}

}  // namespace

void Message::serialize_to(std::string& out) const {
  out.reserve(out.size() + 512 + body.size());
  if (is_request) {
    out.append(method_name(method, method_text));
    out.push_back(' ');
    request_uri.append_to(out);
    out.append(" SIP/2.0\r\n");
  } else {
    out.append("SIP/2.0 ");
    append_uint(out, static_cast<std::uint64_t>(status < 0 ? 0 : status));
    out.push_back(' ');
    out.append(reason);
    out.append("\r\n");
  }
  for (const Via& v : via) {
    out.append("Via: ");
    v.append_to(out);
    out.append("\r\n");
  }
  append_name_addr_header(out, "From", from);
  append_name_addr_header(out, "To", to);
  out.append("Call-ID: ").append(call_id).append("\r\n");
  out.append("CSeq: ");
  append_uint(out, cseq.number);
  out.push_back(' ');
  out.append(method_name(cseq.method, cseq.method_text));
  out.append("\r\n");
  if (max_forwards) {
    out.append("Max-Forwards: ");
    append_uint(out, static_cast<std::uint64_t>(*max_forwards < 0 ? 0 : *max_forwards));
    out.append("\r\n");
  }
  if (contact_star) out.append("Contact: *\r\n");
  for (const NameAddr& c : contact)
    append_name_addr_header(out, "Contact", c);
  for (const NameAddr& r : route)
    append_name_addr_header(out, "Route", r);
  for (const NameAddr& r : record_route)
    append_name_addr_header(out, "Record-Route", r);
  for (const Header& h : headers.items()) {
    // Content-Length is always derived from the body; Content-Type has its own field.
    if (header_name_equal(h.name, "Content-Length")) continue;
    if (!content_type.empty() && header_name_equal(h.name, "Content-Type")) continue;
    out.append(h.name).append(": ").append(h.value).append("\r\n");
  }
  if (!content_type.empty()) out.append("Content-Type: ").append(content_type).append("\r\n");
  out.append("Content-Length: ");
  append_uint(out, body.size());
  out.append("\r\n\r\n");
  out.append(body);
}

std::string Message::serialize() const {
  std::string out;
  serialize_to(out);
  return out;
}

}  // namespace va::sip
