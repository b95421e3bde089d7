// StreamFramer: Content-Length framing of SIP over TCP (RFC 3261 18.3, keep-alives RFC 5626 4.4.1).
#include "sip/stream_framer.h"

#include "sip/errc.h"
#include "sip/headers.h"
#include "sip/scanner.h"

namespace va::sip {

namespace {

// The Content-Length of a header block (folded lines included), nullopt if absent,
// or an error when invalid or conflicting.
core::Result<std::optional<std::size_t>> find_content_length(std::string_view head) {
  std::optional<std::size_t> length;
  std::size_t pos = head.find('\n');  // skip the start line
  while (pos != std::string_view::npos && pos + 1 < head.size()) {
    const std::size_t start = pos + 1;
    pos = head.find('\n', start);
    std::string_view line = head.substr(start, pos == std::string_view::npos ? pos : pos - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || line.empty() || scan::is_ws(line[0])) continue;
    const std::string_view name = scan::trim(line.substr(0, colon));
    if (known_header_name(name) != "Content-Length") continue;
    std::string value(line.substr(colon + 1));
    // A folded value continues on the following lines.
    while (pos != std::string_view::npos && pos + 1 < head.size() && scan::is_ws(head[pos + 1])) {
      const std::size_t next = head.find('\n', pos + 1);
      value.append(" ").append(
          head.substr(pos + 1, next == std::string_view::npos ? next : next - pos - 1));
      pos = next;
    }
    const auto v = scan::parse_uint(
        scan::trim(std::string_view(value).substr(0, value.find_last_not_of("\r\t ") + 1)),
        0xFFFFFFFFu);
    if (!v || (length && *length != *v)) return Errc::BadContentLength;
    length = static_cast<std::size_t>(*v);
  }
  return length;
}

}  // namespace

core::Result<std::optional<std::string>> StreamFramer::next() {
  if (scanned_ == 0) {
    // CRLF keep-alives (and stray line ends) between messages are skipped.
    std::size_t skip = 0;
    while (skip < buffer_.size() && (buffer_[skip] == '\r' || buffer_[skip] == '\n'))
      ++skip;
    buffer_.erase(0, skip);
    keepalives_.pings += skip / 4;
    if (skip % 4 >= 2) ++keepalives_.pongs;
  }
  // Resume the search where the last call stopped, so a slow sender costs O(n), not O(n^2).
  const std::size_t from = scanned_ > 3 ? scanned_ - 3 : 0;
  std::size_t head_end = buffer_.find("\r\n\r\n", from);
  std::size_t sep = 4;
  if (const std::size_t lf = buffer_.find("\n\n", from);
      lf != std::string::npos && lf + 1 < head_end) {
    head_end = lf;
    sep = 2;
  }
  if (head_end == std::string::npos) {
    scanned_ = buffer_.size();
    if (buffer_.size() > max_) return Errc::MessageTooLarge;
    return std::optional<std::string>{};
  }
  scanned_ = head_end;
  auto length = find_content_length(std::string_view(buffer_).substr(0, head_end + sep / 2));
  if (!length) return length.error();
  if (!*length) return Errc::BadContentLength;  // mandatory on a stream (18.3)
  const std::size_t total = head_end + sep + **length;
  if (total > max_) return Errc::MessageTooLarge;
  if (buffer_.size() < total) return std::optional<std::string>{};
  std::optional<std::string> message(std::in_place, buffer_, 0, total);
  buffer_.erase(0, total);
  scanned_ = 0;
  return message;
}

}  // namespace va::sip
