// SqlStore: the Store written once in the SQL both SQLite and PostgreSQL accept; the only
// dialect switches are BEGIN IMMEDIATE (SQLite) and the DDL's key type (migrations.cc).
#pragma once

#include <functional>
#include <memory>

#include "crm/cluster_store.h"
#include "crm/sql/connection_pool.h"
#include "crm/store.h"

namespace va::crm::sql {

class SqlStore final : public Store, public ClusterStore {
 public:
  explicit SqlStore(std::unique_ptr<ConnectionPool> pool) : pool_(std::move(pool)) {}

  // Store
  std::string backend() const override;
  core::Result<std::int64_t> schema_version() override;
  core::Result<Id> create_user(const User& u) override;
  core::Result<User> get_user(Id id) override;
  core::Result<User> get_user_by_name(const std::string& username) override;
  core::Result<std::vector<User>> list_users(const OwnerScope& scope) override;
  core::Result<void> update_user(const User& u) override;
  core::Result<void> set_password_hash(Id user_id, const std::string& hash) override;
  core::Result<void> set_user_key(Id user_id, Id key_id) override;
  core::Result<std::vector<Id>> agents_of(Id admin_id) override;
  core::Result<void> create_session(const Session& s) override;
  core::Result<Session> get_session(const std::string& token_hash) override;
  core::Result<void> delete_session(const std::string& token_hash) override;
  core::Result<void> delete_user_sessions(Id user_id) override;
  core::Result<Id> add_key(const ApiKey& k) override;
  core::Result<void> claim_key(Id key_id, KeyOwner owner, Id owner_id) override;
  core::Result<ApiKey> get_key(Id id) override;
  core::Result<ApiKey> get_key_by_fingerprint(const std::string& fingerprint) override;
  core::Result<std::vector<ApiKey>> list_keys() override;
  core::Result<ApiKey> least_used_active_key(const std::string& provider = "gemini") override;
  core::Result<std::vector<Id>> users_without_key(const std::string& provider = "gemini") override;
  core::Result<Id> create_lead(const Lead& l) override;
  core::Result<Lead> get_lead(Id id) override;
  core::Result<void> update_lead(const Lead& l) override;
  core::Result<void> delete_lead(Id id) override;
  core::Result<Paged<Lead>> list_leads(const LeadQuery& q) override;
  core::Result<std::vector<Id>> import_leads(const std::vector<Lead>& leads) override;
  core::Result<Id> create_campaign(const Campaign& c) override;
  core::Result<Campaign> get_campaign(Id id) override;
  core::Result<void> update_campaign(const Campaign& c) override;
  core::Result<void> delete_campaign(Id id) override;
  core::Result<Paged<Campaign>> list_campaigns(const OwnerScope& scope, Page page) override;
  core::Result<void> set_campaign_leads(Id campaign_id, const std::vector<Id>& leads) override;
  core::Result<std::vector<Campaign>> active_campaigns() override;
  core::Result<void> set_campaign_status(Id campaign_id, const std::string& status) override;
  core::Result<void> set_waiting_reason(Id campaign_id, const std::string& reason) override;
  core::Result<void> reset_deferred_leads(Id campaign_id) override;
  using Store::claim_next_lead;
  core::Result<ClaimResult> claim_next_lead(
      Id campaign_id, std::int64_t now, const std::string& node, int scan,
      const ClaimLimits& limits,
      const std::function<ClaimDecision(const ClaimedLead&)>& decide) override;
  core::Result<void> record_dial(Id campaign_id, Id lead_id, Id call_id) override;
  core::Result<void> release_claim(Id campaign_id, Id lead_id,
                                   std::int64_t next_attempt_at) override;
  core::Result<void> finish_attempt(const AttemptResult& result) override;
  core::Result<std::vector<CampaignLead>> calling_leads(const std::string& node) override;
  core::Result<Paged<CampaignLead>> list_campaign_leads(Id campaign_id, Page page) override;
  core::Result<CampaignLead> get_campaign_lead(Id campaign_id, Id lead_id) override;
  core::Result<CampaignTally> campaign_tally(Id campaign_id) override;
  core::Result<Id> create_call(const Call& c) override;
  core::Result<Call> get_call(Id id) override;
  core::Result<void> update_call(const Call& c) override;
  core::Result<Paged<Call>> list_calls(const OwnerScope& scope, Page page) override;
  core::Result<void> append_transcript(Id call_id, const TranscriptLine& line) override;
  core::Result<UsageReport> usage_report(const UsageQuery& q) override;
  core::Result<std::vector<TranscriptLine>> transcript(Id call_id) override;
  core::Result<void> queue_analysis(Id call_id, std::int64_t now, bool restart) override;
  core::Result<CallAnalysis> get_analysis(Id call_id) override;
  core::Result<std::vector<DueAnalysis>> due_analyses(std::int64_t now, int limit) override;
  core::Result<void> save_analysis(const CallAnalysis& a) override;
  core::Result<std::int64_t> count_analyses(const std::string& status) override;
  core::Result<void> apply_disposition(const DispositionEffect& effect) override;
  core::Result<std::vector<Conversion>> list_conversions(const OwnerScope& scope,
                                                         int limit) override;
  core::Result<void> create_inbound_route(const InboundRoute& r) override;
  core::Result<InboundRoute> find_inbound_route(const std::string& number) override;
  core::Result<std::vector<InboundRoute>> list_inbound_routes(const OwnerScope& scope) override;
  core::Result<void> delete_inbound_route(const std::string& number) override;
  core::Result<Id> create_webhook(const Webhook& w) override;
  core::Result<Webhook> get_webhook(Id id) override;
  core::Result<std::vector<Webhook>> list_webhooks(const OwnerScope& scope) override;
  core::Result<void> update_webhook(const Webhook& w) override;
  core::Result<void> delete_webhook(Id id) override;
  core::Result<std::vector<Webhook>> webhooks_for_owner(Id owner_id, Id owner_parent_id) override;
  core::Result<Id> enqueue_webhook_delivery(const WebhookDelivery& d) override;
  core::Result<WebhookDelivery> get_webhook_delivery(Id id) override;
  core::Result<std::optional<WebhookDelivery>> claim_webhook_delivery(
      std::int64_t now, std::int64_t lease_until) override;
  core::Result<void> finish_webhook_try(const WebhookTryResult& result) override;
  core::Result<Paged<WebhookAttempt>> list_webhook_attempts(Id webhook_id, Page page) override;
  core::Result<std::int64_t> pending_webhook_deliveries(Id webhook_id) override;
  core::Result<Id> create_agent_profile(const AgentProfile& p) override;
  core::Result<AgentProfile> get_agent_profile(Id id) override;
  core::Result<std::vector<AgentProfile>> list_agent_profiles(const OwnerScope& scope) override;
  core::Result<void> update_agent_profile(const AgentProfile& p) override;
  core::Result<void> delete_agent_profile(Id id) override;
  core::Result<void> set_call_agent_profile(Id call_id, Id profile_id) override;
  core::Result<Id> call_agent_profile(Id call_id) override;
  core::Result<NodeTakeover> take_over_node(const Node& me) override;
  core::Result<void> touch_node(const Node& me, std::int64_t now) override;
  core::Result<void> stop_node(const Node& me, std::int64_t now) override;
  core::Result<std::vector<Node>> list_nodes() override;

