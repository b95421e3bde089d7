// StaticFiles: whole-file reads (the UI's assets are small); the root is re-checked per
// request with canonical paths so a symlink inside the root cannot lead outside it either.
#include "api/static_files.h"

#include <array>
#include <fstream>
#include <iterator>
#include <system_error>

#include "api/api_error.h"

#ifndef VA_SOURCE_WEB_DIST
#define VA_SOURCE_WEB_DIST ""
#endif

namespace va::api {
namespace {

namespace fs = std::filesystem;

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::optional<std::string> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return body;
}

// True when `p` (canonical) lies inside `root` (canonical).
bool inside(const fs::path& root, const fs::path& p) {
  auto r = root.begin();
  auto q = p.begin();
  for (; r != root.end(); ++r, ++q) {
    if (q == p.end() || *r != *q) return false;
  }
  return true;
}

HttpResponse not_found() {
  return error_response({404, "not_found", "no such file"});
}

}  // namespace

std::string_view content_type_for(std::string_view f) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".webp", "image/webp"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},
      {".wav", "audio/wav"},
  }};
  for (const auto& [ext, type] : kTypes) {
    if (ends_with(f, ext)) return type;
  }
  return "application/octet-stream";
}

std::optional<std::string> safe_relative_path(std::string_view target) {
  std::string_view path = target.substr(0, target.find_first_of("?#"));
  if (path.empty() || path.front() != '/') return std::nullopt;
  std::string decoded;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '%') {
      decoded += path[i];
      continue;
    }
    if (i + 2 >= path.size() || hex(path[i + 1]) < 0 || hex(path[i + 2]) < 0) return std::nullopt;
    decoded += static_cast<char>(hex(path[i + 1]) * 16 + hex(path[i + 2]));
    i += 2;
  }
  std::string out;
  std::string_view rest = decoded;
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const auto seg = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (seg.empty()) continue;
    if (seg == "." || seg == "..") return std::nullopt;
    if (seg.find('\0') != std::string_view::npos || seg.find('\\') != std::string_view::npos ||
        seg.find(':') != std::string_view::npos) {
      return std::nullopt;
    }
    if (!out.empty()) out += '/';
    out += seg;
  }
  return out;
}

StaticFiles::StaticFiles(fs::path root) : root_(std::move(root)) {}

std::optional<HttpResponse> StaticFiles::serve(std::string_view method,
                                               std::string_view target) const {
  const std::string_view path = target.substr(0, target.find_first_of("?#"));
  if (path == "/api" || path.rfind("/api/", 0) == 0 || path == "/healthz" || path == "/metrics") {
    return std::nullopt;
  }
  if (method != "GET") return std::nullopt;
  const auto rel = safe_relative_path(target);
  if (!rel) return error_response(bad_request("bad_path", "invalid path"));

  std::error_code ec;
  const fs::path root = fs::canonical(root_, ec);
  if (ec) return error_response({404, "ui_not_built", "the web UI is not built (web/dist)"});

  fs::path file = rel->empty() ? root / "index.html" : root / *rel;
  bool fallback = false;
  if (!fs::is_regular_file(file, ec)) {
    const auto last = rel->substr(rel->rfind('/') == std::string::npos ? 0 : rel->rfind('/') + 1);
    if (last.find('.') != std::string::npos) return not_found();
    file = root / "index.html";  // a client-side route: the SPA decides
    fallback = true;
  }
  const fs::path real = fs::canonical(file, ec);
  if (ec || !inside(root, real) || !fs::is_regular_file(real, ec)) return not_found();
  auto body = read_file(real);
  if (!body) return not_found();

  HttpResponse r;
  r.content_type = std::string(content_type_for(real.filename().string()));
  r.body = std::move(*body);
  // Vite names assets by content hash: they never change. index.html must always revalidate.
  const bool hashed = !fallback && rel->rfind("assets/", 0) == 0;
  r.headers.emplace_back("Cache-Control",
                         hashed ? "public, max-age=31536000, immutable" : "no-cache");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

fs::path resolve_web_root(const std::string& configured) {
  if (!configured.empty()) return configured;
  std::vector<fs::path> candidates;
  std::error_code ec;
  const auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto dir = exe.parent_path();
    candidates.push_back(dir / ".." / "share" / "voiceagent" / "web");
    candidates.push_back(dir / ".." / ".." / ".." / "web" / "dist");
  }
  if (std::string_view(VA_SOURCE_WEB_DIST).size() > 0) candidates.emplace_back(VA_SOURCE_WEB_DIST);
  for (const auto& c : candidates) {
    if (fs::is_regular_file(c / "index.html", ec)) return fs::weakly_canonical(c, ec);
  }
  return candidates.empty() ? fs::path("web/dist") : candidates.back();
}

}  // namespace va::api
