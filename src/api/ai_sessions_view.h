// The call's AI sessions as GET /api/calls/{id} shows them in media.sessions (DESIGN.md
// "Providers": {"provider", "key_fingerprint", "started_at", "ended_at", "end_reason"}, one per
// session, in order). A call has one session, or more after a provider failover
// (call/provider_failover.h), whose system transcript line
// "failover: gemini -> openai: <reason> (key <fp> -> <fp>)" marks where one session ended and
// the next began: the record keeps the provider and key the call ended on, the line the rest.
#pragma once

#include <boost/json/array.hpp>
#include <optional>
#include <string>
#include <vector>

#include "crm/entities.h"

namespace va::api {

// One failover line, read back (nullopt for any other line or a line that does not parse).
struct FailoverNote {
  std::string from, to, reason, from_key, to_key;
  std::int64_t at = 0;
};
std::optional<FailoverNote> parse_failover_note(const crm::TranscriptLine& line);

// `lines` null (a list view): the call's one session as the record knows it.
boost::json::array ai_sessions_view(const crm::Call& c,
                                    const std::vector<crm::TranscriptLine>* lines);

}  // namespace va::api
