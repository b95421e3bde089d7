import { useEffect, useRef } from 'react';
import { useSession } from '../App';
import type { CampaignEventMessage } from '../events';
import { streamPlan } from '../live';

// A campaign view follows the campaign events of /api/events (`onEvent`), and falls back to
// fetching (`reload`) every `fallbackMs` only while the socket is down, plus once when it is
// back (events sent meanwhile were lost).
export function useCampaignFeed(
  onEvent: (m: CampaignEventMessage) => void,
  reload: () => void,
  fallbackMs = 10000,
) {
  const { campaigns, stream } = useSession();
  useEffect(() => campaigns.subscribe(onEvent), [campaigns, onEvent]);
  const prev = useRef<typeof stream | null>(null);
  useEffect(() => {
    const plan = streamPlan(prev.current, stream);
    prev.current = stream;
    if (plan.reload) reload();
    if (!plan.poll) return;
    const t = setInterval(reload, fallbackMs);
    return () => clearInterval(t);
  }, [stream, reload, fallbackMs]);
}

// `fn` at most once per `ms`, the last call of a burst included (events can come by the
// hundred a minute; each fetch of a view costs three requests).
export function useThrottled(fn: () => void, ms: number): () => void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const ref = useRef(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      latest.current();
    }, ms);
  });
  return ref.current;
}
