// CSV (RFC 4180 section 2): a small state machine over the bytes.
#include "api/csv.h"

namespace va::api {

const char* describe(CsvErrc e) {
  switch (e) {
    case CsvErrc::Ok:
      return "ok";
    case CsvErrc::UnterminatedQuote:
      return "unterminated quoted field";
    case CsvErrc::TextAfterQuote:
      return "text after a closing quote";
    case CsvErrc::QuoteInBareField:
      return "quote inside an unquoted field";
    case CsvErrc::TooManyRows:
      return "too many rows";
    case CsvErrc::TooManyFields:
      return "too many fields in a row";
    case CsvErrc::NulByte:
      return "NUL byte in CSV";
  }
  return "bad csv";
}

VA_ERROR_CATEGORY(CsvErrc, "csv", csv_category)

core::Result<CsvTable> parse_csv(std::string_view text, std::size_t max_rows,
                                 std::size_t max_fields) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  CsvTable out;
  std::vector<std::string> row;
  std::string field;
  std::size_t line = 1;
  std::size_t row_line = 1;
  bool quoted = false;      // inside a quoted field
  bool was_quoted = false;  // current field was quoted and is closed
  bool row_has_data = false;
  auto end_field = [&]() -> core::Result<void> {
    if (row.size() >= max_fields) return CsvErrc::TooManyFields;
    row.push_back(std::move(field));
    field.clear();
    was_quoted = false;
    return {};
  };
  auto end_row = [&]() -> core::Result<void> {
    if (auto r = end_field(); !r) return r;
    // A blank line is skipped, not a row of one empty field.
    if (row_has_data || row.size() > 1 || !row[0].empty()) {
      if (out.rows.size() >= max_rows) return CsvErrc::TooManyRows;
      out.rows.push_back(std::move(row));
      out.lines.push_back(row_line);
    }
    row.clear();
    row_has_data = false;
    return {};
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\0') return CsvErrc::NulByte;
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
          was_quoted = true;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == ',') {
      row_has_data = true;
      if (auto r = end_field(); !r) return r.error();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (auto r = end_row(); !r) return r.error();
      row_line = ++line;
    } else if (was_quoted) {
      return CsvErrc::TextAfterQuote;
    } else if (c == '"') {
      if (!field.empty()) return CsvErrc::QuoteInBareField;
      quoted = true;
      row_has_data = true;
    } else {
      field += c;
    }
  }
  if (quoted) return CsvErrc::UnterminatedQuote;
  if (!field.empty() || !row.empty() || was_quoted) {
    if (auto r = end_row(); !r) return r.error();
  }
  return out;
}

std::string csv_record(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    const auto& f = fields[i];
    if (f.find_first_of(",\"\r\n") == std::string::npos) {
      out += f;
      continue;
    }
    out += '"';
    for (char c : f) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  return out + "\r\n";
}

}  // namespace va::api
