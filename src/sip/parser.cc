// SIP message parser (RFC 3261 7, 7.3.1 folding, 7.5 framing, 8.2.2 and 18.3 Content-Length).
//
// Rules, in the order they are applied:
//  1. CRLFs before the start line are skipped (7.5); a line may end in CRLF or a bare LF.
//  2. The start line is exact: single SP separators, SIP/2.0 (else UnsupportedVersion), a
//     sip/sips/tel Request-URI without headers (other schemes: UnsupportedUriScheme).
//  3. Each header line is "name HCOLON value"; continuation lines (SP/HT) are unfolded into one
//     SP. Names are case-insensitive and may be compact. Raw controls are only allowed as a
//     quoted-pair.
//  4. Typed headers go to Message fields; Via/Contact/Route/Record-Route may repeat and be
//     comma-joined; From/To/Call-ID/CSeq/Max-Forwards/Content-Type may not repeat.
//  5. The body is Content-Length bytes (datagram: the rest when absent, extra bytes dropped;
//     stream: Content-Length is mandatory). A shorter body is BodyTooShort.
//  6. Via, From, To, Call-ID and CSeq must be present, and a request's CSeq method must equal
//     its method.
// Parsing goes on after the first fault so `partial` gets every header that did parse; the
// first fault is the one reported.
#include <cstring>
#include <string>

#include "sip/message.h"
#include "sip/scanner.h"

namespace va::sip {

namespace {

bool valid_sip_version(std::string_view v, bool& is_2_0) {
  if (v.size() < 7 || !scan::iequals(v.substr(0, 4), "SIP/")) return false;
  const std::string_view num = v.substr(4);
  const std::size_t dot = num.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == num.size()) return false;
  for (std::size_t i = 0; i < num.size(); ++i) {
    if (i != dot && !scan::is_digit(num[i])) return false;
  }
  is_2_0 = num == "2.0";
  return true;
}

// Raw controls (other than HT) may only appear escaped inside a quoted-string.
bool clean_text(std::string_view v) {
  bool quoted = false;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const char c = v[i];
    if (!scan::is(c, scan::kTextSpecial)) continue;  // the common case: plain text
    const auto u = static_cast<unsigned char>(c);
    if (quoted && c == '\\' && i + 1 < v.size()) {
      if (v[i + 1] == '\r' || v[i + 1] == '\n') return false;
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if ((u < 0x20 && c != '\t') || u == 0x7F) {
      return false;
    }
  }
  return true;
}

bool clean_line(std::string_view v) {
  for (char c : v) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7F) return false;
  }
  return true;
}

// callid = word [ "@" word ] (RFC 3261 25.1).
bool valid_call_id(std::string_view v) {
  const std::size_t at = v.find('@');
  const std::string_view a = v.substr(0, at);
  if (a.empty() || !scan::all_of(a, scan::kWord)) return false;
  if (at == std::string_view::npos) return true;
  const std::string_view b = v.substr(at + 1);
  return !b.empty() && scan::all_of(b, scan::kWord);
}

// rfc1123-date = wkday "," SP 2DIGIT SP month SP 4DIGIT SP 2DIGIT ":" 2DIGIT ":" 2DIGIT SP "GMT"
bool valid_sip_date(std::string_view v) {
  static constexpr std::string_view kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  static constexpr std::string_view kShape = "Www, DD Mmm YYYY HH:MM:SS GMT";
  if (v.size() != kShape.size()) return false;
  bool day_ok = false;
  for (auto d : kDays)
    day_ok = day_ok || v.substr(0, 3) == d;
  bool month_ok = false;
  for (auto m : kMonths)
    month_ok = month_ok || v.substr(8, 3) == m;
  if (!day_ok || !month_ok || v.substr(26) != "GMT") return false;
  for (std::size_t i = 3; i < 26; ++i) {
    const char shape = kShape[i];
    const bool digit_slot =
        shape == 'D' || shape == 'Y' || shape == 'H' || shape == 'M' || shape == 'S';
    if (i >= 8 && i < 11) continue;  // month
    if (digit_slot ? !scan::is_digit(v[i]) : v[i] != shape) return false;
  }
  return true;
}

