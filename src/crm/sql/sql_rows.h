// Entity readers the SqlStore's files share (each reads the columns of its own SELECT).
#pragma once

#include "crm/entities.h"
#include "crm/sql/connection.h"

namespace va::crm::sql {

// The lead columns in this order: id, owner_id, name, phone, email, company, country, notes,
// status, created_at, updated_at, timezone (sql_store_leads.cc kLeadColumns).
Lead lead_from(const Row& r);

// Names stored comma-separated (campaigns.lines, users.lines, webhooks.events): "" <-> {}.
std::vector<std::string> split_names(const std::string& text);
std::string join_names(const std::vector<std::string>& names);

}  // namespace va::crm::sql
