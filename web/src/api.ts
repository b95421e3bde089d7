// ApiClient: the REST API of DESIGN.md over fetch. Errors become ApiError with the server's
// {error: {code, message, rows?}}; the session travels in the va_session cookie.
export type Role = 'superadmin' | 'admin' | 'agent';

export interface User {
  id: number;
  username: string;
  display_name: string;
  email: string;
  role: Role;
  parent_id: number | null;
  active: boolean;
  max_concurrent_calls: number;
  max_agents?: number; // admins: set by the superadmin (0 = no limit)
  monthly_minutes?: number; // admins: minutes the tenant may talk per month (0 = no limit)
  key_fingerprint: string | null;
  lines?: string[]; // trunk lines the user's campaigns dial on when they name none ([] = any)
  created_at: number;
}

export interface Lead {
  id: number;
  owner_id: number;
  name: string;
  phone: string;
  email: string;
  company: string;
  country: string;
  notes: string;
  status: string;
  created_at: number;
}

export interface AgentConfig {
  system_prompt: string;
  voice: string;
  language: string;
  greeting: string;
}

// How the dialer works a campaign (DESIGN.md "Campaign dialer"); a null retry = no retry.
export interface Dialing {
  max_concurrent: number;
  calls_per_minute: number;
  max_attempts: number;
  retry_after_s: Record<'busy' | 'no_answer' | 'rejected' | 'unreachable' | 'failed', number | null>;
  calling_hours: { from: string; to: string; days: number[] };
  lines: string[];
}

export interface Campaign {
  id: number;
  owner_id: number;
  name: string;
  status: string;
  agent: AgentConfig;
  lead_ids: number[];
  created_at: number;
  dialing?: Dialing;
  waiting_reason?: string | null;
  extraction_schema?: ExtractionField[];
  agent_profile_id?: number | null;
  // What its calls do on reaching a voicemail ("" = the server's ai.voicemail_action).
  voicemail_action?: '' | 'off' | 'hangup' | 'message';
  voicemail_message?: string;
}

// A reusable AI persona an admin owns (GET /api/agent-profiles); its agents use it.
// language: a tag ("de-DE"), "auto" (from the callee's number) or "" (the default).
export interface AgentProfile {
  id: number;
  owner_id: number;
  name: string;
  company: string;
  objective: string;
  offer: string;
  objections: string;
  voice: string;
  language: string;
  greeting: string;
  extraction_schema: ExtractionField[];
  provider: string;
  created_at: number;
  updated_at: number;
}

export type AgentProfileInput = Omit<AgentProfile, 'id' | 'owner_id' | 'created_at' | 'updated_at'>;

export interface CampaignProgress {
  status: string;
  waiting_reason: string | null;
  total: number;
  by_state: Record<string, number>;
  by_outcome: Record<string, number>;
  in_flight: number;
  attempts: number;
}

export interface CampaignLeadState {
  lead_id: number;
  state: string;
  skip_reason: string | null;
  attempts: number;
  last_outcome: string | null;
  next_attempt_at: number | null;
  call_ids: number[];
  line: string | null;
}

export interface MediaFacts {
  local_rtp_port: number;
  remote_rtp: string;
  ssrc_in: number;
  ssrc_out: number;
  key_fingerprint: string;
  packets_in: number;
  packets_out: number;
  packets_dropped_foreign: number;
}

export interface TranscriptLine {
  who: string;
  text: string;
  at: number;
}

export interface VoicemailVerdict {
  verdict: 'human' | 'voicemail' | 'unknown';
  cause: string; // beep | long_greeting | short_greeting | no_speech | timeout | ai
  ms: number | null; // audio time from the answer to the verdict
}

export interface CallRecord {
  id: number;
  owner_id: number;
  direction: string;
  status: string;
  end_reason: string | null;
  outcome: string | null;
  from: string;
  to: string;
  lead_id: number | null;
  campaign_id: number | null;
  media: MediaFacts;
  greeting_latency_ms: number | null;
  // Answering-machine detection (outbound, ai.voicemail_action = hangup); null: it did not run.
  voicemail?: VoicemailVerdict | null;
  created_at: number;
  answered_at: number;
  ended_at: number;
  recording_url: string | null; // /api/calls/{id}/recording, null when not recorded
  summary: string | null;
  transcript?: TranscriptLine[];
  // GET /api/calls/{id} only: the post-call analysis (null: none queued for this call).
  analysis?: CallAnalysis | null;
  usage?: CallUsage;
}

