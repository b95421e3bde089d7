// Live calls and campaigns: a reducer from /api/events messages to what the dashboard and the live call
// view show (status, media facts, transcript as it streams, end reason).
import type { CallEventMessage, CampaignEventMessage, StreamState } from './events';
import type { CampaignLeadState, CampaignProgress, MediaFacts, TranscriptLine } from './api';

export interface LiveCall {
  id: number;
  owner_id: number;
  status: string;
  peer: string;
  direction: string;
  started_at: number; // first event seen
  answered_at: number | null;
  ended_at: number | null;
  end_reason: string | null;
  media: MediaFacts | null;
  greeting_latency_ms: number | null;
  transcript: TranscriptLine[];
  interruptions: number;
}

export type LiveState = Record<number, LiveCall>;

export function applyEvent(state: LiveState, msg: CallEventMessage): LiveState {
  const c = msg.call;
  if (!c || typeof c.id !== 'number') return state;
  // After the call: the call page reads its analysis from the API; nothing live changes.
  if (msg.type === 'call.analyzed') return state;
  const prev: LiveCall = state[c.id] ?? {
    id: c.id,
    owner_id: c.owner_id,
    status: 'dialing',
    peer: '',
    direction: 'outbound',
    started_at: c.at,
    answered_at: null,
    ended_at: null,
    end_reason: null,
    media: null,
    greeting_latency_ms: null,
    transcript: [],
    interruptions: 0,
  };
  const next: LiveCall = { ...prev };
  if (c.status) next.status = c.status;
  if (c.peer) next.peer = c.peer;
  if (c.direction) next.direction = c.direction;
  if (c.media) next.media = c.media;
  if (typeof c.greeting_latency_ms === 'number') next.greeting_latency_ms = c.greeting_latency_ms;
  switch (msg.type) {
    case 'call.answered':
      next.answered_at = c.at;
      next.status = c.status ?? 'active';
      break;
    case 'call.transcript':
      if (c.line) next.transcript = [...prev.transcript, c.line];
      break;
    case 'call.interrupted':
      next.interruptions = prev.interruptions + 1;
      break;
    case 'call.ended':
      next.status = 'ended';
      next.ended_at = c.at;
      next.end_reason = c.end_reason ?? null;
      break;
  }
  return { ...state, [c.id]: next };
}

// Calls not ended, newest first.
export function activeCalls(state: LiveState): LiveCall[] {
  return Object.values(state)
    .filter((c) => c.status !== 'ended')
    .sort((a, b) => b.started_at - a.started_at);
}

// Ended calls are kept for a while so a live view can show how it ended; older ones go.
export function pruneEnded(state: LiveState, now: number, keepMs = 10 * 60 * 1000): LiveState {
  const out: LiveState = {};
  for (const c of Object.values(state)) {
    if (c.status !== 'ended' || (c.ended_at ?? now) > now - keepMs) out[c.id] = c;
  }
  return out;
}

// The transcript to show: the stored lines (GET /api/calls/{id}) followed by the streamed
// lines not among them. A view opened mid-call has the first part only from the store and
// the rest only from the stream; a view open from the start has both. The store may stamp a
// line a little apart from its event, so the same speaker and words within 2 s are one line.
export function mergeTranscript(stored: TranscriptLine[], streamed: TranscriptLine[]) {
  const extra = streamed.filter(
    (l) => !stored.some((s) => s.who === l.who && s.text === l.text && Math.abs(s.at - l.at) <= 2000),
  );
  return [...stored, ...extra];
}

// Whether an event's status is news: campaign.status and campaign.done say what the status
// just became; a campaign.progress carries the status the dialer read at the start of its
// pass, which a pause may have changed meanwhile, so it is only about the lead.
function statusNews(msg: CampaignEventMessage): boolean {
  return msg.type !== 'campaign.progress';
}

// Campaigns follow their status events (campaign.status|done): the named campaign's status
// and waiting reason, as the dialer or a start/pause/stop just set them.
export function applyCampaignEvent<T extends { id: number; status: string; waiting_reason?: string | null }>(
  items: T[],
  msg: CampaignEventMessage,
): T[] {
  const c = msg.campaign;
  if (!statusNews(msg) || !items.some((x) => x.id === c.id)) return items;
  return items.map((x) =>
    x.id === c.id ? { ...x, status: c.status, waiting_reason: c.waiting_reason || null } : x,
  );
}

// The progress view's header follows the event at once; the counts come with the next fetch.
export function applyProgressEvent(p: CampaignProgress, msg: CampaignEventMessage): CampaignProgress {
  if (!statusNews(msg)) return p;
  return { ...p, status: msg.campaign.status, waiting_reason: msg.campaign.waiting_reason || null };
}

// A lead row follows its campaign.progress event: its state, the outcome of the attempt that
// ended, the call just placed (attempts and the next attempt time come with the next fetch).
export function applyLeadEvent(leads: CampaignLeadState[], msg: CampaignEventMessage): CampaignLeadState[] {
  const l = msg.campaign.lead;
  if (!l) return leads;
  return leads.map((x) => {
    if (x.lead_id !== l.lead_id) return x;
    const next = { ...x, state: l.state };
    if (l.last_outcome) next.last_outcome = l.last_outcome;
    if (l.call_id !== null && !x.call_ids.includes(l.call_id)) next.call_ids = [...x.call_ids, l.call_id];
    return next;
  });
}

// Fans campaign events out to whichever views are open (the list, a progress view).
export class CampaignFeed {
  private readonly listeners = new Set<(m: CampaignEventMessage) => void>();
  subscribe(fn: (m: CampaignEventMessage) => void): () => void {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
    };
  }
  publish(m: CampaignEventMessage): void {
    for (const fn of [...this.listeners]) fn(m);
  }
}

// What a view following events does when the stream's state changes: while the socket is down
// it polls slowly (the fallback); when it opens again after a drop it fetches once, since
// events sent meanwhile were lost. `prev` null: the view just opened (it fetched already).
export function streamPlan(prev: StreamState | null, now: StreamState): { reload: boolean; poll: boolean } {
  if (now === 'open') return { reload: prev !== null && prev !== 'open', poll: false };
  return { reload: false, poll: true };
}
