// SqlConnection: the one seam between the SQL store and a database driver (sqlite, libpq).
// Statements use $1..$N placeholders in both dialects; values travel as text or integers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace va::crm::sql {

enum class Dialect { Sqlite, Postgres };

using Value = std::variant<std::monostate, std::int64_t, std::string>;
using Row = std::vector<std::optional<std::string>>;
using Rows = std::vector<Row>;

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Runs one statement with bound parameters; returns every row as text (NULL = nullopt).
  // Unique violations map to crm::Errc::Conflict, foreign-key ones to Errc::Invalid.
  virtual core::Result<Rows> query(std::string_view sql, const std::vector<Value>& params) = 0;
  // Runs several statements without parameters (migrations, BEGIN/COMMIT).
  virtual core::Result<void> exec(std::string_view sql) = 0;
};

}  // namespace va::crm::sql
