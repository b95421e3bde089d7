// Formatters shared by the pages: durations, times, SSRCs, outcome labels.
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) ms = 0;
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(h ? 2 : 1, '0');
  const ss = String(sec).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

export function formatTime(ms: number | null | undefined): string {
  if (!ms) return '—';
  return new Date(ms).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function formatSsrc(ssrc: number | null | undefined): string {
  if (!ssrc) return '—';
  return '0x' + (ssrc >>> 0).toString(16).padStart(8, '0');
}

export function humanize(code: string | null | undefined): string {
  if (!code) return '—';
  const s = code.replace(/[_-]+/g, ' ').trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// Call duration: answered -> ended (or now while live); 0 when never answered.
export function callDuration(answeredAt: number | null, endedAt: number | null, now: number) {
  if (!answeredAt) return 0;
  return (endedAt || now) - answeredAt;
}

// Outcome mix as sorted [label, count, fraction] rows for the dashboard.
export function outcomeRows(outcomes: Record<string, number>): [string, number, number][] {
  const total = Object.values(outcomes).reduce((a, b) => a + b, 0);
  return Object.entries(outcomes)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, v]) => [k, v, total ? v / total : 0]);
}

export const E164 = /^\+[1-9][0-9]{1,14}$/;
