// StaticFiles: serves the built web UI (web/dist) from http.web_root: content types, an
// index.html fallback for single-page-app routes, long caching for Vite's hashed assets,
// and no way out of the root (RFC 3986 section 5.2.4 dot segments are refused, not resolved).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "api/http_types.h"

namespace va::api {

class StaticFiles {
 public:
  // `root` need not exist yet (the UI may be built later); every request looks again.
  explicit StaticFiles(std::filesystem::path root);

  // The response for GET `target`, or nullopt when the path is not the UI's to answer
  // (/api/..., /healthz, /metrics). Missing files are 404; paths that look like routes
  // (no dot in the last segment) get index.html so the browser's router can take over.
  std::optional<HttpResponse> serve(std::string_view method, std::string_view target) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

// "text/css; charset=utf-8" etc. from the file name's extension; unknown: octet-stream.
std::string_view content_type_for(std::string_view filename);

// The decoded request path split into segments, or nullopt when it could escape the root
// or is not a plain path ("..", ".", NUL, backslash, bad percent-encoding).
std::optional<std::string> safe_relative_path(std::string_view target);

// http.web_root when set, else the first that exists of <dir of the executable>/../share/
// voiceagent/web, <dir of the executable>/../../../web/dist (the build tree), and the
// source tree's web/dist compiled in (VA_SOURCE_WEB_DIST); else the last of them.
std::filesystem::path resolve_web_root(const std::string& configured);

}  // namespace va::api
