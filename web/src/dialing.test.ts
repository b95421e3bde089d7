import { describe, expect, it } from 'vitest';
import type { CampaignProgress, Dialing } from './api';
import { fromForm, leadRows, lineNames, progressPercent, runActions, toForm } from './dialing';

const dialing: Dialing = {
  max_concurrent: 4,
  calls_per_minute: 30,
  max_attempts: 3,
  retry_after_s: { busy: 600, no_answer: 1800, rejected: null, unreachable: 900, failed: 900 },
  calling_hours: { from: '09:00', to: '20:00', days: [1, 2, 3, 4, 5] },
  lines: ['gsm1', 'gsm2'],
};

describe('dialing settings form', () => {
  it('round-trips the API object, a null retry as an empty field', () => {
    const form = toForm(dialing);
    expect(form.retry.rejected).toBe('');
    expect(form.lines).toBe('gsm1, gsm2');
    expect(fromForm(form)).toEqual({ dialing });
  });
  it('names the field that is not a number', () => {
    const form = { ...toForm(dialing), calls_per_minute: '3o' };
    expect(fromForm(form)).toEqual({ error: 'Calls per minute must be a whole number' });
    const retry = { ...toForm(dialing), retry: { ...toForm(dialing).retry, no_answer: 'x' } };
    expect(fromForm(retry)).toEqual({ error: 'Retry after no answer must be a whole number' });
  });
  it('passes negative numbers on for the server to refuse with its own message', () => {
    const form = { ...toForm(dialing), max_concurrent: '-1' };
    const out = fromForm(form);
    expect('dialing' in out && out.dialing.max_concurrent).toBe(-1);
  });
});

describe('campaign progress', () => {
  const progress = (by_state: Record<string, number>, total: number): CampaignProgress => ({
    status: 'active',
    waiting_reason: null,
    total,
    by_state,
    by_outcome: {},
    in_flight: 0,
    attempts: 0,
  });
  it('counts done and skipped leads as finished', () => {
    expect(progressPercent(progress({ done: 3, skipped: 1, pending: 4 }, 8))).toBe(50);
    expect(progressPercent(progress({}, 0))).toBe(0);
  });
  it('offers the buttons the status allows', () => {
    expect(runActions('draft')).toEqual(['start']);
    expect(runActions('active')).toEqual(['pause', 'stop']);
    expect(runActions('paused')).toEqual(['start', 'stop']);
    expect(runActions('done')).toEqual([]);
  });
});

describe('lead table', () => {
  it('shows skip reasons, due and future attempts', () => {
    const rows = leadRows(
      [
        { lead_id: 1, state: 'retry_wait', skip_reason: null, attempts: 1, last_outcome: 'busy',
          next_attempt_at: 5000, call_ids: [9], line: 'gsm1' },
        { lead_id: 2, state: 'pending', skip_reason: null, attempts: 0, last_outcome: null,
          next_attempt_at: 0, call_ids: [], line: null },
        { lead_id: 3, state: 'skipped', skip_reason: 'do_not_call', attempts: 0,
          last_outcome: null, next_attempt_at: null, call_ids: [], line: null },
      ],
      1000,
      (ms) => `t${ms}`,
    );
    expect(rows.map((r) => r.nextAttempt)).toEqual(['t5000', 'due', '—']);
    expect(rows[2].state).toBe('skipped (do_not_call)');
    expect(rows[0].lastOutcome).toBe('busy');
    expect(rows[0].calls).toBe(1);
  });
});

describe('lineNames', () => {
  it('splits a comma-separated list, trimming and dropping empty names', () => {
    expect(lineNames(' gsm1, gsm2 ,,')).toEqual(['gsm1', 'gsm2']);
    expect(lineNames('')).toEqual([]);
    expect(lineNames('  ')).toEqual([]);
  });
});
