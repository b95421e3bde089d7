// Post-call analysis messages: the request's shape (structured output as Gemini takes it) and
// the answer's parser, including model answers that are malformed in every way we could think of.
#include "ai/gemini/analysis_message.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "ai/errc.h"

namespace va::ai::gemini {
namespace {
namespace json = boost::json;

const std::vector<ExtractionField> kFields = {{"email", "string", "the callee's email"},
                                              {"budget", "number", ""},
                                              {"has_car", "boolean", ""},
                                              {"meeting_day", "date", "day of the meeting"}};

AnalysisAsk ask() {
  AnalysisAsk a;
  a.transcript = {{"agent", "Hello, this is Acme."}, {"caller", "Call me back on Friday."}};
  a.fields = kFields;
  a.language = "en-US";
  a.call_started_ms = *parse_iso8601("2026-12-07T10:00:00Z");
  return a;
}

// A generateContent answer whose candidate text is `text`.
std::string answer(const std::string& text) {
  return json::serialize(json::object{
      {"candidates",
       json::array{json::object{
           {"content", {{"parts", json::array{json::object{{"text", text}}}}, {"role", "model"}}},
           {"finishReason", "STOP"}}}},
      {"usageMetadata", {{"promptTokenCount", 120}, {"candidatesTokenCount", 40}}}});
}

TEST(AnalysisMessage, RequestAsksForJsonWithTheSchemaAndTheTranscript) {
  const json::value r = json::parse(build_analysis_request(ask()));
  const auto& gc = r.at("generationConfig").as_object();
  EXPECT_EQ(gc.at("responseMimeType").as_string(), "application/json");
  const auto& schema = gc.at("responseSchema").as_object();
  EXPECT_EQ(schema.at("type").as_string(), "OBJECT");
  const auto& props = schema.at("properties").as_object();
  EXPECT_EQ(props.at("disposition").at("enum").as_array().size(), 7u);
  EXPECT_EQ(props.at("callback_at").at("format").as_string(), "date-time");
  EXPECT_TRUE(props.at("callback_at").at("nullable").as_bool());
  const auto& fields = props.at("fields").as_object();
  EXPECT_EQ(fields.at("type").as_string(), "OBJECT");
  EXPECT_EQ(fields.at("properties").at("email").at("type").as_string(), "STRING");
  EXPECT_EQ(fields.at("properties").at("budget").at("type").as_string(), "NUMBER");
  EXPECT_EQ(fields.at("properties").at("has_car").at("type").as_string(), "BOOLEAN");
  EXPECT_NE(json::serialize(fields.at("properties").at("meeting_day")).find("YYYY-MM-DD"),
            std::string::npos);
  EXPECT_EQ(schema.at("required").as_array().size(), 4u);
  const std::string prompt(r.at("contents").at(0).at("parts").at(0).at("text").as_string());
  EXPECT_NE(prompt.find("Call started: 2026-12-07T10:00:00Z (Monday)."), std::string::npos);
  EXPECT_NE(prompt.find("caller: Call me back on Friday.\n"), std::string::npos);
  EXPECT_EQ(r.at("contents").at(0).at("role").as_string(), "user");
  EXPECT_TRUE(r.at("systemInstruction").at("parts").at(0).at("text").is_string());
}

TEST(AnalysisMessage, NoFieldsMeansNoEmptyObjectInTheSchema) {
  auto a = ask();
  a.fields.clear();
  const json::value r = json::parse(build_analysis_request(a));
  const auto& props = r.at("generationConfig").at("responseSchema").at("properties").as_object();
  EXPECT_FALSE(props.contains("fields"));  // Gemini refuses an OBJECT without properties
}

TEST(AnalysisMessage, ParsesAGoodAnswerAndItsTokens) {
  auto a = parse_analysis_response(
      answer(R"({"summary":"Wants a call on Friday.","disposition":"callback",)"
             R"("callback_at":"2026-12-11T15:00:00Z","fields":{"email":"a@b.example",)"
             R"("budget":5000,"has_car":true,"meeting_day":"2026-12-11"}})"),
      kFields);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->summary, "Wants a call on Friday.");
  EXPECT_EQ(a->disposition, "callback");
  EXPECT_EQ(a->callback_at_ms, parse_iso8601("2026-12-11T15:00:00Z"));
  EXPECT_EQ(json::parse(a->fields_json),
            json::parse(R"({"email":"a@b.example","budget":5000,"has_car":true,)"
                        R"("meeting_day":"2026-12-11"})"));
  EXPECT_EQ(a->input_tokens, 120);
  EXPECT_EQ(a->output_tokens, 40);
}

TEST(AnalysisMessage, FieldsOfTheWrongTypeOrUnaskedAreDroppedNotFatal) {
  auto a = parse_analysis_response(
      answer(R"({"summary":"s","disposition":"interested","callback_at":null,)"
             R"("fields":{"email":7,"budget":"lots","has_car":"yes","meeting_day":"Friday",)"
             R"("secret":"x"}})"),
      kFields);
  ASSERT_TRUE(a);
  EXPECT_EQ(json::parse(a->fields_json),
            json::parse(R"({"email":null,"budget":null,"has_car":null,"meeting_day":null})"));
  EXPECT_FALSE(a->callback_at_ms);
}

TEST(AnalysisMessage, MalformedModelAnswersAreClearErrors) {
  struct Case {
    std::string body;
    Errc code;
    const char* why;
  };
  const std::vector<Case> cases = {
      {"not json at all", Errc::MalformedJson, "the answer is not JSON"},
      {"[]", Errc::ProtocolError, "not an object"},
      {R"({"candidates":[]})", Errc::ProtocolError, "no candidate"},
      {R"({"promptFeedback":{"blockReason":"SAFETY"}})", Errc::ProtocolError, "SAFETY"},
      {R"({"candidates":[{"finishReason":"MAX_TOKENS","content":{"parts":[]}}]})",
       Errc::ProtocolError, "MAX_TOKENS"},
      {answer("Sure! {summary: oops"), Errc::MalformedJson, "not valid JSON"},
      {answer("[1,2]"), Errc::ProtocolError, "not an object"},
      {answer(R"({"disposition":"interested"})"), Errc::ProtocolError, "no summary"},
      {answer(R"({"summary":"s","disposition":"maybe"})"), Errc::ProtocolError, "disposition"},
      {answer(R"({"summary":"s","disposition":7})"), Errc::ProtocolError, "disposition"},
      {answer(R"({"summary":"s","disposition":"callback","callback_at":"next Friday"})"),
       Errc::ProtocolError, "ISO 8601"},
      {answer(R"({"summary":"s","disposition":"callback","callback_at":12})"), Errc::ProtocolError,
       "ISO 8601"},
  };
  for (const auto& c : cases) {
    std::string why;
    auto a = parse_analysis_response(c.body, kFields, &why);
    ASSERT_FALSE(a) << c.body;
    EXPECT_EQ(a.error(), make_error_code(c.code)) << c.body;
    EXPECT_NE(why.find(c.why), std::string::npos) << c.body << " -> " << why;
  }
}

TEST(AnalysisMessage, AnswerSplitOverPartsIsJoined) {
  const std::string body = json::serialize(json::object{
      {"candidates",
       json::array{json::object{
           {"content",
            {{"parts", json::array{json::object{{"text", R"({"summary":"a",)"}},
                                   json::object{{"text", R"("disposition":"voicemail"})"}}}}}}}}}});
  auto a = parse_analysis_response(body, {});
  ASSERT_TRUE(a);
  EXPECT_EQ(a->disposition, "voicemail");
  EXPECT_EQ(a->fields_json, "{}");
}

TEST(AnalysisMessage, Iso8601RoundTripsAndRejectsNonsense) {
  EXPECT_EQ(parse_iso8601("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_iso8601("2026-12-11T15:00:00+02:00"), parse_iso8601("2026-12-11T13:00:00Z"));
  EXPECT_EQ(parse_iso8601("2026-12-11T15:00"), parse_iso8601("2026-12-11T15:00:00Z"));
  EXPECT_EQ(*parse_iso8601("2026-12-11T15:00:00.250Z") % 1000, 250);
  const std::int64_t t = *parse_iso8601("2028-02-29T23:59:59Z");
  EXPECT_EQ(format_iso8601(t), "2028-02-29T23:59:59Z");
  EXPECT_EQ(weekday_name(*parse_iso8601("2026-12-11T00:00:00Z")), "Friday");
  for (const char* bad : {"", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-12-11",
                          "2026-12-11T25:00:00Z", "2026-12-11T10:00:00Zjunk", "Friday 3pm",
                          "2026-12-11T10:00:00+2", "2026-12-11T10:00:00."}) {
    EXPECT_FALSE(parse_iso8601(bad)) << bad;
  }
  EXPECT_TRUE(is_iso_date("2024-02-29"));
  EXPECT_FALSE(is_iso_date("2023-02-29"));
  EXPECT_FALSE(is_iso_date("2024-02-29T00:00"));
}

}  // namespace
}  // namespace va::ai::gemini
