// ErrorResponder: stateless 4xx/5xx for unparseable requests (rules in the header).
#include "sip/error_responder.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "sip/headers.h"
#include "sip/name_addr.h"
#include "sip/random_token.h"
#include "sip/response_routing.h"
#include "sip/via.h"

namespace va::sip {
namespace {

struct RawHeaders {
  std::string start_line;
  std::vector<std::pair<std::string, std::string>> fields;  // canonical name, value
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool clean(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t') || u == 0x7f;
  });
}

// Splits the header section into lines (CRLF or bare LF), unfolding continuation lines.
RawHeaders scan(std::string_view data) {
  RawHeaders out;
  bool first = true;
  while (!data.empty()) {
    const auto eol = data.find('\n');
    std::string_view line = data.substr(0, eol);
    data = eol == std::string_view::npos ? std::string_view{} : data.substr(eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (first) {
      if (line.empty()) continue;  // leading CRLFs (18.3) are skipped
      out.start_line = std::string(line);
      first = false;
      continue;
    }
    if (line.empty()) break;
    if ((line.front() == ' ' || line.front() == '\t') && !out.fields.empty()) {
      out.fields.back().second += ' ';
      out.fields.back().second += trim(line);
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    out.fields.emplace_back(canonical_header_name(trim(line.substr(0, colon))),
                            std::string(trim(line.substr(colon + 1))));
  }
  return out;
}

const std::string* first(const RawHeaders& raw, std::string_view name) {
  for (const auto& [n, v] : raw.fields) {
    if (n == name) return &v;
  }
  return nullptr;
}

void copy_field(std::string& out, const RawHeaders& raw, std::string_view name) {
  const std::string* value = first(raw, name);
  if (value && clean(*value)) out += fmt::format("{}: {}\r\n", name, *value);
}

void copy_to(std::string& out, const RawHeaders& raw) {
  const std::string* value = first(raw, "To");
  if (!value || !clean(*value)) return;
  auto to = parse_name_addr(*value);
  const bool add_tag = to && to->tag() == nullptr;
  out += fmt::format("To: {}{}\r\n", *value, add_tag ? ";tag=" + make_tag() : "");
}

}  // namespace


std::optional<ErrorResponse> make_error_response(std::string_view data, Errc error,
                                                 const TransportAddress& source,
                                                 std::string_view server) {
  const RawHeaders raw = scan(data);
  const std::string_view start(raw.start_line);
  if (start.empty() || start.starts_with("SIP/")) return std::nullopt;
  const std::string_view method = start.substr(0, start.find(' '));
  if (method.empty() || method == "ACK" || start.find(' ') == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string* via_line = first(raw, "Via");
  if (!via_line || !clean(*via_line)) return std::nullopt;
  const auto via_parts = split_header_list(*via_line);
  if (via_parts.empty()) return std::nullopt;
  auto top = parse_via(via_parts.front());
  if (!top || top->host.empty()) return std::nullopt;
  stamp_received(*top, source);
  auto to = response_destination(*top, source);
  if (!to) return std::nullopt;

  ErrorResponse response;
  response.status = response_status(error);
  response.to = *to;
  std::string& out = response.bytes;
  out = fmt::format("SIP/2.0 {} {}\r\nVia: {}", response.status, describe(error), top->to_string());
  for (std::size_t i = 1; i < via_parts.size(); ++i)
    out += fmt::format(", {}", via_parts[i]);
  out += "\r\n";
  bool first_via = true;
  for (const auto& [name, value] : raw.fields) {
    if (name != "Via") continue;
    if (!first_via && clean(value)) out += fmt::format("Via: {}\r\n", value);
    first_via = false;
  }
  copy_field(out, raw, "From");
  copy_to(out, raw);
  copy_field(out, raw, "Call-ID");
  copy_field(out, raw, "CSeq");
  if (!server.empty()) out += fmt::format("Server: {}\r\n", server);
  out += "Content-Length: 0\r\n\r\n";
  return response;
}

}  // namespace va::sip
