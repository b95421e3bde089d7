// CSV (RFC 4180): comma-separated fields, double quotes around fields that contain commas,
// quotes or line breaks, "" for a quote inside one. CRLF or LF line ends; a UTF-8 BOM is
// skipped. Bad input is a Result error, never an exception.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace va::api {

enum class CsvErrc {
  Ok = 0,
  UnterminatedQuote,  // a quoted field runs to the end of the input
  TextAfterQuote,     // "abc"x: only a comma or line end may follow a closing quote
  QuoteInBareField,   // ab"c: a quote inside an unquoted field
  TooManyRows,
  TooManyFields,
  NulByte,
};

const char* describe(CsvErrc e);
const std::error_category& csv_category();
std::error_code make_error_code(CsvErrc e);

struct CsvTable {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> lines;  // 1-based line where each row starts (for error reports)
};

// One record of an export: each field quoted when it holds a comma, quote, CR or LF (quotes
// doubled), ended by CRLF (RFC 4180 section 2).
std::string csv_record(const std::vector<std::string>& fields);

core::Result<CsvTable> parse_csv(std::string_view text, std::size_t max_rows = 100000,
                                 std::size_t max_fields = 64);

}  // namespace va::api

template <>
struct std::is_error_code_enum<va::api::CsvErrc> : std::true_type {};
