// Lead import: header lookup, then each row validated like a POST /api/leads body.
#include "api/lead_import.h"

#include <algorithm>
#include <map>

#include "api/bodies.h"
#include "api/csv.h"

namespace va::api {
namespace {

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::string lower(std::string s) {
  for (auto& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

ApiResult<ImportPlan> plan_import(std::string_view csv, crm::Id owner_id) {
  auto table = parse_csv(csv, 50001, 32);
  if (!table) return bad_request("malformed_csv", std::string("CSV: ") + table.error().message());
  if (table->rows.empty()) return bad_request("malformed_csv", "CSV is empty");
  static const std::vector<std::string> kKnown = {"name",    "phone", "email", "company",
                                                  "country", "notes", "status"};
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < table->rows[0].size(); ++i) {
    const auto h = lower(trim(table->rows[0][i]));
    if (std::find(kKnown.begin(), kKnown.end(), h) == kKnown.end()) {
      return bad_request("malformed_csv", "unknown column '" + h.substr(0, 40) + "'");
    }
    if (!col.emplace(h, i).second) return bad_request("malformed_csv", "duplicate column " + h);
  }
  if (!col.count("name") || !col.count("phone")) {
    return bad_request("malformed_csv", "header must name the columns 'name' and 'phone'");
  }
  ImportPlan plan;
  for (std::size_t r = 1; r < table->rows.size(); ++r) {
    const auto& row = table->rows[r];
    auto get = [&](const char* name) {
      auto it = col.find(name);
      return it == col.end() || it->second >= row.size() ? std::string() : trim(row[it->second]);
    };
    auto fail = [&](std::string msg) {
      plan.errors.push_back({r, table->lines[r], std::move(msg)});
    };
    if (row.size() != table->rows[0].size()) {
      fail("expected " + std::to_string(table->rows[0].size()) + " fields, got " +
           std::to_string(row.size()));
      continue;
    }
    crm::Lead l;
    l.owner_id = owner_id;
    l.name = get("name");
    l.phone = get("phone");
    l.email = get("email");
    l.company = get("company");
    l.country = get("country");
    l.notes = get("notes");
    if (auto s = get("status"); !s.empty()) l.status = s;
    if (l.name.empty() || l.name.size() > 200) {
      fail("name is empty or longer than 200 characters");
    } else if (!valid_e164(l.phone)) {
      fail("phone must be E.164, e.g. +4930123456");
    } else if (!valid_lead_status(l.status)) {
      fail("status must be new, contacted, qualified, lost or do_not_call");
    } else if (l.email.size() > 200 || l.company.size() > 200 || l.country.size() > 64 ||
               l.notes.size() > 20000) {
      fail("a field is too long");
    } else {
      plan.leads.push_back(std::move(l));
    }
  }
  return plan;
}

}  // namespace va::api
