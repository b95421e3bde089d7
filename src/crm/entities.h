// CRM entities: plain values as the store reads and writes them. Times are Unix milliseconds
// (0 = not yet); ids are database ids (0 = none / not yet stored).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crm/call_status.h"

namespace va::crm {

using Id = std::int64_t;

enum class Role { Superadmin, Admin, Agent };
const char* to_string(Role r);
std::optional<Role> parse_role(const std::string& s);

// Who a stored API key belongs to (crm/key_pool.h has the rules):
//   Pool: added by the superadmin (POST /api/keys, `keys add`); the only keys handed out.
//   User: set for one user by the superadmin or the CLI; that user's alone.
//   Tenant: set by an admin on itself or one of its agents; usable by that tenant only.
//   Unclaimed: set per user before owners were recorded and held by nobody (migration 3);
//     never handed out, claimed by the next explicit set or add of the same key.
enum class KeyOwner { Pool, User, Tenant, Unclaimed };
const char* to_string(KeyOwner o);
std::optional<KeyOwner> parse_key_owner(const std::string& s);

struct User {
  Id id = 0;
  std::string username;
  std::string display_name;
  std::string email;
  Role role = Role::Agent;
  Id parent_id = 0;           // the admin an agent belongs to; 0 for superadmin/admins
  std::string password_hash;  // argon2id, crypto_pwhash_str format
  bool active = true;
  // An agent's own limit; an admin's counts its whole tenant (itself and its agents).
  std::int64_t max_concurrent_calls = 1;
  // Admin limits set by the superadmin (0 = none): agents it may have, and minutes its tenant
  // may talk per calendar month (UTC).
  std::int64_t max_agents = 0;
  std::int64_t monthly_minutes = 0;
  Id api_key_id = 0;                   // the user's Gemini key
  std::string key_fingerprint;         // read-only join of api_keys.fingerprint ("" = none)
  Id openai_key_id = 0;                // the user's OpenAI key (migration 10)
  std::string openai_key_fingerprint;  // read-only join, like key_fingerprint
  // Trunk lines ([[sip.trunk.lines]] names) the user's calls go out on; empty = any. A
  // campaign without its own lines dials on its owner's.
  std::vector<std::string> lines;
  // Where this user's calls may be transferred (numbers in E.164 or sip: URIs, matched
  // exactly; call/transfer_targets.h); empty = nowhere (migration 14).
  std::vector<std::string> transfer_targets;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// A stored AI key (Gemini or OpenAI, `provider`): a pool key or a user's or tenant's own. `sealed`
// is the secretbox of the key under the master key; the clear key is never stored and never leaves
// KeyPool::resolve().
struct ApiKey {
  Id id = 0;
  std::string fingerprint;  // first 12 hex of SHA-256(key)
  std::string label;
  std::string status = "active";    // active | disabled
  std::string provider = "gemini";  // gemini | openai: the service the key is for (migration 10)
  std::string sealed;
  KeyOwner owner = KeyOwner::Pool;
  Id owner_id = 0;         // the user (User) or the tenant's admin (Tenant); 0 otherwise
  std::string owner_name;  // read-only: owner_id's username ("" when none)
  std::int64_t users = 0;  // read-only: how many users hold it
  std::int64_t created_at = 0;
};

struct Session {
  std::string token_hash;  // hex SHA-256 of the bearer token; the token itself is never stored
  Id user_id = 0;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
};

struct Lead {
  Id id = 0;
  Id owner_id = 0;
  std::string name;
  std::string phone;  // E.164
  std::string email;
  std::string company;
  std::string country;
  std::string notes;
  std::string status = "new";  // new | contacted | qualified | lost | do_not_call
  std::string timezone;        // IANA zone ("Europe/Sofia"); "" = from the phone's country
  // The last call analysis's disposition (read-only here: set by apply_disposition) and its
  // call; "" / 0 = none yet.
  std::string disposition;
  Id disposition_call_id = 0;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct AgentConfig {
  std::string system_prompt;
  std::string voice;
  std::string language;
  std::string greeting;
  std::string provider;  // gemini | openai; "" = ai.provider
};

// How the dialer works a campaign (DESIGN.md "Campaign dialer"). A retry delay < 0 means
// "do not retry that outcome". Calling hours are minutes after local midnight in the lead's
// zone, [from, to); days is a bit set, bit 1 = Monday .. bit 7 = Sunday (ISO).
struct DialingSettings {
  std::int64_t max_concurrent = 1;
  std::int64_t calls_per_minute = 10;
  std::int64_t max_attempts = 3;
  std::int64_t retry_busy_s = 600;
  std::int64_t retry_no_answer_s = 1800;
  std::int64_t retry_rejected_s = -1;
  std::int64_t retry_unreachable_s = 900;
  std::int64_t retry_failed_s = 900;
  std::int64_t hours_from_min = 9 * 60;
  std::int64_t hours_to_min = 20 * 60;
  std::int64_t days = 0b0111110;   // Monday..Friday
  std::vector<std::string> lines;  // trunk line names; empty = any line
};

struct Campaign {
  Id id = 0;
  Id owner_id = 0;
  std::string name;
  std::string status = "draft";  // draft | active | paused | stopped | done
  std::string waiting_reason;    // why an active campaign dials nobody now ("" = it dials)
  AgentConfig agent;
  DialingSettings dialing;
  std::vector<Id> lead_ids;  // read on get(); written through set_campaign_leads()
  // The fields the post-call analysis extracts: a JSON array [{"name", "type", "description"}]
  // as crm/extraction_schema.h checks it ("" = none).
  std::string extraction_schema;
  // The agent profile (crm/agent_profile.h) its calls speak as; 0 = none (`agent` alone).
  Id agent_profile_id = 0;
  // Transfer targets of the campaign's calls, on top of the owner's (migration 14).
  std::vector<std::string> transfer_targets;
  // What its calls do on reaching a voicemail (issue 15): "" = ai.voicemail_action, "off",
  // "hangup", or "message" (wait for the beep, play voicemail_message, hang up).
  std::string voicemail_action;
  std::string voicemail_message;  // "" = ai.voicemail_message
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// One lead's progress in one campaign (the campaign_leads row).
struct CampaignLead {
  Id campaign_id = 0;
  Id lead_id = 0;
  std::string state = "pending";  // pending | calling | retry_wait | done | skipped
  std::string skip_reason;        // do_not_call | max_attempts | invalid_number
  std::int64_t attempts = 0;
  std::string last_outcome;  // answered | busy | no_answer | rejected | ... | interrupted
  std::int64_t next_attempt_at = 0;
  std::vector<Id> call_ids;  // one per attempt, oldest first
  std::string line;          // the trunk line of the current or last attempt
  std::string node;          // the node that claimed it (state calling)
  std::int64_t updated_at = 0;
};

// What the dialer decides about a due lead inside the claim's transaction.
struct ClaimDecision {
  enum class Verdict { Dial, Defer, Skip, Pass };  // Pass: leave it as it is, look further
  Verdict verdict = Verdict::Pass;
  std::int64_t defer_until = 0;  // Defer: next_attempt_at (the lead stays pending/retry_wait)
  std::string skip_reason;       // Skip
  std::string line;              // Dial: the line it goes out on (unless ClaimLimits::lines)
};

// A claimed lead: its campaign row (now `calling`) and the lead itself.
struct ClaimedLead {
  CampaignLead entry;
  Lead lead;
};

// A campaign's pacing, checked inside the claim's transaction so that it holds for all nodes
// on one database together. 0 = no limit.
struct ClaimLimits {
  std::int64_t max_concurrent = 0;    // the campaign's leads `calling` (any node)
  std::int64_t calls_per_minute = 0;  // dials the claim started in the last 60 s (any node)
  // The trunk lines this claim may dial on, in the dialer's order of preference, each with
  // its capacity: leads `calling` on a line (any campaign, any node) stay below it. The line
  // with the most free slots is taken (ties: the first); none free: Limit::Lines. Empty: no
  // line accounting (the decision's `line` is stored as it is).
  struct Line {
    std::string name;
    std::int64_t capacity = 0;
  };
  std::vector<Line> lines;
};

// What a paced claim got: a lead, or none and which limit (if any) stopped it.
struct ClaimResult {
  enum class Limit { None, Concurrent, Rate, Lines };
  std::optional<ClaimedLead> lead;
  Limit limited = Limit::None;
};

// How one attempt ended, as the dialer writes it back.
struct AttemptResult {
  Id campaign_id = 0;
  Id lead_id = 0;
  std::string state;  // retry_wait | done | skipped | pending
  std::string skip_reason;
  std::string last_outcome;  // "" = keep the previous one
  std::int64_t next_attempt_at = 0;
  Id refund_call_id = 0;  // the attempt does not count: attempts - 1, this id leaves call_ids
};

// A campaign's numbers for GET /api/campaigns/{id}/progress.
struct CampaignTally {
  std::int64_t total = 0;
  std::vector<std::pair<std::string, std::int64_t>> by_state;
  std::vector<std::pair<std::string, std::int64_t>> by_outcome;
  std::int64_t attempts = 0;
};

struct TranscriptLine {
  std::string who;  // caller | agent | system | dtmf (one key the caller pressed)
  std::string text;
  std::int64_t at = 0;
};

struct Call {
  Id id = 0;
  Id owner_id = 0;
  std::string direction = "outbound";  // outbound | inbound
  Id lead_id = 0;
  Id campaign_id = 0;
  std::string from;
  std::string to;
  std::string sip_call_id;
  std::int64_t local_rtp_port = 0;
  std::string remote_rtp;  // host:port
  std::int64_t ssrc_in = 0;
  std::int64_t ssrc_out = 0;
  std::string key_fingerprint;
  std::string provider = "gemini";  // the AI service the call is on (migration 10)
  CallStatus status = CallStatus::Dialing;
  std::int64_t created_at = 0;
  std::int64_t ringing_at = 0;
  std::int64_t answered_at = 0;
  std::int64_t ended_at = 0;
  std::string outcome;
  std::string end_reason;
  std::string recording_path;
  std::string summary;
  std::int64_t packets_in = 0;
  std::int64_t packets_out = 0;
  std::int64_t packets_dropped_foreign = 0;
  std::int64_t greeting_latency_ms = -1;  // ACK/200 -> first greeting RTP packet; -1 = none
  std::string node;  // the node (process) that runs it; "" = recorded before nodes existed
  // Usage (migration 11), written when the call ends: the AI's tokens as its usageMetadata
  // last reported them (the audio part of each; the rest is text), seconds talked (answer to
  // end) and the estimated cost in millionths of a USD from the ai.prices table.
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  std::int64_t input_audio_tokens = 0;
  std::int64_t output_audio_tokens = 0;
  std::int64_t talk_s = 0;
  std::int64_t cost_micros = 0;
  // Answering-machine detection (migration 13): human | voicemail | unknown, "" = not run;
  // the cause (beep, long_greeting, short_greeting, no_speech, timeout, ai) and the audio
  // time from answer to the verdict (-1 = none).
  std::string amd_verdict;
  std::string amd_cause;
  std::int64_t amd_ms = -1;
  // The last transfer to a person (migration 14; transfer_to "" = none was tried):
  // mode blind|warm, method refer|bridge, status trying|done|failed, reason why it failed
  // (or the AI's reason for it).
  std::string transfer_to;
  std::string transfer_mode;
  std::string transfer_method;
  std::string transfer_status;
  std::string transfer_reason;
};

// Usage summed over calls (GET /api/usage): per user, campaign or key fingerprint.
struct UsageTotal {
  std::string key;    // the user's or campaign's id, or the fingerprint; "" = the grand total
  std::string label;  // username or campaign name ("" when unknown)
  std::int64_t calls = 0;
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  std::int64_t talk_s = 0;
  std::int64_t cost_micros = 0;
};

// Calls created in [from, to) (Unix ms) of the owners in scope.
struct UsageQuery {
  std::optional<std::vector<std::int64_t>> owners;  // nullopt = everyone
  std::int64_t from = 0;
  std::int64_t to = 0;
};

struct UsageReport {
  UsageTotal total;
  std::vector<UsageTotal> by_user;
  std::vector<UsageTotal> by_campaign;
  std::vector<UsageTotal> by_key;
};

// A call's post-call analysis (migration 7, table call_analyses): queued pending when an
// answered call ends (or on demand), then done or failed. Pending rows are the queue: they
// survive a restart.
struct CallAnalysis {
  Id call_id = 0;
  std::string status = "pending";  // pending | done | failed
  std::int64_t attempts = 0;       // tries so far (transient failures retry with backoff)
  std::int64_t next_try_at = 0;    // pending: not before this time
  std::string summary;
  std::string disposition;        // interested | not_interested | callback | voicemail | ...
  std::int64_t callback_at = 0;   // 0 = none
  std::string fields = "{}";      // JSON object of the extracted fields
  std::string error;              // failed: why, fit to show on the call
  std::int64_t input_tokens = 0;  // of the analysis request
  std::int64_t output_tokens = 0;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// A pending analysis that is due, with the call's owner (whose key and work limit it uses).
struct DueAnalysis {
  Id call_id = 0;
  Id owner_id = 0;
};

// What an analysis does to its lead (Store::apply_disposition).
struct DispositionEffect {
  Id lead_id = 0;
  Id call_id = 0;
  Id campaign_id = 0;  // 0 = the call was not a campaign's
  std::string disposition;
  std::int64_t callback_at = 0;  // callback: the lead's next attempt in the campaign
};

// A lead whose last disposition is interested or callback (GET /api/conversions).
struct Conversion {
  Id lead_id = 0;
  Id owner_id = 0;
  Id call_id = 0;
  std::string lead_name;
  std::string phone;
  std::string disposition;
  std::string summary;
  std::string fields = "{}";
  std::int64_t callback_at = 0;
  std::int64_t at = 0;  // when the analysis was done
};

// A server process sharing the database, by its configured name (one per node; a restart
// takes the name over). `last_seen_at` is the heartbeat: the last time it was known alive.
struct Node {
  std::string name;
  std::int64_t pid = 0;
  std::int64_t started_at = 0;
  std::int64_t last_seen_at = 0;
  std::string status = "live";  // live | stopped (a clean stop; a crash leaves it live)
};

// What a starting node found under its name: the previous process's row (if any) and the
// calls it left live, now closed as interrupted.
struct NodeTakeover {
  std::optional<Node> previous;
  std::vector<Id> interrupted;
};

// A dialled number (DID) that rings a user: inbound calls to it run under that user's key,
// with the campaign's agent config when one is set.
struct InboundRoute {
  std::string number;
  Id owner_id = 0;
  Id campaign_id = 0;
  std::int64_t created_at = 0;
};

// Which owners a query may see: nullopt = everyone (superadmin).
using OwnerScope = std::optional<std::vector<Id>>;

struct Page {
  std::int64_t page = 1;  // 1-based
  std::int64_t per_page = 50;
};

struct LeadQuery {
  OwnerScope owners;
  std::string q;       // substring of name, phone, email or company (case-insensitive)
  std::string status;  // exact; "" = any
  Page page;
};

template <class T>
struct Paged {
  std::vector<T> items;
  std::int64_t total = 0;
};

std::int64_t now_ms();

}  // namespace va::crm
