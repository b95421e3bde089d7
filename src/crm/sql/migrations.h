// Migrations: numbered schema steps applied once, in order, recorded in schema_version.
#pragma once

#include <cstdint>
#include <limits>

#include "core/result.h"
#include "crm/sql/connection.h"

namespace va::crm::sql {

// The newest schema version this build knows.
std::int64_t latest_schema_version();

// Applies every step above the recorded version, each in its own transaction. On PostgreSQL
// the steps hold an advisory lock, so several nodes starting at once migrate exactly once.
// `up_to` stops at an older version (tests build a database as an older release left it).
core::Result<std::int64_t> migrate(Connection& conn,
                                   std::int64_t up_to = std::numeric_limits<std::int64_t>::max());

}  // namespace va::crm::sql