// media-type = m-type SLASH m-subtype *(SEMI m-parameter)
bool valid_media_type(std::string_view v) {
  const std::size_t slash = v.find('/');
  if (slash == std::string_view::npos) return false;
  if (!scan::is_token(scan::trim(v.substr(0, slash)))) return false;
  const std::string_view rest = v.substr(slash + 1);
  const std::size_t semi = rest.find(';');
  if (!scan::is_token(scan::trim(rest.substr(0, semi)))) return false;
  if (semi == std::string_view::npos) return true;
  Params ignored;
  return parse_generic_params(rest.substr(semi), ignored);
}

class Parser {
 public:
  Parser(std::string_view data, const ParseOptions& options, Message& msg)
      : data_(data), options_(options), msg_(msg) {}

  Errc run() {
    if (data_.size() > options_.max_message_bytes) fail(Errc::MessageTooLarge);
    while (pos_ < data_.size() && (data_[pos_] == '\r' || data_[pos_] == '\n'))
      ++pos_;
    if (pos_ >= data_.size()) return Errc::Empty;
    std::string_view line;
    if (!next_line(line)) return first(Errc::Truncated);
    parse_start_line(line);
    if (!parse_headers()) return first(Errc::Truncated);
    parse_body();
    check_mandatory();
    return error_;
  }

 private:
  void fail(Errc e) {
    if (error_ == Errc::Ok) error_ = e;
  }
  Errc first(Errc e) {
    fail(e);
    return error_;
  }

  // The next line without its CRLF/LF; false when no line end remains.
  bool next_line(std::string_view& line) {
    const void* nl = std::memchr(data_.data() + pos_, '\n', data_.size() - pos_);
    if (!nl) return false;
    const std::size_t end = static_cast<std::size_t>(static_cast<const char*>(nl) - data_.data());
    std::size_t stop = end;
    if (stop > pos_ && data_[stop - 1] == '\r') --stop;
    line = data_.substr(pos_, stop - pos_);
    pos_ = end + 1;
    return true;
  }

  bool at_continuation() const {
    return pos_ < data_.size() && (data_[pos_] == ' ' || data_[pos_] == '\t');
  }

  void parse_start_line(std::string_view line) {
    if (!clean_line(line)) return fail(Errc::BadStartLine);
    if (line.size() >= 4 && scan::iequals(line.substr(0, 4), "SIP/")) {
      return parse_status_line(line);
    }
    parse_request_line(line);
  }

  void parse_status_line(std::string_view line) {
    msg_.is_request = false;
    const std::size_t sp1 = line.find(' ');
    if (sp1 == std::string_view::npos) return fail(Errc::BadStartLine);
    bool is_2_0 = false;
    if (!valid_sip_version(line.substr(0, sp1), is_2_0)) return fail(Errc::BadVersion);
    const std::string_view rest = line.substr(sp1 + 1);
    const std::size_t sp2 = rest.find(' ');
    const std::string_view code = rest.substr(0, sp2);
    const auto status = scan::parse_uint(code, 999);
    if (code.size() != 3 || !status || *status < 100 || *status > 699) {
      return fail(Errc::BadStatusCode);
    }
    msg_.status = static_cast<int>(*status);
    if (sp2 != std::string_view::npos) msg_.reason = std::string(rest.substr(sp2 + 1));
    if (!is_2_0) fail(Errc::UnsupportedVersion);
  }

  void parse_request_line(std::string_view line) {
    msg_.is_request = true;
    const std::size_t sp1 = line.find(' ');
    const std::size_t sp2 = line.rfind(' ');
    if (sp1 == std::string_view::npos || sp2 == sp1) return fail(Errc::BadStartLine);
    const std::string_view method = line.substr(0, sp1);
    if (!scan::is_token(method)) return fail(Errc::BadMethod);
    msg_.method_text = std::string(method);
    msg_.method = method_from_string(method);
    const std::string_view uri_text = line.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::string_view version = line.substr(sp2 + 1);
    // RFC 4475 lwsstart / trws: exactly one SP between the elements, none at the end.
    if (uri_text.empty() || scan::is_ws(uri_text.front()) || scan::is_ws(uri_text.back()) ||
        version.empty()) {
      return fail(Errc::BadStartLine);
    }
    bool is_2_0 = false;
    if (!valid_sip_version(version, is_2_0)) return fail(Errc::BadVersion);
    if (uri_text.find_first_of(" \t") != std::string_view::npos) return fail(Errc::BadRequestUri);
    auto uri = parse_uri(uri_text);
    if (!uri) return fail(Errc::BadRequestUri);
    msg_.request_uri = std::move(*uri);
    if (!is_2_0) return fail(Errc::UnsupportedVersion);
    const std::string& scheme = msg_.request_uri.scheme;
    if (scheme != "sip" && scheme != "sips" && scheme != "tel") {
      return fail(Errc::UnsupportedUriScheme);
    }
    // RFC 3261 19.1.1: headers are not allowed in a Request-URI (RFC 4475 escruri).
    if (!msg_.request_uri.headers.empty()) fail(Errc::BadRequestUri);
  }

