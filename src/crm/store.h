// Store: the CRM's persistence interface, with sqlite/ and postgres/ behind one SQL layer.
// Every method is blocking and thread-safe; callers run it on the DB pool (crm/db_pool.h),
// never on a call shard. Migrations run inside create().
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "crm/agent_profile.h"
#include "crm/entities.h"
#include "crm/webhook_entities.h"

namespace va::crm {

class Store {
 public:
  virtual ~Store() = default;

  // `sqlite:PATH` (WAL, directories created) or `postgresql://...` (libpq conninfo URI).
  // Applies pending migrations before returning.
  static core::Result<std::unique_ptr<Store>> create(const std::string& url, int connections = 4);

  virtual std::string backend() const = 0;  // "sqlite" | "postgresql"
  virtual core::Result<std::int64_t> schema_version() = 0;

  // Users. Usernames are unique (Errc::Conflict).
  virtual core::Result<Id> create_user(const User& u) = 0;
  virtual core::Result<User> get_user(Id id) = 0;
  virtual core::Result<User> get_user_by_name(const std::string& username) = 0;
  virtual core::Result<std::vector<User>> list_users(const OwnerScope& scope) = 0;
  virtual core::Result<void> update_user(const User& u) = 0;  // profile fields, not password/key
  virtual core::Result<void> set_password_hash(Id user_id, const std::string& hash) = 0;
  virtual core::Result<void> set_user_key(Id user_id, Id key_id) = 0;
  virtual core::Result<std::vector<Id>> agents_of(Id admin_id) = 0;

  // Sessions (hashed tokens).
  virtual core::Result<void> create_session(const Session& s) = 0;
  virtual core::Result<Session> get_session(const std::string& token_hash) = 0;
  virtual core::Result<void> delete_session(const std::string& token_hash) = 0;
  virtual core::Result<void> delete_user_sessions(Id user_id) = 0;

  // API keys, pool and private (ApiKey::owner). Fingerprints are unique (Errc::Conflict).
  virtual core::Result<Id> add_key(const ApiKey& k) = 0;
  // Gives an unclaimed key its owner; NotFound unless the key is still unclaimed (so two
  // claims racing leave exactly one owner).
  virtual core::Result<void> claim_key(Id key_id, KeyOwner owner, Id owner_id) = 0;
  virtual core::Result<ApiKey> get_key(Id id) = 0;
  virtual core::Result<ApiKey> get_key_by_fingerprint(const std::string& fingerprint) = 0;
  virtual core::Result<std::vector<ApiKey>> list_keys() = 0;
  // The active pool key held by the fewest users (ties: lowest id); NotFound if the pool has
  // none. Private keys are never returned.
  virtual core::Result<ApiKey> least_used_active_key(const std::string& provider = "gemini") = 0;
  virtual core::Result<std::vector<Id>> users_without_key(
      const std::string& provider = "gemini") = 0;  // admins and agents only

  // Leads. import_leads stores all or nothing.
  virtual core::Result<Id> create_lead(const Lead& l) = 0;
  virtual core::Result<Lead> get_lead(Id id) = 0;
  virtual core::Result<void> update_lead(const Lead& l) = 0;
  virtual core::Result<void> delete_lead(Id id) = 0;
  virtual core::Result<Paged<Lead>> list_leads(const LeadQuery& q) = 0;
  virtual core::Result<std::vector<Id>> import_leads(const std::vector<Lead>& leads) = 0;

  // Campaigns and their leads.
  virtual core::Result<Id> create_campaign(const Campaign& c) = 0;
  virtual core::Result<Campaign> get_campaign(Id id) = 0;
  virtual core::Result<void> update_campaign(const Campaign& c) = 0;
  virtual core::Result<void> delete_campaign(Id id) = 0;
  virtual core::Result<Paged<Campaign>> list_campaigns(const OwnerScope& scope, Page page) = 0;
  // Keeps the state of leads already in the campaign; new ones start pending.
  virtual core::Result<void> set_campaign_leads(Id campaign_id, const std::vector<Id>& leads) = 0;

