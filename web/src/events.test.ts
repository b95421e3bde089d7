import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  EventStream,
  eventsUrl,
  type CallEventMessage,
  type CampaignEventMessage,
} from './events';

class FakeSocket {
  static all: FakeSocket[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  close() {
    this.closed = true;
  }
  recv(data: unknown) {
    this.onmessage?.({ data: typeof data === 'string' ? data : JSON.stringify(data) });
  }
  drop() {
    this.onclose?.({});
  }
}

function harness() {
  FakeSocket.all = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const events: CallEventMessage[] = [];
  const states: string[] = [];
  const s = new EventStream({
    url: 'ws://h/api/events',
    onEvent: (m) => events.push(m),
    onState: (st) => states.push(st),
    socket: (u) => new FakeSocket(u),
    setTimer: (fn, ms) => {
      timers.push({ fn, ms });
      return timers.length;
    },
    clearTimer: () => undefined,
    minDelayMs: 100,
    maxDelayMs: 1000,
    random: () => 1,
  });
  return { s, timers, events, states };
}

describe('EventStream', () => {
  it('delivers call events and ignores malformed and unknown messages', () => {
    const { s, events, states } = harness();
    s.start();
    const ws = FakeSocket.all[0];
    ws.recv({ type: 'hello', user_id: 1 });
    ws.recv('{not json');
    ws.recv({ nope: 1 });
    ws.recv({ type: 'other' });
    ws.recv({ type: 'call.created' }); // no call object
    ws.recv({ type: 'call.created', call: { id: 5, owner_id: 1, at: 1 } });
    expect(events).toHaveLength(1);
    expect(events[0].call.id).toBe(5);
    expect(states).toEqual(['connecting', 'open']);
  });

  it('delivers campaign events to onCampaign and drops malformed ones', () => {
    FakeSocket.all = [];
    const got: CampaignEventMessage[] = [];
    const calls: CallEventMessage[] = [];
    const s = new EventStream({
      url: 'ws://h/api/events',
      onEvent: (m) => calls.push(m),
      onCampaign: (m) => got.push(m),
      socket: (u) => new FakeSocket(u),
    });
    s.start();
    const ws = FakeSocket.all[0];
    ws.recv({ type: 'campaign.status' }); // no campaign object
    ws.recv({ type: 'campaign.status', campaign: null });
    ws.recv({ type: 'campaign.status', campaign: { id: '3', status: 'active' } });
    ws.recv({ type: 'campaign.status', campaign: { id: 3 } }); // no status
    ws.recv({ type: 'campaign.status', campaign: { id: 3, owner_id: 1, status: 'active', waiting_reason: '' } });
    ws.recv({
      type: 'campaign.progress',
      campaign: { id: 3, owner_id: 1, status: 'active', waiting_reason: '', lead: { lead_id: 9, state: 'calling', last_outcome: null, call_id: 4 } },
    });
    expect(got.map((m) => m.type)).toEqual(['campaign.status', 'campaign.progress']);
    expect(got[1].campaign.lead?.lead_id).toBe(9);
    expect(calls).toHaveLength(0);
    s.stop();
  });

  it('reconnects with growing, capped delays and resets after a hello', () => {
    const { s, timers } = harness();
    s.start();
    for (let i = 0; i < 6; i++) {
      FakeSocket.all[FakeSocket.all.length - 1].drop();
      timers[timers.length - 1].fn();
    }
    expect(timers.map((t) => t.ms)).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(FakeSocket.all).toHaveLength(7);
    FakeSocket.all[6].recv({ type: 'hello' });
    expect(s.attempts).toBe(0);
    FakeSocket.all[6].drop();
    expect(timers[timers.length - 1].ms).toBe(100);
  });

  it('stops for good: no reconnect after stop()', () => {
    const { s, timers } = harness();
    s.start();
    const ws = FakeSocket.all[0];
    s.stop();
    expect(ws.closed).toBe(true);
    ws.drop();
    expect(timers).toHaveLength(0);
  });

  it('retries when the socket cannot even be constructed', () => {
    FakeSocket.all = [];
    const timers: number[] = [];
    let n = 0;
    const s = new EventStream({
      url: 'ws://h/api/events',
      onEvent: () => undefined,
      socket: (u) => {
        if (n++ === 0) throw new Error('SecurityError');
        return new FakeSocket(u);
      },
      setTimer: (fn, ms) => {
        timers.push(ms);
        fn();
        return 1;
      },
      clearTimer: () => undefined,
      random: () => 0,
    });
    s.start();
    expect(timers).toEqual([400]);
    expect(FakeSocket.all).toHaveLength(1);
  });
});

describe('backoffDelay and eventsUrl', () => {
  it('jitters between 80% and 100% of the capped exponential delay', () => {
    expect(backoffDelay(0, 500, 15000, () => 0)).toBe(400);
    expect(backoffDelay(0, 500, 15000, () => 1)).toBe(500);
    expect(backoffDelay(10, 500, 15000, () => 1)).toBe(15000);
    expect(backoffDelay(1000, 500, 15000, () => 1)).toBe(15000);
  });
  it('uses wss on https and passes the token', () => {
    expect(eventsUrl({ protocol: 'https:', host: 'a:1' }, 't k')).toBe(
      'wss://a:1/api/events?token=t%20k',
    );
    expect(eventsUrl({ protocol: 'http:', host: 'a' })).toBe('ws://a/api/events');
  });
});
