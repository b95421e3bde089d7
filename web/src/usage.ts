// Usage and cost display: the server's estimates (GET /api/usage, a call's "usage").
import type { UsageTotal } from './api';

// "$0.0614" below a dollar (cents hide a call's cost), "$12.35" above.
export function formatCost(usd: number): string {
  if (!Number.isFinite(usd) || usd <= 0) return '$0.00';
  return usd < 1 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

// Minutes talked: "0:45" under an hour is m:ss; "2 h 05 min" above.
export function formatTalk(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 3600) return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  const h = Math.floor(s / 3600);
  return `${h} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  if (n >= 10_000) return `${Math.round(n / 1000)}k`;
  return String(n);
}

// The first day of this month and today, as the API's YYYY-MM-DD (UTC, as the server counts).
export function monthRange(now: Date): { from: string; to: string } {
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  return { from: iso(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))), to: iso(now) };
}

// The rows to show: the costliest first (the server's order), at most `limit`.
export function topRows<T extends UsageTotal>(rows: T[], limit = 5): T[] {
  return rows.slice(0, limit);
}