// A call's AI tokens, seconds talked and estimated cost (USD, from the server's price table).
export interface CallUsage {
  input_tokens: number;
  output_tokens: number;
  talk_s: number;
  cost: number;
}

export interface UsageTotal extends CallUsage {
  calls: number;
}

// GET /api/usage: totals of the calls created in [from, to) within the caller's scope.
export interface UsageReport {
  from: number;
  to: number;
  currency: string;
  estimate: boolean;
  total: UsageTotal;
  by_user: (UsageTotal & { user_id: number; username: string })[];
  by_campaign: (UsageTotal & { campaign_id: number; name: string })[];
  by_key: (UsageTotal & { key_fingerprint: string })[];
}

export type Disposition =
  | 'interested'
  | 'not_interested'
  | 'callback'
  | 'voicemail'
  | 'wrong_number'
  | 'do_not_call'
  | 'no_conversation';

// Pending as soon as an answered call ends; done with the results, or failed with `error`.
export interface CallAnalysis {
  status: 'pending' | 'done' | 'failed';
  summary: string | null;
  disposition: Disposition | null;
  callback_at: number | null; // Unix ms
  fields: Record<string, string | number | boolean | null>;
  error: string | null;
  attempts: number;
  updated_at: number;
}

// A lead whose last disposition is interested or callback (GET /api/conversions).
export interface Conversion {
  lead_id: number;
  owner_id: number;
  call_id: number;
  lead_name: string;
  phone: string;
  disposition: Disposition;
  summary: string;
  fields: Record<string, string | number | boolean | null>;
  callback_at: number | null;
  at: number;
}

export interface ExtractionField {
  name: string;
  type: 'string' | 'number' | 'boolean' | 'date';
  description: string;
}

// owner: pool (the superadmin's, shared) | user | tenant (an admin's) | unclaimed; owner_id
// and owner_name name the user or the tenant's admin.
export interface ApiKey {
  id: number;
  fingerprint: string;
  label: string;
  status: string;
  owner: 'pool' | 'user' | 'tenant' | 'unclaimed';
  owner_id: number | null;
  owner_name: string | null;
  users: number;
  created_at: number;
}

// A dialled number (DID) that rings a user; with a campaign, that campaign's agent answers.
export interface InboundRoute {
  number: string;
  owner_id: number;
  campaign_id: number | null;
  created_at: number;
}

// A webhook endpoint; the secret comes back whole only in the answer to its creation.
export interface Webhook {
  id: number;
  owner_id: number;
  url: string;
  events: string[];
  active: boolean;
  description: string;
  secret_hint: string;
  secret?: string;
  created_at: number;
  pending_deliveries?: number;
}

// One try of a webhook delivery (GET /api/webhooks/{id}/deliveries items).
export interface WebhookTry {
  id: number;
  delivery_id: number;
  event: string;
  call_id: number | null;
  campaign_id: number | null;
  attempt: number;
  status_code: number | null;
  error: string | null;
  at: number;
  duration_ms: number;
  delivery_status: 'pending' | 'delivered' | 'failed';
  next_attempt_at: number | null;
}

export interface Paged<T> {
  items: T[];
  page: number;
  per_page: number;
  total: number;
}

export interface Stats {
  active: number;
  today: number;
  total: number;
  days: number;
  outcomes: Record<string, number>;
  per_day: { date: string; calls: number }[];
}

export interface RowError {
  row: number;
  line: number;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly rows: RowError[] = [],
  ) {
    super(message);
  }
}

type Fetch = typeof fetch;

