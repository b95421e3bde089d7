// SDP parser (RFC 4566 section 5): line splitting, line order and the two description levels.
#include "sip/sdp/parser.h"

#include <string>
#include <vector>

#include "sip/sdp/attribute_parser.h"
#include "sip/sdp/errc.h"
#include "sip/sdp/field_parser.h"

namespace va::sdp {
namespace {

struct Line {
  char type;
  std::string_view value;
};

// Control characters other than tab never belong in an SDP line (CR only as the CRLF ending).
bool clean_value(std::string_view v) {
  for (const char c : v) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && u != '\t') || u == 0x7f) return false;
  }
  return true;
}

core::Result<std::vector<Line>> split_lines(std::string_view text) {
  std::vector<Line> lines;
  bool saw_empty = false;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    auto line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      saw_empty = true;
      continue;
    }
    if (saw_empty) return Errc::StrayLineAfterEnd;
    if (line.size() < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z') return Errc::BadLine;
    if (!clean_value(line.substr(2))) return Errc::BadLine;
    lines.push_back(Line{line[0], line.substr(2)});
  }
  if (lines.empty()) return Errc::Empty;
  return lines;
}

template <class T>
std::error_code set_once(std::optional<T>& slot, core::Result<T> value) {
  if (!value) return value.error();
  if (slot) return Errc::DuplicateLine;
  slot = std::move(*value);
  return {};
}

std::error_code set_text_once(std::optional<std::string>& slot, std::string_view value) {
  if (slot) return Errc::DuplicateLine;
  slot = std::string(value);
  return {};
}

std::error_code session_line(SessionDescription& s, const Line& l) {
  switch (l.type) {
    case 'i':
      return set_text_once(s.info, l.value);
    case 'u':
      return set_text_once(s.uri, l.value);
    case 'e':
      s.emails.emplace_back(l.value);
      return {};
    case 'p':
      s.phones.emplace_back(l.value);
      return {};
    case 'c':
      return set_once(s.connection, parse_connection(l.value));
    case 'z':
      return set_text_once(s.zone, l.value);
    case 'k':
      return set_text_once(s.key, l.value);
    case 'b': {
      auto b = parse_bandwidth(l.value);
      if (!b) return b.error();
      s.bandwidths.push_back(std::move(*b));
      return {};
    }
    case 't': {
      auto t = parse_timing(l.value);
      if (!t) return t.error();
      s.timings.push_back(std::move(*t));
      return {};
    }
    case 'r':
      // r= repeats the t= just before it (section 5.10).
      if (s.timings.empty() || l.value.empty()) return Errc::BadTiming;
      s.timings.back().repeats.emplace_back(l.value);
      return {};
    case 'a': {
      Attribute a;
      if (auto ec = split_attribute(l.value, a)) return ec;
      return apply_session_attribute(s, std::move(a));
    }
    case 'v':
    case 'o':
    case 's':
      return Errc::DuplicateLine;
    default:
      return Errc::UnknownLineType;
  }
}

std::error_code media_line(MediaDescription& m, const Line& l) {
  switch (l.type) {
    case 'i':
      return set_text_once(m.title, l.value);
    case 'c':
      return set_once(m.connection, parse_connection(l.value));
    case 'k':
      return set_text_once(m.key, l.value);
    case 'b': {
      auto b = parse_bandwidth(l.value);
      if (!b) return b.error();
      m.bandwidths.push_back(std::move(*b));
      return {};
    }
    case 'a': {
      Attribute a;
      if (auto ec = split_attribute(l.value, a)) return ec;
      return apply_media_attribute(m, std::move(a));
    }
    case 'v':
    case 'o':
    case 's':
    case 'u':
    case 'e':
    case 'p':
    case 't':
    case 'r':
    case 'z':
      return Errc::LineOutOfOrder;  // session-level only (section 5)
    default:
      return Errc::UnknownLineType;
  }
}

// v=, o=, s= open every description in this order (section 5).
std::error_code parse_header(const std::vector<Line>& lines, SessionDescription& s) {
  if (lines[0].type != 'v') return Errc::MissingVersion;
  if (lines[0].value != "0") return Errc::BadVersion;
  if (lines.size() < 2 || lines[1].type != 'o') return Errc::MissingOrigin;
  auto origin = parse_origin(lines[1].value);
  if (!origin) return origin.error();
  s.origin = std::move(*origin);
  if (lines.size() < 3 || lines[2].type != 's') return Errc::MissingSessionName;
  s.session_name = std::string(lines[2].value);
  return {};
}

std::error_code check_connections(const SessionDescription& s) {
  for (const auto& m : s.media) {
    // A rejected stream (port 0) carries no media, so it needs no address.
    if (m.port != 0 && !s.connection_for(m)) return Errc::MissingConnection;
  }
  return {};
}

}  // namespace

core::Result<SessionDescription> parse(std::string_view text) {
  if (text.size() > kMaxSdpSize) return Errc::TooLarge;
  auto lines = split_lines(text);
  if (!lines) return lines.error();
  SessionDescription s;
  if (auto ec = parse_header(*lines, s)) return ec;
  for (std::size_t i = 3; i < lines->size(); ++i) {
    const Line& l = (*lines)[i];
    std::error_code ec;
    if (l.type == 'm') {
      if (s.timings.empty()) return Errc::MissingTiming;
      if (s.media.size() == kMaxMediaCount) return Errc::TooLarge;
      auto m = parse_media_line(l.value);
      if (!m) return m.error();
      s.media.push_back(std::move(*m));
    } else if (s.media.empty()) {
      ec = session_line(s, l);
    } else {
      ec = media_line(s.media.back(), l);
    }
    if (ec) return ec;
  }
  if (s.timings.empty()) return Errc::MissingTiming;
  if (auto ec = check_connections(s)) return ec;
  return s;
}

}  // namespace va::sdp