  // Reads header lines up to the empty line; false if the data ends first.
  bool parse_headers() {
    std::string_view line;
    while (true) {
      if (!next_line(line)) return false;
      if (line.empty()) return true;
      if (scan::is_ws(line[0])) {  // a continuation with no header to continue
        fail(Errc::BadHeaderLine);
        continue;
      }
      std::size_t i = 0;
      while (i < line.size() && scan::is_token_char(line[i]))
        ++i;
      const std::string_view name = line.substr(0, i);
      while (i < line.size() && scan::is_ws(line[i]))
        ++i;
      std::string_view value = line.substr(i < line.size() ? i + 1 : i);
      const bool has_colon = i < line.size() && line[i] == ':';
      if (at_continuation()) value = unfold(value);
      if (name.empty() || !has_colon) {
        fail(Errc::BadHeaderLine);
        continue;
      }
      value = scan::trim(value);
      if (!clean_text(value)) {
        fail(Errc::BadHeaderLine);
        continue;
      }
      on_header(name, value);
    }
  }

  // Joins the continuation lines that follow into scratch_ (each CRLF+WS becomes one SP).
  std::string_view unfold(std::string_view value) {
    scratch_.assign(value);
    std::string_view cont;
    while (at_continuation() && next_line(cont)) {
      scratch_.push_back(' ');
      scratch_.append(scan::trim_left(cont));
    }
    return scratch_;
  }

  void on_header(std::string_view name, std::string_view value) {
    const std::string_view known = known_header_name(name);
    if (known.empty()) return msg_.headers.append_canonical(name, value);
    switch (known.size()) {
      case 2:
        if (known == "To") return on_from_to(value, msg_.to, seen_to_, Errc::BadTo);
        break;
      case 3:
        if (known == "Via") return on_via(value);
        break;
      case 4:
        if (known == "From") return on_from_to(value, msg_.from, seen_from_, Errc::BadFrom);
        if (known == "CSeq") return on_cseq(value);
        if (known == "Date" && !valid_sip_date(value)) fail(Errc::BadDateHeader);
        break;
      case 5:
        if (known == "Route") return on_route(value, msg_.route);
        break;
      case 7:
        if (known == "Call-ID") return on_call_id(value);
        if (known == "Contact") return on_contact(value);
        break;
      case 12:
        if (known == "Max-Forwards") return on_max_forwards(value);
        if (known == "Content-Type") return on_content_type(value);
        if (known == "Record-Route") return on_route(value, msg_.record_route);
        break;
      case 14:
        if (known == "Content-Length") return on_content_length(value);
        break;
      default:
        break;
    }
    msg_.headers.append_canonical(known, value);
  }

  void on_via(std::string_view value) {
    auto list = parse_via_list(value);
    if (!list) return fail(Errc::BadVia);
    for (Via& v : *list)
      msg_.via.push_back(std::move(v));
  }

  void on_from_to(std::string_view value, NameAddr& field, bool& seen, Errc bad) {
    if (seen) return fail(bad);
    seen = true;
    auto na = parse_name_addr(value);
    if (!na) return fail(bad);
    field = std::move(*na);
  }

  void on_call_id(std::string_view value) {
    if (seen_call_id_ || !valid_call_id(value)) return fail(Errc::BadCallId);
    seen_call_id_ = true;
    msg_.call_id = std::string(value);
  }

