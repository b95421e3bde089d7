// Migrations: numbered schema steps applied once, in order, recorded in schema_version.
#pragma once

#include <cstdint>

#include "core/result.h"
#include "crm/sql/connection.h"

namespace va::crm::sql {

// The newest schema version this build knows.
std::int64_t latest_schema_version();

// Applies every step above the recorded version, each in its own transaction. On PostgreSQL
// the steps hold an advisory lock, so several nodes starting at once migrate exactly once.
core::Result<std::int64_t> migrate(Connection& conn);

}  // namespace va::crm::sql
