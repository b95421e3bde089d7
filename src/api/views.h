// Views: entities as the REST API shows them (DESIGN.md field names). A key is only ever
// shown as its fingerprint; a password hash never leaves the store.
#pragma once

#include <boost/json/value.hpp>

#include "core/result.h"
#include "crm/entities.h"

namespace va::api {

boost::json::value user_view(const crm::User& u);
boost::json::value key_view(const crm::ApiKey& k);
boost::json::value lead_view(const crm::Lead& l);
boost::json::value campaign_view(const crm::Campaign& c);
// USD from millionths of a USD (the stored cost).
double usd(std::int64_t micros);
// {"calls", "input_tokens", "output_tokens", "talk_s", "cost"} (GET /api/usage).
boost::json::value usage_total_view(const crm::UsageTotal& t);
// `analysis`: GET /api/calls/{id} shows it ("analysis": null when the call has none).
boost::json::value call_view(const crm::Call& c, const std::vector<crm::TranscriptLine>* lines,
                             const crm::CallAnalysis* analysis = nullptr);
// Sets the call view's "agent_profile_id" from crm::Store::call_agent_profile (null when none):
// GET /api/calls/{id} and the webhook body show the same call.
void set_agent_profile_id(boost::json::value& call, const core::Result<crm::Id>& profile);
// {"status", "summary", "disposition", "callback_at", "fields", "error"}
boost::json::value analysis_view(const crm::CallAnalysis& a);
// One GET /api/conversions item.
boost::json::value conversion_view(const crm::Conversion& c);
// The stored extraction schema as a JSON array ([] when none or unreadable).
boost::json::value extraction_schema_view(const std::string& stored);
boost::json::value transcript_view(const std::vector<crm::TranscriptLine>& lines);
boost::json::value inbound_route_view(const crm::InboundRoute& r);
// One lead of a campaign: GET /api/campaigns/{id}/leads items.
boost::json::value campaign_lead_view(const crm::CampaignLead& e);

}  // namespace va::api
