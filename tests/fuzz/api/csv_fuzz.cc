// Fuzz target: CSV parser and lead import planning. Oracle: rows re-serialized with full
// quoting parse back to the same rows.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "api/csv.h"
#include "api/lead_import.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto table = va::api::parse_csv(text, 1000, 64);
  (void)va::api::plan_import(text, 1);
  if (!table) return 0;
  std::string again;
  for (const auto& row : table->rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) again += ',';
      again += '"';
      for (char c : row[i])
        again += c == '"' ? std::string("\"\"") : std::string(1, c);
      again += '"';
    }
    again += "\n";
  }
  auto reparsed = va::api::parse_csv(again, 1000, 64);
  if (!reparsed || reparsed->rows != table->rows) std::abort();
  return 0;
}