  // ClusterStore (sql_store_cluster.cc)
  core::Result<void> set_node_http(const Node& me, const std::string& http) override;
  core::Result<bool> node_draining(const Node& me) override;
  core::Result<void> set_node_draining(const std::string& name, bool draining) override;
  core::Result<std::vector<ClusterNode>> cluster_nodes() override;
  core::Result<std::vector<DeadNode>> reap_dead_nodes(const std::string& me,
                                                      std::int64_t cutoff) override;
  core::Result<SlotRefusal> take_call_slot(const CallSlot& slot) override;
  core::Result<void> give_call_slot(const CallSlot& slot) override;
  core::Result<void> clear_call_slots(const std::string& node) override;

 private:
  // One statement on any free connection.
  core::Result<Rows> run(std::string_view sql, const std::vector<Value>& params);
  // Runs `fn` inside BEGIN..COMMIT on one connection; rolls back if it fails.
  core::Result<void> transaction(const std::function<core::Result<void>(Connection&)>& fn);
  // An INSERT ... RETURNING id.
  core::Result<Id> insert(std::string_view sql, const std::vector<Value>& params);
  // An UPDATE/DELETE ... RETURNING id that must touch exactly one row (else NotFound).
  core::Result<void> touch_one(std::string_view sql, const std::vector<Value>& params);
  core::Result<void> load_campaign_leads(Campaign& c);

  std::unique_ptr<ConnectionPool> pool_;
};

}  // namespace va::crm::sql
