// AnalysisClient: one generateContent POST, then the structured answer checked.
#include "ai/gemini/analysis_client.h"

#include "ai/gemini/rest_post.h"

namespace va::ai::gemini {

namespace {
constexpr std::size_t kMaxResponseBytes = 4 * 1024 * 1024;  // a summary and a few fields
}  // namespace

core::Result<AnalysisAnswer> analyze_call(const AnalysisConfig& config, const AnalysisAsk& ask,
                                          RestError* failure) {
  RestError ignored;
  RestError& f = failure ? *failure : ignored;
  std::string base = config.rest_url;
  while (!base.empty() && base.back() == '/')
    base.pop_back();
  auto reply =
      post_json(base + "/v1beta/models/" + config.model + ":generateContent", config.api_key,
                build_analysis_request(ask), config.timeout, kMaxResponseBytes, &f, config.ca_file);
  if (!reply) return reply.error();
  if (reply->http_status != 200) {
    f = parse_rest_error(reply->http_status, reply->body);
    return f.code;
  }
  std::string why;
  auto answer = parse_analysis_response(reply->body, ask.fields, &why);
  if (!answer) f = RestError{answer.error(), reply->http_status, "", why};
  return answer;
}

}  // namespace va::ai::gemini
