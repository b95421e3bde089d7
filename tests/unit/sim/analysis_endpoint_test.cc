// The simulator's analysis endpoint: as strict about field names as the real API, and its
// deterministic answers follow the rules written in analysis_endpoint.cc.
#include "sim/analysis_endpoint.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "ai/gemini/analysis_message.h"

namespace va::sim {
namespace {
namespace json = boost::json;
namespace gemini = ai::gemini;

std::string request(std::vector<gemini::TranscriptTurn> lines,
                    std::vector<gemini::ExtractionField> fields = {}) {
  gemini::AnalysisAsk a;
  a.transcript = std::move(lines);
  a.fields = std::move(fields);
  a.call_started_ms = *gemini::parse_iso8601("2026-12-07T10:00:00Z");  // a Monday
  return gemini::build_analysis_request(a);
}

json::object answer_to(const std::string& body) {
  return json::parse(analysis_answer_text(body)).as_object();
}

TEST(SimAnalysisEndpoint, OurRequestHasOnlyKnownFieldNames) {
  EXPECT_EQ(unknown_field_error(request({{"caller", "yes"}}, {{"email", "string", "e-mail"}})), "");
}

TEST(SimAnalysisEndpoint, UnknownFieldNamesAreRejectedWhereverTheyAre) {
  EXPECT_EQ(unknown_field_error(R"({"contents":[],"bogus":1})"),
            "Invalid JSON payload received. Unknown name \"bogus\": Cannot find field.");
  EXPECT_EQ(unknown_field_error(R"({"generationConfig":{"responseMimetype":"application/json"}})"),
            "Invalid JSON payload received. Unknown name \"responseMimetype\" at "
            "'generation_config': Cannot find field.");
  EXPECT_EQ(unknown_field_error(R"({"contents":[{"parts":[{"txt":"hi"}]}]})"),
            "Invalid JSON payload received. Unknown name \"txt\" at 'contents[0].parts[0]': "
            "Cannot find field.");
  const std::string schema =
      R"({"generationConfig":{"responseSchema":{"type":"OBJECT","properties":)"
      R"({"a":{"type":"STRING","nullabel":true}}}}})";
  EXPECT_NE(unknown_field_error(schema).find("Unknown name \"nullabel\" at "
                                             "'generation_config.response_schema.properties[a]"
                                             ".value'"),
            std::string::npos);
  // snake_case is the same field, as in the real JSON mapping.
  EXPECT_EQ(unknown_field_error(R"({"generation_config":{"response_mime_type":"text/plain"}})"),
            "");
  EXPECT_NE(unknown_field_error("{not json"), "");
}

TEST(SimAnalysisEndpoint, DispositionsFollowTheCallersWords) {
  struct Case {
    std::vector<gemini::TranscriptTurn> lines;
    const char* disposition;
  };
  const std::vector<Case> cases = {
      {{}, "no_conversation"},
      {{{"agent", "Hello?"}}, "no_conversation"},
      {{{"caller", "Yes, I am interested."}}, "interested"},
      {{{"caller", "No thanks, I am not interested."}}, "not_interested"},
      {{{"caller", "Please do not call me again."}}, "do_not_call"},
      {{{"caller", "Sorry, wrong number."}}, "wrong_number"},
      {{{"caller", "Please leave a message after the tone."}}, "voicemail"},
      {{{"caller", "Call me back on Friday at 3 pm."}}, "callback"},
      {{{"caller", "[speech 1.2 s]"}}, "not_interested"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(answer_to(request(c.lines)).at("disposition").as_string(), c.disposition)
        << (c.lines.empty() ? "" : c.lines.back().text);
  }
}

TEST(SimAnalysisEndpoint, CallbackTimeIsTheNamedDayAfterTheCall) {
  auto a = answer_to(request({{"caller", "Call me back on Friday at 3 pm."}}));
  EXPECT_EQ(a.at("callback_at").as_string(), "2026-12-11T15:00:00Z");
  a = answer_to(request({{"caller", "Call back on Monday please."}}));  // next week's Monday
  EXPECT_EQ(a.at("callback_at").as_string(), "2026-12-14T10:00:00Z");
  a = answer_to(request({{"caller", "callback tomorrow at 9 am"}}));
  EXPECT_EQ(a.at("callback_at").as_string(), "2026-12-08T09:00:00Z");
  EXPECT_TRUE(answer_to(request({{"caller", "yes"}})).at("callback_at").is_null());
}

TEST(SimAnalysisEndpoint, FieldsAreFoundInTheText) {
  const std::vector<gemini::ExtractionField> fields = {{"email", "string", "contact e-mail"},
                                                       {"budget", "number", ""},
                                                       {"has_car", "boolean", ""},
                                                       {"visit_day", "date", ""},
                                                       {"city", "string", ""},
                                                       {"company", "string", ""}};
  auto a = answer_to(request(
      {{"caller", "Yes, interested. My email is Anna.K@example.com. My budget is 5000 euros."},
       {"caller", "I have no has car. Come on Thursday. My city is Plovdiv, thanks."}},
      fields));
  const auto& f = a.at("fields").as_object();
  EXPECT_EQ(f.at("email").as_string(), "Anna.K@example.com");
  EXPECT_EQ(f.at("budget").as_int64(), 5000);
  EXPECT_FALSE(f.at("has_car").as_bool());
  EXPECT_EQ(f.at("visit_day").as_string(), "2026-12-10");
  EXPECT_EQ(f.at("city").as_string(), "Plovdiv");
  EXPECT_TRUE(f.at("company").is_null());
  // And what our parser makes of it.
  const std::string wrapped = R"({"candidates":[{"content":{"parts":[{"text":)" +
                              json::serialize(json::value(json::serialize(a))) + "}]}}]}";
  auto parsed = gemini::parse_analysis_response(wrapped, fields);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->disposition, "interested");
}

std::vector<std::uint8_t> tiny_wav() {
  std::vector<std::uint8_t> w(44 + 320, 0);
  const char* riff = "RIFF\x00\x00\x00\x00WAVEfmt ";
  std::copy(riff, riff + 16, w.begin());
  return w;
}

http::response<http::string_body> post(SimShared& shared, const std::string& body) {
  http::request<http::string_body> req{http::verb::post,
                                       "/v1beta/models/gemini-2.5-flash:generateContent", 11};
  req.set("x-goog-api-key", "any-key");
  req.set(http::field::content_type, "application/json");
  req.body() = body;
  req.prepare_payload();
  return answer_generate_content(req, shared);
}

TEST(SimAnalysisEndpoint, AThinTranscriptsRecordingIsSentInlineAndHeard) {
  gemini::AnalysisAsk a;
  a.transcript = {{"agent", "Hello?"}};
  EXPECT_TRUE(gemini::transcript_is_thin(a.transcript));
  EXPECT_FALSE(gemini::transcript_is_thin({{"agent", "Hello?"}, {"caller", "Yes."}}));
  EXPECT_TRUE(gemini::transcript_is_thin({{"agent", "Hello?"}, {"dtmf", "1"}}));
  a.call_started_ms = *gemini::parse_iso8601("2026-12-07T10:00:00Z");
  a.audio_wav = tiny_wav();
  const std::string body = gemini::build_analysis_request(a);
  EXPECT_EQ(unknown_field_error(body), "");  // inlineData {mimeType, data} is the real shape
  const auto parts = json::parse(body).at("contents").at(0).at("parts").as_array();
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[2].at("inlineData").at("mimeType").as_string(), "audio/wav");
  const SimConfig config;
  SimShared shared{config};
  auto r = post(shared, body);
  ASSERT_EQ(r.result_int(), 200) << r.body();
  const auto text = analysis_answer_text(body);
  EXPECT_NE(text.find("The recording (364 bytes of audio) was heard."), std::string::npos) << text;
}

TEST(SimAnalysisEndpoint, InlineAudioThatIsNotBase64OrNotWavIs400) {
  const SimConfig config;
  SimShared shared{config};
  const std::string head =
      R"({"contents":[{"role":"user","parts":[{"text":"Transcript:\n"},{"inlineData":)";
  auto r = post(shared, head + R"({"mimeType":"audio/wav","data":"%%%"}}]}]})");
  EXPECT_EQ(r.result_int(), 400);
  EXPECT_NE(r.body().find("Base64"), std::string::npos) << r.body();
  r = post(shared, head + R"({"mimeType":"audio/wav","data":"aGVsbG8="}}]}]})");  // "hello"
  EXPECT_EQ(r.result_int(), 400);
  r = post(shared, head + R"({"data":"aGVsbG8="}}]}]})");
  EXPECT_EQ(r.result_int(), 400);
}

}  // namespace
}  // namespace va::sim