  // CSeq = 1*DIGIT LWS Method; the number is below 2^32 (RFC 3261 8.1.1.5).
  void on_cseq(std::string_view value) {
    if (seen_cseq_) return fail(Errc::BadCSeq);
    seen_cseq_ = true;
    std::size_t i = 0;
    while (i < value.size() && scan::is_digit(value[i]))
      ++i;
    const auto number = scan::parse_uint(value.substr(0, i), 0xFFFFFFFFu);
    const std::string_view method = scan::trim_left(value.substr(i));
    if (!number || method.size() == value.size() - i || !scan::is_token(method)) {
      return fail(Errc::BadCSeq);
    }
    msg_.cseq.number = static_cast<std::uint32_t>(*number);
    msg_.cseq.method_text = std::string(method);
    msg_.cseq.method = method_from_string(method);
  }

  void on_max_forwards(std::string_view value) {
    const auto v = scan::parse_uint(value, 255);
    if (msg_.max_forwards || !v) return fail(Errc::BadMaxForwards);
    msg_.max_forwards = static_cast<int>(*v);
  }

  void on_contact(std::string_view value) {
    if (value == "*") {
      if (!msg_.contact.empty()) return fail(Errc::BadContact);
      msg_.contact_star = true;
      return;
    }
    auto list = parse_name_addr_list(value);
    if (!list || msg_.contact_star) return fail(Errc::BadContact);
    for (NameAddr& na : *list)
      msg_.contact.push_back(std::move(na));
  }

  void on_route(std::string_view value, std::vector<NameAddr>& out) {
    auto list = parse_name_addr_list(value);
    if (!list) return fail(Errc::BadRoute);
    for (NameAddr& na : *list)
      out.push_back(std::move(na));
  }

  void on_content_type(std::string_view value) {
    if (seen_content_type_ || !valid_media_type(value)) return fail(Errc::BadHeaderValue);
    seen_content_type_ = true;
    msg_.content_type = std::string(value);
  }

  // RFC 4475 ncl / mcl01: a negative, non-numeric or conflicting length is a framing error.
  void on_content_length(std::string_view value) {
    const auto v = scan::parse_uint(value, 0xFFFFFFFFu);
    if (!v || (content_length_ && *content_length_ != *v)) {
      return fail(Errc::BadContentLength);
    }
    content_length_ = static_cast<std::size_t>(*v);
  }

  void parse_body() {
    const std::string_view rest = data_.substr(pos_);
    if (!content_length_) {
      if (!options_.datagram) return fail(Errc::BadContentLength);  // 18.3: MUST on streams
      msg_.body = std::string(rest);
      return;
    }
    if (*content_length_ > rest.size()) return fail(Errc::BodyTooShort);
    // 18.3: octets beyond Content-Length in a datagram are discarded (RFC 4475 dblreq).
    msg_.body = std::string(rest.substr(0, *content_length_));
  }

  void check_mandatory() {
    if (msg_.via.empty()) fail(Errc::MissingVia);
    if (!seen_from_) fail(Errc::MissingFrom);
    if (!seen_to_) fail(Errc::MissingTo);
    if (!seen_call_id_) fail(Errc::MissingCallId);
    if (!seen_cseq_) fail(Errc::MissingCSeq);
    if (msg_.is_request && seen_cseq_ && !msg_.method_text.empty() &&
        msg_.cseq.method_text != msg_.method_text) {
      fail(Errc::CSeqMethodMismatch);
    }
  }

  std::string_view data_;
  const ParseOptions& options_;
  Message& msg_;
  std::size_t pos_ = 0;
  Errc error_ = Errc::Ok;
  std::string scratch_;
  std::optional<std::size_t> content_length_;
  bool seen_from_ = false;
  bool seen_to_ = false;
  bool seen_call_id_ = false;
  bool seen_cseq_ = false;
  bool seen_content_type_ = false;
};

}  // namespace

core::Result<Message> parse_message(std::string_view data, const ParseOptions& options,
                                    Message* partial) {
  Message msg;
  Parser parser(data, options, msg);
  const Errc e = parser.run();
  if (e == Errc::Ok) return msg;
  if (partial) *partial = std::move(msg);
  return make_error_code(e);
}

}  // namespace va::sip
