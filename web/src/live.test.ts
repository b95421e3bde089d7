import { describe, expect, it } from 'vitest';
import {
  activeCalls,
  applyCampaignEvent,
  applyEvent,
  applyLeadEvent,
  applyProgressEvent,
  CampaignFeed,
  mergeTranscript,
  pruneEnded,
  streamPlan,
  type LiveState,
} from './live';
import type { CallEventMessage, CampaignEventMessage } from './events';
import type { CampaignLeadState, CampaignProgress } from './api';

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

const cev = (
  type: string,
  campaign: Partial<CampaignEventMessage['campaign']>,
): CampaignEventMessage => ({
  type,
  campaign: { id: 3, owner_id: 9, status: 'active', waiting_reason: '', ...campaign },
});

describe('campaign events', () => {
  it('move the named campaign of a list to its new status and reason, no other', () => {
    const list = [
      { id: 3, status: 'draft', waiting_reason: null as string | null, name: 'a' },
      { id: 4, status: 'draft', waiting_reason: null as string | null, name: 'b' },
    ];
    const a = applyCampaignEvent(list, cev('campaign.status', { waiting_reason: 'all lines busy' }));
    expect(a[0]).toEqual({ id: 3, status: 'active', waiting_reason: 'all lines busy', name: 'a' });
    expect(a[1]).toBe(list[1]);
    const b = applyCampaignEvent(a, cev('campaign.done', { status: 'done' }));
    expect(b[0].status).toBe('done');
    expect(b[0].waiting_reason).toBeNull();
    expect(applyCampaignEvent(list, cev('campaign.status', { id: 77 }))).toBe(list);
    // A progress event's status may predate a pause: it moves the lead, not the campaign.
    expect(applyCampaignEvent(b, cev('campaign.progress', { status: 'active' }))).toBe(b);
  });

  it('move a lead row and the progress header', () => {
    const leads: CampaignLeadState[] = [
      { lead_id: 5, state: 'pending', skip_reason: null, attempts: 0, last_outcome: null, next_attempt_at: null, call_ids: [], line: null },
      { lead_id: 6, state: 'pending', skip_reason: null, attempts: 0, last_outcome: null, next_attempt_at: null, call_ids: [], line: null },
    ];
    const lead = (state: string, last_outcome: string | null, call_id: number | null) =>
      cev('campaign.progress', { lead: { lead_id: 5, state, last_outcome, call_id } });
    let l = applyLeadEvent(leads, lead('calling', null, 40));
    expect(l[0]).toMatchObject({ state: 'calling', call_ids: [40], last_outcome: null });
    expect(l[1]).toBe(leads[1]);
    l = applyLeadEvent(l, lead('retry_wait', 'busy', 40));
    expect(l[0]).toMatchObject({ state: 'retry_wait', call_ids: [40], last_outcome: 'busy' });
    expect(applyLeadEvent(l, cev('campaign.status', {}))).toBe(l);
    const p: CampaignProgress = {
      status: 'draft', waiting_reason: null, total: 2, by_state: {}, by_outcome: {}, in_flight: 0, attempts: 0,
    };
    expect(applyProgressEvent(p, cev('campaign.status', { waiting_reason: 'trunk down' }))).toMatchObject({
      status: 'active', waiting_reason: 'trunk down', total: 2,
    });
    expect(applyProgressEvent(p, cev('campaign.progress', {}))).toBe(p);
  });

  it('reach every subscriber until it unsubscribes', () => {
    const feed = new CampaignFeed();
    const a: number[] = [];
    const b: number[] = [];
    const offA = feed.subscribe((m) => a.push(m.campaign.id));
    feed.subscribe((m) => b.push(m.campaign.id));
    feed.publish(cev('campaign.status', { id: 1 }));
    offA();
    feed.publish(cev('campaign.status', { id: 2 }));
    expect(a).toEqual([1]);
    expect(b).toEqual([1, 2]);
  });

  it('poll only while the socket is down, and fetch once when it is back', () => {
    expect(streamPlan(null, 'open')).toEqual({ reload: false, poll: false });
    expect(streamPlan('open', 'closed')).toEqual({ reload: false, poll: true });
    expect(streamPlan('closed', 'connecting')).toEqual({ reload: false, poll: true });
    expect(streamPlan('connecting', 'open')).toEqual({ reload: true, poll: false });
    expect(streamPlan('open', 'open')).toEqual({ reload: false, poll: false });
    expect(streamPlan(null, 'connecting')).toEqual({ reload: false, poll: true });
  });
});
