// Agent profile bodies: validated field by field before anything is stored.
#include "api/agent_profile_body.h"

#include <array>
#include <boost/json.hpp>
#include <cctype>
#include <tuple>

#include "api/json_body.h"
#include "api/views.h"
#include "crm/extraction_schema.h"

namespace va::api {
namespace {

constexpr std::size_t kName = 200;
constexpr std::size_t kText = 8000;

constexpr std::array<std::string_view, 10> kFields = {
    "name",     "company",  "objective",         "offer",   "objections", "voice",
    "language", "greeting", "extraction_schema", "provider"};

ApiError bad_field(const char* field, const std::string& why) {
  return bad_request("invalid_field", std::string("field '") + field + "' " + why);
}

// A text field onto `out` when present (null clears it).
ApiResult<void> take_text(const boost::json::object& o, const char* key, std::size_t max,
                          std::string& out) {
  auto v = opt_string(o, key, max);
  if (!v) return v.error();
  if (*v) {
    out = **v;
  } else if (const auto* present = o.if_contains(key); present && present->is_null()) {
    out.clear();
  }
  return {};
}

}  // namespace

bool valid_profile_language(std::string_view tag) {
  if (tag.empty() || tag == crm::kAutoLanguage) return true;
  if (tag.size() > 35) return false;
  bool first = true;
  while (true) {
    const auto dash = tag.find('-');
    const auto part = tag.substr(0, dash);
    // The primary subtag: 2..8 letters; the others: 1..8 letters or digits.
    if (part.size() < (first ? 2u : 1u) || part.size() > 8) return false;
    for (char c : part) {
      const auto u = static_cast<unsigned char>(c);
      if (first ? !std::isalpha(u) : !std::isalnum(u)) return false;
    }
    if (dash == std::string_view::npos) return true;
    tag.remove_prefix(dash + 1);
    first = false;
  }
}

ApiResult<crm::AgentProfile> parse_agent_profile(std::string_view body, crm::AgentProfile p,
                                                 bool create) {
  auto o = parse_object(body);
  if (!o) return o.error();
  for (const auto& kv : *o) {
    const std::string_view k = kv.key();
    bool known = false;
    for (auto f : kFields)
      known = known || k == f;
    if (!known) {
      return bad_request("unknown_field", "field '" + std::string(k.substr(0, 64)) +
                                              "' is not an agent profile field");
    }
  }
  auto name = opt_string(*o, "name", kName);
  if (!name) return name.error();
  if (*name) {
    if ((*name)->find_first_not_of(" \t\r\n") == std::string::npos) {
      return bad_field("name", "must not be empty");
    }
    p.name = **name;
  } else if (create) {
    return bad_request("missing_field", "field 'name' is required");
  } else if (const auto* n = o->if_contains("name"); n && n->is_null()) {
    return bad_field("name", "must not be empty");
  }
  for (auto [key, max, out] :
       {std::tuple{"company", kName, &p.company}, std::tuple{"objective", kText, &p.objective},
        std::tuple{"offer", kText, &p.offer}, std::tuple{"objections", kText, &p.objections},
        std::tuple{"voice", std::size_t{64}, &p.voice},
        std::tuple{"greeting", std::size_t{2000}, &p.greeting}}) {
    if (auto r = take_text(*o, key, max, *out); !r) return r.error();
  }
  std::string language = p.language;
  if (auto r = take_text(*o, "language", 35, language); !r) return r.error();
  if (!valid_profile_language(language)) {
    return bad_field("language", "must be \"auto\" or a language tag such as \"de-DE\"");
  }
  p.language = language;
  std::string provider = p.provider;
  if (auto r = take_text(*o, "provider", 32, provider); !r) return r.error();
  if (!provider.empty() && provider != "gemini" && provider != "openai") {
    return bad_field("provider", "must be gemini or openai (or empty for the server's default)");
  }
  p.provider = provider;
  if (const auto* schema = o->if_contains("extraction_schema")) {
    // null clears it; otherwise the array is checked and stored in its canonical form.
    std::string why;
    auto fields = schema->is_null()
                      ? crm::parse_extraction_schema("")
                      : crm::parse_extraction_schema(boost::json::serialize(*schema), &why);
    if (!fields) return bad_request("invalid_field", why);
    p.extraction_schema = fields->empty() ? "" : crm::extraction_schema_json(*fields);
  }
  return p;
}

boost::json::value agent_profile_view(const crm::AgentProfile& p) {
  return boost::json::object{{"id", p.id},
                             {"owner_id", p.owner_id},
                             {"name", p.name},
                             {"company", p.company},
                             {"objective", p.objective},
                             {"offer", p.offer},
                             {"objections", p.objections},
                             {"voice", p.voice},
                             {"language", p.language},
                             {"greeting", p.greeting},
                             {"extraction_schema", extraction_schema_view(p.extraction_schema)},
                             {"provider", p.provider},
                             {"created_at", p.created_at},
                             {"updated_at", p.updated_at}};
}

}  // namespace va::api
