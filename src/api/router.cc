// Router: segment-wise matching; no regexes, bounded by the path length.
#include "api/router.h"

#include <charconv>

namespace va::api {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding; '+' means a space only in a query (form encoding), never in a path.
std::string decode(std::string_view s, bool plus_is_space = true) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+' && plus_is_space) {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool match(const std::string& pattern, const std::vector<std::string_view>& segs, RouteMatch& m) {
  const auto pat = split_path(pattern);
  if (pat.size() != segs.size()) return false;
  for (std::size_t i = 0; i < pat.size(); ++i) {
    const auto s = segs[i];
    if (pat[i] == "{id}") {
      std::int64_t v = 0;
      auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (s.empty() || ec != std::errc{} || end != s.data() + s.size() || v <= 0) return false;
      m.id = v;
    } else if (pat[i].starts_with('{') && pat[i].ends_with('}')) {
      if (s.empty()) return false;
      m.param = decode(s, false);
    } else if (pat[i] != s) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::map<std::string, std::string> parse_query(std::string_view query) {
  std::map<std::string, std::string> out;
  while (!query.empty()) {
    auto amp = query.find('&');
    auto part = query.substr(0, amp);
    auto eq = part.find('=');
    if (!part.empty()) {
      out[decode(part.substr(0, eq))] =
          eq == std::string_view::npos ? "" : decode(part.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

Router::Outcome Router::route(const std::string& method, const std::string& target) const {
  const auto q = target.find('?');
  const std::string_view path = std::string_view(target).substr(0, q);
  Outcome out;
  if (path.empty() || path[0] != '/') return out;
  const auto segs = split_path(path);
  for (const auto& r : routes_) {
    RouteMatch m{&r, 0, {}, {}};
    if (!match(r.pattern, segs, m)) continue;
    if (r.method == method) {
      if (q != std::string::npos) m.query = parse_query(std::string_view(target).substr(q + 1));
      out.match = std::move(m);
      return out;
    }
    out.status = 405;
    out.allow += (out.allow.empty() ? "" : ", ") + r.method;
  }
  return out;
}

}  // namespace va::api
