import { describe, expect, it } from 'vitest';
import { callDuration, E164, formatDuration, formatSsrc, humanize, outcomeRows } from './format';

describe('formatters', () => {
  it('formats durations as m:ss or h:mm:ss', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65_000)).toBe('1:05');
    expect(formatDuration(3_600_000 + 61_000)).toBe('1:01:01');
    expect(formatDuration(-5)).toBe('0:00');
    expect(formatDuration(NaN)).toBe('0:00');
  });
  it('measures a call from answer to end, or to now while live', () => {
    expect(callDuration(null, null, 5000)).toBe(0);
    expect(callDuration(1000, null, 5000)).toBe(4000);
    expect(callDuration(1000, 3000, 5000)).toBe(2000);
  });
  it('shows SSRCs as 32-bit hex', () => {
    expect(formatSsrc(0xdeadbeef)).toBe('0xdeadbeef');
    expect(formatSsrc(1)).toBe('0x00000001');
    expect(formatSsrc(0)).toBe('—');
  });
  it('humanizes codes', () => {
    expect(humanize('do_not_call')).toBe('Do not call');
    expect(humanize(null)).toBe('—');
  });
  it('orders the outcome mix by count with fractions', () => {
    expect(outcomeRows({ a: 1, b: 3 })).toEqual([
      ['b', 3, 0.75],
      ['a', 1, 0.25],
    ]);
    expect(outcomeRows({})).toEqual([]);
  });
  it('accepts E.164 numbers only', () => {
    expect(E164.test('+15551234567')).toBe(true);
    expect(E164.test('5551234567')).toBe(false);
    expect(E164.test('+0123')).toBe(false);
  });
});
