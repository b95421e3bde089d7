// ExtractionSchema: strict reading of the campaign's field list.
#include "crm/extraction_schema.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cctype>
#include <set>

#include "crm/errc.h"

namespace va::crm {
namespace json = boost::json;

namespace {

bool valid_name(std::string_view n) {
  if (n.empty() || n.size() > 64) return false;
  if (!std::isalpha(static_cast<unsigned char>(n[0])) && n[0] != '_') return false;
  for (char c : n) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

bool valid_type(std::string_view t) {
  return t == "string" || t == "number" || t == "boolean" || t == "date";
}

core::Result<std::vector<ExtractionField>> bad(std::string* error, std::string text) {
  if (error) *error = std::move(text);
  return make_error_code(Errc::Invalid);
}

}  // namespace

core::Result<std::vector<ExtractionField>> parse_extraction_schema(std::string_view text,
                                                                   std::string* error) {
  std::vector<ExtractionField> out;
  if (text.empty()) return out;
  boost::system::error_code ec;
  json::value root = json::parse(text, ec);
  if (ec) return bad(error, "extraction_schema is not JSON");
  if (!root.is_array()) return bad(error, "extraction_schema must be an array of fields");
  if (root.get_array().size() > kMaxExtractionFields) {
    return bad(error, "extraction_schema has more than " + std::to_string(kMaxExtractionFields) +
                          " fields");
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < root.get_array().size(); ++i) {
    const std::string at = "extraction_schema[" + std::to_string(i) + "]";
    const json::value& v = root.get_array()[i];
    if (!v.is_object()) return bad(error, at + " must be an object");
    for (const auto& [key, value] : v.get_object()) {
      if (key != "name" && key != "type" && key != "description") {
        return bad(error, at + "." + std::string(key) + " is not a field of the schema");
      }
      if (!value.is_string()) return bad(error, at + "." + std::string(key) + " must be a string");
    }
    ExtractionField f;
    const json::value* name = v.get_object().if_contains("name");
    const json::value* type = v.get_object().if_contains("type");
    const json::value* description = v.get_object().if_contains("description");
    f.name = name ? std::string(name->get_string()) : "";
    f.type = type ? std::string(type->get_string()) : "";
    f.description = description ? std::string(description->get_string()) : "";
    if (!valid_name(f.name)) {
      return bad(error, at + ".name must be a letter or _ then letters, digits or _ (64 at most)");
    }
    if (!seen.insert(f.name).second) return bad(error, at + ".name '" + f.name + "' repeats");
    if (!valid_type(f.type)) {
      return bad(error, at + ".type must be one of string, number, boolean, date");
    }
    if (f.description.size() > 500) return bad(error, at + ".description is over 500 characters");
    out.push_back(std::move(f));
  }
  return out;
}

std::string extraction_schema_json(const std::vector<ExtractionField>& fields) {
  json::array a;
  for (const auto& f : fields) {
    a.push_back(json::object{{"name", f.name}, {"type", f.type}, {"description", f.description}});
  }
  return json::serialize(a);
}

}  // namespace va::crm
