import { describe, expect, it } from 'vitest';
import { formatCost, formatTalk, formatTokens, monthRange, topRows } from './usage';

describe('usage formatting', () => {
  it('shows small costs with four decimals and large ones with two', () => {
    expect(formatCost(0.0614)).toBe('$0.0614');
    expect(formatCost(12.345)).toBe('$12.35');
    expect(formatCost(0)).toBe('$0.00');
    expect(formatCost(Number.NaN)).toBe('$0.00');
  });
  it('shows talk time as m:ss, then hours', () => {
    expect(formatTalk(45)).toBe('0:45');
    expect(formatTalk(693)).toBe('11:33');
    expect(formatTalk(7500)).toBe('2 h 05 min');
  });
  it('shortens token counts', () => {
    expect(formatTokens(9999)).toBe('9999');
    expect(formatTokens(12_400)).toBe('12k');
    expect(formatTokens(3_250_000)).toBe('3.3M');
  });
  it('covers this month in UTC', () => {
    expect(monthRange(new Date(Date.UTC(2026, 11, 7, 13, 0)))).toEqual({ from: '2026-12-01', to: '2026-12-07' });
  });
  it('keeps the first rows', () => {
    const row = { calls: 1, input_tokens: 0, output_tokens: 0, talk_s: 0, cost: 0 };
    expect(topRows([row, row, row], 2)).toHaveLength(2);
  });
});
