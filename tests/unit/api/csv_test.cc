// CSV (RFC 4180) and lead import planning: quoting, line ends, and each error by name.
#include "api/csv.h"

#include <gtest/gtest.h>

#include "api/lead_import.h"

namespace va::api {
namespace {

using Rows = std::vector<std::vector<std::string>>;

TEST(Csv, ParsesQuotedFieldsWithCommasQuotesAndNewlines) {
  auto t = parse_csv("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",,x\n").value();
  EXPECT_EQ(t.rows, (Rows{{"a", "b,c", "say \"hi\""}, {"multi\nline", "", "x"}}));
  EXPECT_EQ(t.lines, (std::vector<std::size_t>{1, 2}));
}

TEST(Csv, SkipsBomAndBlankLinesAndAcceptsAMissingFinalNewline) {
  auto t = parse_csv("\xEF\xBB\xBFh1,h2\n\nv1,v2").value();
  EXPECT_EQ(t.rows, (Rows{{"h1", "h2"}, {"v1", "v2"}}));
  EXPECT_EQ(t.lines[1], 3u);
}

TEST(Csv, ReportsEachMalformationByName) {
  EXPECT_EQ(parse_csv("a,\"open\n").error(), CsvErrc::UnterminatedQuote);
  EXPECT_EQ(parse_csv("\"a\"b,c\n").error(), CsvErrc::TextAfterQuote);
  EXPECT_EQ(parse_csv("ab\"c\n").error(), CsvErrc::QuoteInBareField);
  EXPECT_EQ(parse_csv(std::string("a\0b", 3)).error(), CsvErrc::NulByte);
  EXPECT_EQ(parse_csv("a\nb\nc\n", 2).error(), CsvErrc::TooManyRows);
  EXPECT_EQ(parse_csv("a,b,c\n", 10, 2).error(), CsvErrc::TooManyFields);
}

TEST(LeadImport, ValidRowsBecomeLeadsAndBadRowsAreReportedWithRowAndLine) {
  auto plan =
      plan_import("Phone,NAME,status\n+4930123,Ann,new\n123,Bob,new\n+1555,Cy,weird\n", 7).value();
  ASSERT_EQ(plan.leads.size(), 1u);
  EXPECT_EQ(plan.leads[0].name, "Ann");
  EXPECT_EQ(plan.leads[0].owner_id, 7);
  ASSERT_EQ(plan.errors.size(), 2u);
  EXPECT_EQ(plan.errors[0].row, 2u);
  EXPECT_EQ(plan.errors[1].line, 4u);
}

TEST(LeadImport, HeaderProblemsAreA400) {
  EXPECT_EQ(plan_import("name,email\nA,b\n", 1).error().code, "malformed_csv");
  EXPECT_EQ(plan_import("name,phone,name\n", 1).error().code, "malformed_csv");
  EXPECT_EQ(plan_import("name,phone,secret\n", 1).error().status, 400);
  EXPECT_EQ(plan_import("", 1).error().code, "malformed_csv");
}

TEST(Csv, RecordQuotesOnlyWhatNeedsItAndParsesBack) {
  const std::vector<std::string> fields{"plain", "a,b", "say \"hi\"", "two\nlines", "", "Grüße\r"};
  const auto line = csv_record(fields);
  EXPECT_EQ(line, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,\"Grüße\r\"\r\n");
  auto table = parse_csv(line);
  ASSERT_TRUE(table);
  ASSERT_EQ(table->rows.size(), 1u);
  EXPECT_EQ(table->rows[0], fields);
}

}  // namespace
}  // namespace va::api
