// The Gemini REST error body (ai-live-protocols.md B).
#include "ai/gemini/rest_error.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "ai/errc.h"
#include "ai/gemini/json_fields.h"

namespace va::ai::gemini {
namespace json = boost::json;

RestError parse_rest_error(int http_status, std::string_view body) {
  RestError e;
  e.http_status = http_status;
  e.message = "HTTP " + std::to_string(http_status);
  std::string reason;
  boost::system::error_code ec;
  json::value root = json::parse(body, ec);
  const json::object* o = ec ? nullptr : object_at(&root);
  if (const json::object* err = o ? object_at(o->if_contains("error")) : nullptr) {
    if (auto m = string_at(*err, "message"); !m.empty()) e.message = std::string(m);
    e.status = std::string(string_at(*err, "status"));
    if (const json::value* d = err->if_contains("details"); d && d->is_array()) {
      for (const json::value& item : d->get_array()) {
        if (const json::object* io = object_at(&item); io && reason.empty()) {
          reason = std::string(string_at(*io, "reason"));
        }
      }
    }
  }
  Errc code = Errc::ServerGone;
  if (http_status == 401 || http_status == 403 || reason == "API_KEY_INVALID") {
    code = Errc::BadKey;
  } else if (http_status == 429) {
    code = Errc::Quota;
  } else if (http_status == 404) {
    code = Errc::BadModel;
  } else if (http_status >= 400 && http_status < 500) {
    code = e.message.find("oice") != std::string::npos ? Errc::BadVoice : Errc::InvalidArgument;
  }
  e.code = make_error_code(code);
  return e;
}

}  // namespace va::ai::gemini
