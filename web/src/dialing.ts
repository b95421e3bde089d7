// Campaign dialing: the settings form's values <-> the API's `dialing` object, the progress
// bar's share, and the per-lead table's rows. Pure functions, tested in dialing.test.ts.
import type { CampaignLeadState, CampaignProgress, Dialing } from './api';

export const OUTCOMES = ['busy', 'no_answer', 'rejected', 'unreachable', 'failed'] as const;
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

// The form keeps every field as text, so a half-typed number is not lost while editing.
export interface DialingForm {
  max_concurrent: string;
  calls_per_minute: string;
  max_attempts: string;
  retry: Record<(typeof OUTCOMES)[number], string>; // "" = no retry
  from: string;
  to: string;
  days: number[];
  lines: string;
}

export function toForm(d: Dialing): DialingForm {
  const retry = {} as DialingForm['retry'];
  for (const o of OUTCOMES) retry[o] = d.retry_after_s[o] === null ? '' : String(d.retry_after_s[o]);
  return {
    max_concurrent: String(d.max_concurrent),
    calls_per_minute: String(d.calls_per_minute),
    max_attempts: String(d.max_attempts),
    retry,
    from: d.calling_hours.from,
    to: d.calling_hours.to,
    days: [...d.calling_hours.days],
    lines: d.lines.join(', '),
  };
}

// The form as the API's object, or the first field that is not a whole number (the server
// checks ranges and names the field itself).
export function fromForm(f: DialingForm): { dialing: Dialing } | { error: string } {
  const int = (label: string, text: string): number | string => {
    const t = text.trim();
    return /^-?\d+$/.test(t) ? Number(t) : `${label} must be a whole number`;
  };
  const fields = {
    max_concurrent: int('Max concurrent', f.max_concurrent),
    calls_per_minute: int('Calls per minute', f.calls_per_minute),
    max_attempts: int('Max attempts', f.max_attempts),
  };
  for (const v of Object.values(fields)) if (typeof v === 'string') return { error: v };
  const retry = {} as Dialing['retry_after_s'];
  for (const o of OUTCOMES) {
    if (f.retry[o].trim() === '') {
      retry[o] = null;
      continue;
    }
    const v = int(`Retry after ${o.replace('_', ' ')}`, f.retry[o]);
    if (typeof v === 'string') return { error: v };
    retry[o] = v;
  }
  return {
    dialing: {
      max_concurrent: fields.max_concurrent as number,
      calls_per_minute: fields.calls_per_minute as number,
      max_attempts: fields.max_attempts as number,
      retry_after_s: retry,
      calling_hours: { from: f.from, to: f.to, days: [...f.days].sort((a, b) => a - b) },
      lines: lineNames(f.lines),
    },
  };
}

// "gsm1, gsm2" -> ["gsm1", "gsm2"] (a campaign's or a user's lines; the server checks them).
export function lineNames(text: string): string[] {
  return text
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
}

// Finished leads (done or skipped) as a whole percent of all leads.
export function progressPercent(p: CampaignProgress): number {
  if (p.total === 0) return 0;
  const finished = (p.by_state.done ?? 0) + (p.by_state.skipped ?? 0);
  return Math.round((finished * 100) / p.total);
}

export interface LeadRow {
  leadId: number;
  state: string;
  attempts: number;
  lastOutcome: string;
  nextAttempt: string;
  calls: number;
}

// `now` and `format` are passed in so the table reads the same in tests and in any zone.
export function leadRows(
  items: CampaignLeadState[],
  now: number,
  format: (ms: number) => string,
): LeadRow[] {
  return items.map((l) => ({
    leadId: l.lead_id,
    state: l.state === 'skipped' && l.skip_reason ? `skipped (${l.skip_reason})` : l.state,
    attempts: l.attempts,
    lastOutcome: l.last_outcome ?? '—',
    nextAttempt:
      l.next_attempt_at === null || (l.state !== 'pending' && l.state !== 'retry_wait')
        ? '—'
        : l.next_attempt_at <= now
          ? 'due'
          : format(l.next_attempt_at),
    calls: l.call_ids.length,
  }));
}

// Which run buttons a campaign in `status` offers.
export function runActions(status: string): ('start' | 'pause' | 'stop')[] {
  switch (status) {
    case 'active':
      return ['pause', 'stop'];
    case 'paused':
      return ['start', 'stop'];
    case 'done':
      return [];
    default:
      return ['start'];
  }
}
