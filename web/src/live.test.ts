import { describe, expect, it } from 'vitest';
import { activeCalls, applyEvent, mergeTranscript, pruneEnded, type LiveState } from './live';
import type { CallEventMessage } from './events';

const ev = (type: string, call: Partial<CallEventMessage['call']>): CallEventMessage => ({
  type,
  call: { id: 1, owner_id: 9, at: 1000, ...call },
});

describe('applyEvent', () => {
  it('follows a call from created to ended with media facts and transcript', () => {
    let s: LiveState = {};
    s = applyEvent(s, ev('call.created', { status: 'dialing', peer: '+15550001', at: 1000 }));
    s = applyEvent(s, ev('call.ringing', { status: 'ringing', at: 1500 }));
    const media = {
      local_rtp_port: 10002,
      remote_rtp: '127.0.0.1:4000',
      ssrc_in: 1,
      ssrc_out: 2,
      key_fingerprint: 'abcdef012345',
      packets_in: 0,
      packets_out: 0,
      packets_dropped_foreign: 0,
    };
    s = applyEvent(s, ev('call.answered', { status: 'active', at: 2000, media }));
    s = applyEvent(s, ev('call.transcript', { line: { who: 'agent', text: 'Hello', at: 2100 } }));
    s = applyEvent(s, ev('call.transcript', { line: { who: 'caller', text: 'Hi', at: 2200 } }));
    s = applyEvent(s, ev('call.interrupted', {}));
    expect(activeCalls(s).map((c) => c.id)).toEqual([1]);
    s = applyEvent(s, ev('call.ended', { status: 'ended', end_reason: 'remote_bye', at: 9000 }));
    const c = s[1];
    expect(c.status).toBe('ended');
    expect(c.peer).toBe('+15550001');
    expect(c.answered_at).toBe(2000);
    expect(c.ended_at).toBe(9000);
    expect(c.end_reason).toBe('remote_bye');
    expect(c.media?.local_rtp_port).toBe(10002);
    expect(c.transcript.map((l) => l.text)).toEqual(['Hello', 'Hi']);
    expect(c.interruptions).toBe(1);
    expect(activeCalls(s)).toEqual([]);
  });

  it('keeps calls apart and does not mutate the previous state', () => {
    const a = applyEvent({}, ev('call.created', { id: 1, status: 'dialing', at: 1 }));
    const b = applyEvent(a, ev('call.created', { id: 2, status: 'dialing', at: 2 }));
    const c = applyEvent(b, ev('call.transcript', { id: 2, line: { who: 'agent', text: 'x', at: 3 } }));
    expect(a[2]).toBeUndefined();
    expect(b[2].transcript).toEqual([]);
    expect(c[1].transcript).toEqual([]);
    expect(c[2].transcript).toHaveLength(1);
    expect(activeCalls(c).map((x) => x.id)).toEqual([2, 1]);
  });

  it('starts a call it first hears of mid-way (e.g. after a reconnect)', () => {
    const s = applyEvent({}, ev('call.media', { id: 4, status: 'active', at: 50 }));
    expect(s[4].status).toBe('active');
  });

  it('leaves the live state alone when an ended call is analysed', () => {
    const before = applyEvent({}, ev('call.ended', { id: 5, status: 'ended', at: 70 }));
    expect(applyEvent(before, ev('call.analyzed', { id: 5, status: 'ended', at: 90 }))).toBe(before);
    expect(applyEvent({}, ev('call.analyzed', { id: 6, status: 'ended', at: 90 }))).toEqual({});
  });

  it('prunes ended calls after a while and keeps live ones', () => {
    let s = applyEvent({}, ev('call.ended', { id: 1, at: 1000 }));
    s = applyEvent(s, ev('call.created', { id: 2, status: 'dialing', at: 1000 }));
    expect(Object.keys(pruneEnded(s, 2000, 5000))).toEqual(['1', '2']);
    expect(Object.keys(pruneEnded(s, 10000, 5000))).toEqual(['2']);
  });
});

describe('mergeTranscript', () => {
  const l = (at: number, text: string, who = 'agent') => ({ who, text, at });
  it('shows stored lines then streamed lines not yet stored (view opened mid-call)', () => {
    const stored = [l(1, 'a'), l(2, 'b', 'caller')];
    const streamed = [l(3, 'c'), l(4, 'd', 'caller')];
    expect(mergeTranscript(stored, streamed).map((x) => x.text)).toEqual(['a', 'b', 'c', 'd']);
  });
  it('does not repeat lines that are both stored and streamed', () => {
    const both = [l(1, 'a'), l(2, 'b')];
    expect(mergeTranscript(both, [...both, l(3, 'c')]).map((x) => x.text)).toEqual(['a', 'b', 'c']);
    // The store may stamp a line a few ms apart from its event.
    expect(mergeTranscript([l(5, 'a')], [l(4, 'a')]).map((x) => x.text)).toEqual(['a']);
    expect(mergeTranscript([l(5, 'a')], [l(7, 'a')]).map((x) => x.text)).toEqual(['a']);
  });
  it('keeps a repeated sentence said again later', () => {
    expect(mergeTranscript([l(1000, 'yes', 'caller')], [l(9000, 'yes', 'caller')])).toHaveLength(2);
  });
  it('works with only one side', () => {
    expect(mergeTranscript([], [l(1, 'a')])).toHaveLength(1);
    expect(mergeTranscript([l(1, 'a')], [])).toHaveLength(1);
  });
});
