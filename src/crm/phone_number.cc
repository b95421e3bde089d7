// Dialled numbers: one pass over the text, no allocation beyond the result.
#include "crm/phone_number.h"

namespace va::crm {

std::optional<std::string> normalize_number(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '.') continue;
    if (c == '+' && out.empty()) {
      out += c;
    } else if ((c >= '0' && c <= '9') || c == '*' || c == '#') {
      out += c;
    } else {
      return std::nullopt;
    }
  }
  const auto digits = out.size() - (out.starts_with('+') ? 1 : 0);
  if (digits == 0 || digits > 32) return std::nullopt;
  return out;
}

}  // namespace va::crm