  // The dialer (crm/README.md "Campaign dialer"). Campaigns with status `active`, without
  // their lead_ids.
  virtual core::Result<std::vector<Campaign>> active_campaigns() = 0;
  virtual core::Result<void> set_campaign_status(Id campaign_id, const std::string& status) = 0;
  virtual core::Result<void> set_waiting_reason(Id campaign_id, const std::string& reason) = 0;
  // Pending leads become due again (after a change of calling hours).
  virtual core::Result<void> reset_deferred_leads(Id campaign_id) = 0;
  // One atomic step (SQLite: one IMMEDIATE transaction; PostgreSQL: FOR UPDATE SKIP LOCKED on
  // the campaign row and the lead): first marks leads whose status is do_not_call skipped,
  // then walks up to `scan` due leads (pending or retry_wait, next_attempt_at <= now, oldest
  // first) that no other campaign is calling, asks `decide` about each, applies Defer/Skip,
  // and marks the first Dial `calling` by `node`. nullopt: nothing to dial now.
  // First of all, in the same transaction, `limits`: with max_concurrent leads of the
  // campaign `calling` or calls_per_minute dials started in (now - 60 s, now], nothing is
  // claimed and the result names the limit. Then, with `limits.lines`, the line with room
  // (counted over every campaign and node; none: Limit::Lines) is the Dial's line. A Dial is
  // recorded as a dial started at `now` and counts its attempt (attempts + 1) in the same
  // transaction, before any INVITE can leave.
  virtual core::Result<ClaimResult> claim_next_lead(
      Id campaign_id, std::int64_t now, const std::string& node, int scan,
      const ClaimLimits& limits,
      const std::function<ClaimDecision(const ClaimedLead&)>& decide) = 0;
  // The same without limits.
  core::Result<std::optional<ClaimedLead>> claim_next_lead(
      Id campaign_id, std::int64_t now, const std::string& node, int scan,
      const std::function<ClaimDecision(const ClaimedLead&)>& decide) {
    auto r = claim_next_lead(campaign_id, now, node, scan, ClaimLimits{}, decide);
    if (!r) return r.error();
    return std::move(r->lead);
  }
  // The claimed lead's call was placed: its call id appended (the claim counted the attempt).
  virtual core::Result<void> record_dial(Id campaign_id, Id lead_id, Id call_id) = 0;
  // A claimed lead whose call could not be placed goes back as it was (its attempt given
  // back; its dial leaves the calls_per_minute window).
  virtual core::Result<void> release_claim(Id campaign_id, Id lead_id,
                                           std::int64_t next_attempt_at) = 0;
  virtual core::Result<void> finish_attempt(const AttemptResult& result) = 0;
  // Leads `calling` claimed by `node` ("" = by any node): what a crash left behind.
  virtual core::Result<std::vector<CampaignLead>> calling_leads(const std::string& node) = 0;
  virtual core::Result<Paged<CampaignLead>> list_campaign_leads(Id campaign_id, Page page) = 0;
  virtual core::Result<CampaignLead> get_campaign_lead(Id campaign_id, Id lead_id) = 0;
  virtual core::Result<CampaignTally> campaign_tally(Id campaign_id) = 0;

  // Call records and transcripts.
  virtual core::Result<Id> create_call(const Call& c) = 0;
  virtual core::Result<Call> get_call(Id id) = 0;
  virtual core::Result<void> update_call(const Call& c) = 0;
  virtual core::Result<Paged<Call>> list_calls(const OwnerScope& scope, Page page) = 0;
  virtual core::Result<void> append_transcript(Id call_id, const TranscriptLine& line) = 0;
  // Usage of the calls created in [from, to) of the owners in scope: the total and the totals
  // per owner, campaign and key fingerprint (each ordered by cost, then key).
  virtual core::Result<UsageReport> usage_report(const UsageQuery& q) = 0;
  virtual core::Result<std::vector<TranscriptLine>> transcript(Id call_id) = 0;

  // Post-call analysis (crm/README.md "Post-call analysis"). The pending rows are the queue.
  // Queues the call's analysis as pending at `now`: a new row, or (`restart`) an existing
  // one reset (attempts 0, no error, results kept until replaced); without `restart` an
  // existing row is left as it is.
  virtual core::Result<void> queue_analysis(Id call_id, std::int64_t now, bool restart) = 0;
  virtual core::Result<CallAnalysis> get_analysis(Id call_id) = 0;  // NotFound: none
  // Pending analyses due at `now` (next_try_at <= now), oldest first, at most `limit`.
  virtual core::Result<std::vector<DueAnalysis>> due_analyses(std::int64_t now, int limit) = 0;
  // Writes status, attempts, next_try_at, results, error and tokens of an existing row.
  virtual core::Result<void> save_analysis(const CallAnalysis& a) = 0;
  virtual core::Result<std::int64_t> count_analyses(const std::string& status) = 0;
  // One transaction: the lead's disposition and status follow the analysis, unless a later
  // call of the lead was analysed already. Status: interested -> qualified, callback,
  // voicemail, no_conversation -> contacted, not_interested, wrong_number -> lost,
  // do_not_call -> do_not_call; a do_not_call lead stays do_not_call whatever comes later
  // (only a person lifts it). callback with a time and a campaign: the lead's campaign row
  // becomes retry_wait at callback_at (unless it is calling or skipped).
  virtual core::Result<void> apply_disposition(const DispositionEffect& effect) = 0;
  // Leads in scope whose last disposition is interested or callback, latest first.
  virtual core::Result<std::vector<Conversion>> list_conversions(const OwnerScope& scope,
                                                                 int limit) = 0;

