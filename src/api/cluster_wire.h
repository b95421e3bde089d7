// ClusterWire: what nodes say to each other over PostgreSQL NOTIFY (issue 18): a call or
// campaign event for every node's /api/events, a command for the node that owns a call (hang
// it up) or was chosen to place one, and that node's answer. One JSON object per NOTIFY,
// at most kMaxPayload bytes (PostgreSQL's limit is 8000). The payload comes from the
// database, which any node (or anyone holding its credentials) can write: parse_cluster_message
// checks every field and answers a clear 400 for anything else.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/api_error.h"
#include "call/call_event.h"
#include "crm/entities.h"
#include "dialer/campaign_event.h"

namespace va::api {

// PostgreSQL refuses a NOTIFY payload of 8000 bytes or more.
inline constexpr std::size_t kMaxClusterPayload = 7900;

enum class ClusterMessageKind { CallEvent, CampaignEvent, Command, Reply };

// A node asks another: `hangup` a call it owns, or `place` a call for `owner_id`.
struct ClusterCommand {
  std::string op;  // hangup | place
  std::uint64_t request = 0;
  crm::Id call_id = 0;   // hangup
  crm::Id owner_id = 0;  // place: the rest as POST /api/calls got it (already checked)
  std::string to;
  crm::Id lead_id = 0;
  crm::Id campaign_id = 0;
  crm::Id agent_profile_id = 0;
  std::optional<crm::AgentConfig> agent;
};

// The asked node's answer: status 2xx (with the placed call's id) or the API error it met.
struct ClusterReply {
  std::uint64_t request = 0;
  int status = 200;
  std::string code;
  std::string message;
  crm::Id call_id = 0;
};

struct ClusterMessage {
  std::string origin;  // the sending node's name
  ClusterMessageKind kind = ClusterMessageKind::CallEvent;
  call::CallEvent call;
  dialer::CampaignEvent campaign;
  ClusterCommand command;
  ClusterReply reply;
};

// JSON of at most kMaxClusterPayload bytes: a transcript line too long is cut at a UTF-8
// character boundary; anything else too long gives "" (a `place` with a long system prompt:
// the caller then places the call itself).
std::string encode_cluster_message(const ClusterMessage& message);
ApiResult<ClusterMessage> parse_cluster_message(std::string_view payload);

}  // namespace va::api
