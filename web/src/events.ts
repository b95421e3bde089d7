// EventStream: the /api/events WebSocket, reconnecting by itself with capped exponential
// backoff (reset once a connection says hello). Socket and timers are injectable for tests.
export interface CallEventMessage {
  type: string; // call.created | call.ringing | call.answered | call.transcript | ...
  call: {
    id: number;
    owner_id: number;
    at: number;
    status?: string;
    direction?: string;
    peer?: string;
    end_reason?: string;
    greeting_latency_ms?: number;
    line?: { who: string; text: string; at: number };
    media?: import('./api').MediaFacts;
  };
}

// The dialer's (and a start/pause/stop's) word on a campaign: campaign.progress (a lead's state
// changed; `lead` says which), campaign.status (status or waiting reason), campaign.done.
export interface CampaignEventMessage {
  type: string;
  campaign: {
    id: number;
    owner_id: number;
    status: string;
    waiting_reason: string;
    lead?: { lead_id: number; state: string; last_outcome: string | null; call_id: number | null };
  };
}

export type StreamState = 'connecting' | 'open' | 'closed';

interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(): void;
}

export interface EventStreamOptions {
  url: string;
  onEvent: (m: CallEventMessage) => void;
  onCampaign?: (m: CampaignEventMessage) => void;
  onState?: (s: StreamState) => void;
  socket?: (url: string) => SocketLike;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
  minDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
}

// Delay before reconnect attempt `n` (0-based): min * 2^n capped at max, with up to 20% jitter
// so that many browsers do not come back at the same instant.
export function backoffDelay(n: number, min: number, max: number, random: () => number): number {
  const base = Math.min(max, min * Math.pow(2, Math.min(n, 20)));
  return Math.round(base * (0.8 + 0.2 * random()));
}

export function eventsUrl(loc: { protocol: string; host: string }, token?: string): string {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}/api/events${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

export class EventStream {
  private ws: SocketLike | null = null;
  private timer: unknown = null;
  private attempt = 0;
  private stopped = false;
  private readonly o: Required<Omit<EventStreamOptions, 'onState' | 'onCampaign'>> &
    Pick<EventStreamOptions, 'onState' | 'onCampaign'>;

  constructor(opts: EventStreamOptions) {
    this.o = {
      socket: (url) => new WebSocket(url) as unknown as SocketLike,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
      minDelayMs: 500,
      maxDelayMs: 15000,
      random: Math.random,
      ...opts,
    };
  }

  get attempts(): number {
    return this.attempt;
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.o.clearTimer(this.timer);
    this.timer = null;
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = null;
      ws.close();
    }
    this.o.onState?.('closed');
  }

  private connect(): void {
    this.timer = null;
    if (this.stopped) return;
    this.o.onState?.('connecting');
    let ws: SocketLike;
    try {
      ws = this.o.socket(this.o.url);
    } catch {
      this.schedule();
      return;
    }
    this.ws = ws;
    ws.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let msg: { type?: unknown };
      try {
        msg = JSON.parse(ev.data);
      } catch {
        return; // a malformed message is dropped, the stream goes on
      }
      if (msg === null || typeof msg !== 'object' || typeof msg.type !== 'string') return;
      if (msg.type === 'hello') {
        this.attempt = 0;
        this.o.onState?.('open');
        return;
      }
      if (msg.type.startsWith('call.') && typeof (msg as CallEventMessage).call === 'object') {
        this.o.onEvent(msg as CallEventMessage);
        return;
      }
      const campaign = (msg as CampaignEventMessage).campaign;
      if (
        msg.type.startsWith('campaign.') &&
        campaign !== null &&
        typeof campaign === 'object' &&
        typeof campaign.id === 'number' &&
        typeof campaign.status === 'string'
      ) {
        this.o.onCampaign?.(msg as CampaignEventMessage);
      }
    };
    ws.onerror = () => {};
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.schedule();
    };
  }

  private schedule(): void {
    if (this.stopped) return;
    this.o.onState?.('closed');
    const delay = backoffDelay(this.attempt, this.o.minDelayMs, this.o.maxDelayMs, this.o.random);
    this.attempt += 1;
    this.timer = this.o.setTimer(() => this.connect(), delay);
  }
}