  // Inbound routes: number -> owner (Conflict if the number is taken).
  virtual core::Result<void> create_inbound_route(const InboundRoute& r) = 0;
  virtual core::Result<InboundRoute> find_inbound_route(const std::string& number) = 0;
  virtual core::Result<std::vector<InboundRoute>> list_inbound_routes(const OwnerScope& scope) = 0;
  virtual core::Result<void> delete_inbound_route(const std::string& number) = 0;

  // Webhooks (crm/README.md "Webhooks"): endpoints, their queued deliveries and every try.
  virtual core::Result<Id> create_webhook(const Webhook& w) = 0;
  virtual core::Result<Webhook> get_webhook(Id id) = 0;
  virtual core::Result<std::vector<Webhook>> list_webhooks(const OwnerScope& scope) = 0;
  virtual core::Result<void> update_webhook(const Webhook& w) = 0;  // url, secret, events, ...
  virtual core::Result<void> delete_webhook(Id id) = 0;             // with its deliveries and tries
  // Active endpoints that get the events of `owner_id`: its own, its admin's
  // (`owner_parent_id`) and every superadmin's.
  virtual core::Result<std::vector<Webhook>> webhooks_for_owner(Id owner_id,
                                                                Id owner_parent_id) = 0;
  virtual core::Result<Id> enqueue_webhook_delivery(const WebhookDelivery& d) = 0;
  virtual core::Result<WebhookDelivery> get_webhook_delivery(Id id) = 0;
  // Takes the next due delivery (pending, next_attempt_at <= now, its endpoint active, no
  // earlier pending delivery of the same endpoint and order_key) by moving its
  // next_attempt_at to `lease_until`, atomically, so that no other worker (or node) takes it
  // while it is being sent; a worker that dies leaves it due again when the lease ends.
  virtual core::Result<std::optional<WebhookDelivery>> claim_webhook_delivery(
      std::int64_t now, std::int64_t lease_until) = 0;
  // Records a try and the delivery's new state in one transaction.
  virtual core::Result<void> finish_webhook_try(const WebhookTryResult& result) = 0;
  // Every try of the endpoint's deliveries, newest first.
  virtual core::Result<Paged<WebhookAttempt>> list_webhook_attempts(Id webhook_id, Page page) = 0;
  // Deliveries of the endpoint still pending (queued or waiting for a retry).
  virtual core::Result<std::int64_t> pending_webhook_deliveries(Id webhook_id) = 0;

  // Agent profiles (crm/agent_profile.h), ordered by id.
  virtual core::Result<Id> create_agent_profile(const AgentProfile& p) = 0;
  virtual core::Result<AgentProfile> get_agent_profile(Id id) = 0;
  virtual core::Result<std::vector<AgentProfile>> list_agent_profiles(const OwnerScope& scope) = 0;
  virtual core::Result<void> update_agent_profile(const AgentProfile& p) = 0;
  // Errc::Conflict while an active or paused campaign uses it (checked in the same
  // transaction); other campaigns that named it lose it (agent_profile_id = 0).
  virtual core::Result<void> delete_agent_profile(Id id) = 0;
  // The profile a call spoke as (calls.agent_profile_id; 0 = none or since deleted).
  virtual core::Result<void> set_call_agent_profile(Id call_id, Id profile_id) = 0;
  virtual core::Result<Id> call_agent_profile(Id call_id) = 0;

  // Nodes: the heartbeat table and crash recovery (crm/node_heartbeat.h).
  // One transaction: reads the row a previous process left under me.name, closes every call
  // it left live (dialing|ringing|active: status ended, end_reason and outcome `interrupted`,
  // ended_at its last heartbeat, never before the call's own last event), calls recorded
  // before nodes existed (node '') too, then writes `me` as the node's row.
  virtual core::Result<NodeTakeover> take_over_node(const Node& me) = 0;
  // The heartbeat: last_seen_at = now while `me` (pid and started_at) still holds the name
  // (NotFound otherwise).
  virtual core::Result<void> touch_node(const Node& me, std::int64_t now) = 0;
  // A clean stop: status stopped, last_seen_at = now (same rule).
  virtual core::Result<void> stop_node(const Node& me, std::int64_t now) = 0;
  virtual core::Result<std::vector<Node>> list_nodes() = 0;
};

}  // namespace va::crm
