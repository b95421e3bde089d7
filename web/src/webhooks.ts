// Webhooks page logic: the event names an endpoint may subscribe to, and how one try of the
// delivery log reads (its result and what happens next).
import type { WebhookTry } from './api';

export const WEBHOOK_EVENTS: { name: string; label: string }[] = [
  { name: 'call.ended', label: 'Call ended' },
  { name: 'call.analyzed', label: 'Call analyzed' },
  { name: 'campaign.done', label: 'Campaign done' },
];

// "200", or the reason there was no answer.
export function tryResult(t: WebhookTry): string {
  if (t.status_code !== null) {
    return t.error ? `HTTP ${t.status_code}` : `HTTP ${t.status_code} OK`;
  }
  return t.error ?? 'no answer';
}

export function tryOk(t: WebhookTry): boolean {
  return t.status_code !== null && t.status_code >= 200 && t.status_code < 300;
}

// What followed this try: delivered by it, retried (a later try delivered it or is due), or
// given up.
export function deliveryState(t: WebhookTry, format: (ms: number) => string): string {
  if (tryOk(t)) return 'delivered';
  if (t.delivery_status === 'delivered') return 'retried';
  if (t.delivery_status === 'failed') return 'gave up';
  return t.next_attempt_at ? `retry at ${format(t.next_attempt_at)}` : 'retrying';
}

// A try's time to the second: retries come seconds apart.
export function formatTryTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, {
    month: 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

// What the event was about: "call 12" or "campaign 3".
export function subject(t: WebhookTry): string {
  if (t.call_id !== null) return `call ${t.call_id}`;
  if (t.campaign_id !== null) return `campaign ${t.campaign_id}`;
  return '—';
}