export function query(params: Record<string, string | number | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export class ApiClient {
  // Called on every 401 so the app can return to the login page.
  onUnauthorized: () => void = () => {};

  constructor(
    private readonly fetcher: Fetch = (...a) => fetch(...a),
    private readonly base = '',
  ) {}

  // The fetch itself: network failures and non-2xx answers become ApiError.
  private async send(method: string, path: string, body?: unknown, contentType?: string): Promise<Response> {
    const headers: Record<string, string> = {};
    let payload: string | undefined;
    if (body !== undefined) {
      headers['Content-Type'] = contentType ?? 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    let res: Response;
    try {
      res = await this.fetcher(this.base + path, {
        method,
        headers,
        body: payload,
        credentials: 'same-origin',
      });
    } catch {
      throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection.');
    }
    if (res.ok) return res;
    const err = (parseJson(await res.text()) as { error?: { code?: string; message?: string; rows?: RowError[] } })
      ?.error;
    if (res.status === 401 && path !== '/api/auth/login') this.onUnauthorized();
    throw new ApiError(
      res.status,
      err?.code ?? 'http_' + res.status,
      err?.message ?? `Request failed (${res.status})`,
      err?.rows ?? [],
    );
  }

  async request<T>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
    const res = await this.send(method, path, body, contentType);
    return parseJson(await res.text()) as T;
  }

  login(username: string, password: string) {
    return this.request<{ token: string; user: User }>('POST', '/api/auth/login', {
      username,
      password,
    });
  }
  logout() {
    return this.request<{ ok: boolean }>('POST', '/api/auth/logout');
  }
  me() {
    return this.request<User>('GET', '/api/me');
  }
  stats(days = 14) {
    const tz = -new Date().getTimezoneOffset();
    return this.request<Stats>('GET', '/api/stats' + query({ days, tz_offset_min: tz }));
  }
  usage(from?: string, to?: string) {
    return this.request<UsageReport>('GET', '/api/usage' + query({ from, to }));
  }
  users() {
    return this.request<{ items: User[] }>('GET', '/api/users');
  }
  createUser(u: { username: string; password: string; role: Role; parent_id?: number }) {
    return this.request<User>('POST', '/api/users', u);
  }
  updateUser(
    id: number,
    patch: Partial<
      Pick<
        User,
        'display_name' | 'email' | 'active' | 'lines' | 'max_concurrent_calls' | 'max_agents' | 'monthly_minutes'
      >
    >,
  ) {
    return this.request<User>('PATCH', `/api/users/${id}`, patch);
  }
  setUserKey(id: number, key: string) {
    return this.request<User>('PUT', `/api/users/${id}/api-key`, { key });
  }
  keys() {
    return this.request<{ items: ApiKey[] }>('GET', '/api/keys');
  }
  addKey(key: string, label: string) {
    return this.request<ApiKey>('POST', '/api/keys', { key, label });
  }
  assignKeys() {
    return this.request<{ assigned: number }>('POST', '/api/keys/assign');
  }
  leads(q: { q?: string; status?: string; page?: number; per_page?: number }) {
    return this.request<Paged<Lead>>('GET', '/api/leads' + query(q));
  }
  createLead(l: Partial<Lead>) {
    return this.request<Lead>('POST', '/api/leads', l);
  }
  updateLead(id: number, l: Partial<Lead>) {
    return this.request<Lead>('PATCH', `/api/leads/${id}`, l);
  }
  deleteLead(id: number) {
    return this.request<unknown>('DELETE', `/api/leads/${id}`);
  }
  importLeads(csv: string) {
    return this.request<{ imported: number; ids: number[] }>(
      'POST',
      '/api/leads/import',
      csv,
      'text/csv',
    );
  }
  campaigns(page = 1) {
    return this.request<Paged<Campaign>>('GET', '/api/campaigns' + query({ page, per_page: 100 }));
  }
  campaign(id: number) {
    return this.request<Campaign>('GET', `/api/campaigns/${id}`);
  }
  createCampaign(c: {
    name: string;
    status?: string;
    agent: AgentConfig;
    extraction_schema?: ExtractionField[];
    agent_profile_id?: number | null;
    voicemail_action?: Campaign['voicemail_action'];
    voicemail_message?: string;
  }) {
    return this.request<Campaign>('POST', '/api/campaigns', c);
  }
  updateCampaign(
    id: number,
    c: Partial<
      Pick<
        Campaign,
        | 'name'
        | 'status'
        | 'agent'
        | 'dialing'
        | 'extraction_schema'
        | 'agent_profile_id'
        | 'voicemail_action'
        | 'voicemail_message'
      >
    >,
  ) {
    return this.request<Campaign>('PATCH', `/api/campaigns/${id}`, c);
  }
  // start | pause | stop: the dialer picks the new status up within a tick.
  runCampaign(id: number, action: 'start' | 'pause' | 'stop') {
    return this.request<Campaign>('POST', `/api/campaigns/${id}/${action}`);
  }
  campaignProgress(id: number) {
    return this.request<CampaignProgress>('GET', `/api/campaigns/${id}/progress`);
  }
  campaignLeads(id: number, page = 1, per_page = 100) {
    return this.request<Paged<CampaignLeadState>>(
      'GET',
      `/api/campaigns/${id}/leads` + query({ page, per_page }),
    );
  }
  setCampaignLeads(id: number, lead_ids: number[]) {
    return this.request<Campaign>('PUT', `/api/campaigns/${id}/leads`, { lead_ids });
  }
  calls(page = 1, per_page = 50) {
    return this.request<Paged<CallRecord>>('GET', '/api/calls' + query({ page, per_page }));
  }
  call(id: number) {
    return this.request<CallRecord>('GET', `/api/calls/${id}`);
  }
  analyze(id: number) {
    return this.request<{ analysis: CallAnalysis }>('POST', `/api/calls/${id}/analyze`);
  }
  conversions() {
    return this.request<{ items: Conversion[] }>('GET', '/api/conversions');
  }
  placeCall(body: {
    to: string;
    lead_id?: number;
    campaign_id?: number;
    agent?: AgentConfig;
    agent_profile_id?: number;
  }) {
    return this.request<{ id: number; status: string }>('POST', '/api/calls', body);
  }
  // The greeting rendered as calls play it (the user's key and voice): a WAV blob.
  async greetingPreview(agent: { greeting: string; voice?: string; language?: string }): Promise<Blob> {
    const res = await this.send('POST', '/api/greetings/preview', agent);
    return res.blob();
  }

  hangup(id: number) {
    return this.request<{ ok: boolean }>('POST', `/api/calls/${id}/hangup`);
  }
  inboundRoutes() {
    return this.request<{ items: InboundRoute[] }>('GET', '/api/inbound-routes');
  }
  createInboundRoute(r: { number: string; owner_id?: number; campaign_id?: number }) {
    return this.request<InboundRoute>('POST', '/api/inbound-routes', r);
  }
  agentProfiles() {
    return this.request<{ items: AgentProfile[] }>('GET', '/api/agent-profiles');
  }
  createAgentProfile(p: AgentProfileInput) {
    return this.request<AgentProfile>('POST', '/api/agent-profiles', p);
  }
  updateAgentProfile(id: number, p: Partial<AgentProfileInput>) {
    return this.request<AgentProfile>('PATCH', `/api/agent-profiles/${id}`, p);
  }
  deleteAgentProfile(id: number) {
    return this.request<{ ok: boolean }>('DELETE', `/api/agent-profiles/${id}`);
  }
  webhooks() {
    return this.request<{ items: Webhook[] }>('GET', '/api/webhooks');
  }
  createWebhook(w: { url: string; events: string[]; secret?: string; description?: string }) {
    return this.request<Webhook>('POST', '/api/webhooks', w);
  }
  deleteWebhook(id: number) {
    return this.request<{ ok: boolean }>('DELETE', `/api/webhooks/${id}`);
  }
  webhookDeliveries(id: number, page = 1, per_page = 50) {
    return this.request<Paged<WebhookTry> & { pending: number }>(
      'GET',
      `/api/webhooks/${id}/deliveries` + query({ page, per_page }),
    );
  }
  resendWebhookDelivery(id: number, deliveryId: number) {
    return this.request<{ delivery_id: number; resend_of: number; status: string }>(
      'POST',
      `/api/webhooks/${id}/deliveries/${deliveryId}/resend`,
    );
  }
  // The number is the route's key: "+" and "#" must be percent-encoded in the path.
  deleteInboundRoute(number: string) {
    return this.request<{ ok: boolean }>(
      'DELETE',
      `/api/inbound-routes/${encodeURIComponent(number)}`,
    );
  }
}

export const api = new ApiClient();

// The message shown for an error, with the call layer's absence spelled out.
export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === 'calls_unavailable') {
      return 'Calls are not available: the call layer is not running on this server.';
    }
    return e.message;
  }
  return e instanceof Error ? e.message : String(e);
}
