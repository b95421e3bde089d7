import { describe, expect, it } from 'vitest';
import type { WebhookTry } from './api';
import { deliveryState, subject, tryOk, tryResult, WEBHOOK_EVENTS } from './webhooks';

const base: WebhookTry = {
  id: 1,
  delivery_id: 4,
  event: 'call.ended',
  call_id: 12,
  campaign_id: null,
  attempt: 1,
  status_code: 200,
  error: null,
  at: 1000,
  duration_ms: 3,
  delivery_status: 'delivered',
  next_attempt_at: null,
};

describe('webhook delivery log rows', () => {
  it('reads a success, an HTTP failure and no answer', () => {
    expect(tryResult(base)).toBe('HTTP 200 OK');
    expect(tryOk(base)).toBe(true);
    const refused = { ...base, status_code: 500, error: 'HTTP 500: boom', delivery_status: 'pending' as const };
    expect(tryResult(refused)).toBe('HTTP 500');
    expect(tryOk(refused)).toBe(false);
    const down = { ...base, status_code: null, error: 'connect 127.0.0.1: Connection refused' };
    expect(tryResult(down)).toBe('connect 127.0.0.1: Connection refused');
    expect(tryOk(down)).toBe(false);
  });
  it('says what comes next', () => {
    const f = (ms: number) => `t${ms}`;
    const failedTry = { ...base, status_code: null, error: 'timed out' };
    expect(deliveryState(base, f)).toBe('delivered');
    expect(deliveryState(failedTry, f)).toBe('retried');
    expect(deliveryState({ ...failedTry, delivery_status: 'failed' }, f)).toBe('gave up');
    expect(deliveryState({ ...failedTry, delivery_status: 'pending', next_attempt_at: 5 }, f)).toBe('retry at t5');
  });
  it('names the call or the campaign', () => {
    expect(subject(base)).toBe('call 12');
    expect(subject({ ...base, call_id: null, campaign_id: 3, event: 'campaign.done' })).toBe('campaign 3');
  });
  it('offers exactly the events of the contract', () => {
    expect(WEBHOOK_EVENTS.map((e) => e.name)).toEqual(['call.ended', 'call.analyzed', 'campaign.done']);
  });
});
