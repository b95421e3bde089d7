// Dashboard: live calls (from /api/events), today's numbers, outcome mix, calls per day.
import { useEffect, useState } from 'react';
import { api, errorText, type Stats, type UsageReport } from '../api';
import { useSession } from '../App';
import { callDuration, formatDuration, humanize, outcomeRows } from '../format';
import { activeCalls } from '../live';
import { Link } from '../router';
import { Badge, Empty, ErrorBox, Loading } from '../ui';
import { formatCost, formatTalk, formatTokens, monthRange, topRows } from '../usage';
import { CallDialog } from './CallDialog';
import { useNow } from './useNow';

export function DashboardPage() {
  const { live } = useSession();
  const [stats, setStats] = useState<Stats | null>(null);
  const [usage, setUsage] = useState<UsageReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState(false);
  const now = useNow();
  const active = activeCalls(live);
  const activeCount = active.length;
  // Any call starting, changing state or ending refreshes the numbers.
  const liveKey = Object.values(live)
    .map((c) => `${c.id}:${c.status}`)
    .join(',');

  useEffect(() => {
    api.stats(14).then(setStats, (e) => setError(errorText(e)));
    const range = monthRange(new Date());
    api.usage(range.from, range.to).then(setUsage, (e) => setError(errorText(e)));
  }, [liveKey]);

  return (
    <section>
      <div className="page-head">
        <h1>Dashboard</h1>
        <button type="button" className="primary" onClick={() => setDialog(true)}>
          New call
        </button>
      </div>
      <ErrorBox error={error} />
      <div className="tiles">
        <Tile label="Active calls" value={stats ? Math.max(stats.active, activeCount) : '…'} />
        <Tile label="Calls today" value={stats?.today ?? '…'} />
        <Tile label={`Calls, last ${stats?.days ?? 14} days`} value={stats?.total ?? '…'} />
      </div>
      <div className="grid2">
        <div className="card">
          <h2>Live calls</h2>
          {active.length === 0 ? (
            <Empty>No calls in progress.</Empty>
          ) : (
            <ul className="live-list" aria-live="polite">
              {active.map((c) => (
                <li key={c.id}>
                  <Link to={`/calls/${c.id}`}>
                    Call #{c.id} · {c.peer || 'unknown'}
                  </Link>
                  <Badge value={c.status} />
                  <span className="mono">
                    {formatDuration(callDuration(c.answered_at, c.ended_at, now))}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="card">
          <h2>Outcome mix</h2>
          {!stats ? (
            <Loading />
          ) : Object.keys(stats.outcomes).length === 0 ? (
            <Empty>No finished calls in this period yet.</Empty>
          ) : (
            <table className="bars">
              <caption className="sr-only">Calls by outcome</caption>
              <tbody>
                {outcomeRows(stats.outcomes).map(([k, v, f]) => (
                  <tr key={k}>
                    <th scope="row">{humanize(k)}</th>
                    <td>
                      <span className="bar" style={{ width: `${Math.max(2, f * 100)}%` }} />
                    </td>
                    <td className="num">{v}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
      <UsageCard usage={usage} />
      <div className="card">
        <h2 id="per-day">Calls per day</h2>
        {stats ? <DayChart data={stats.per_day} /> : <Loading />}
      </div>
      {dialog && <CallDialog onClose={() => setDialog(false)} />}
    </section>
  );
}

// This month's usage and estimated cost (GET /api/usage), in the viewer's scope.
function UsageCard({ usage }: { usage: UsageReport | null }) {
  if (!usage) {
    return (
      <div className="card">
        <h2>Usage this month</h2>
        <Loading />
      </div>
    );
  }
  const t = usage.total;
  return (
    <div className="card" aria-labelledby="usage-head">
      <h2 id="usage-head">Usage this month</h2>
      <div className="tiles" data-testid="usage-totals">
        <Tile label="Minutes talked" value={formatTalk(t.talk_s)} />
        <Tile label="AI tokens in / out" value={`${formatTokens(t.input_tokens)} / ${formatTokens(t.output_tokens)}`} />
        <Tile label="Estimated cost" value={formatCost(t.cost)} />
      </div>
      {t.calls === 0 ? (
        <Empty>No calls this month yet.</Empty>
      ) : (
        <div className="grid3">
          <UsageTable
            caption="By user"
            rows={topRows(usage.by_user).map((r) => ({ key: `u${r.user_id}`, name: r.username, t: r }))}
          />
          <UsageTable
            caption="By campaign"
            rows={topRows(usage.by_campaign).map((r) => ({ key: `c${r.campaign_id}`, name: r.name, t: r }))}
          />
          <UsageTable
            caption="By key"
            rows={topRows(usage.by_key).map((r) => ({
              key: `k${r.key_fingerprint}`,
              name: r.key_fingerprint || 'simulator',
              t: r,
            }))}
          />
        </div>
      )}
      <p className="hint">Costs are estimates from the server's price table (ai.prices).</p>
    </div>
  );
}

function UsageTable({
  caption,
  rows,
}: {
  caption: string;
  rows: { key: string; name: string; t: { calls: number; talk_s: number; cost: number } }[];
}) {
  return (
    <table className="table compact">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Calls</th>
          <th scope="col">Talked</th>
          <th scope="col">Cost</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={4}>None</td>
          </tr>
        ) : (
          rows.map((r) => (
            <tr key={r.key}>
              <td className={r.key.startsWith('k') ? 'mono' : undefined}>{r.name}</td>
              <td className="num">{r.t.calls}</td>
              <td className="num">{formatTalk(r.t.talk_s)}</td>
              <td className="num">{formatCost(r.t.cost)}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

function Tile({ label, value }: { label: string; value: number | string }) {
  return (
    <div className="tile">
      <div className="tile-value">{value}</div>
      <div className="tile-label">{label}</div>
    </div>
  );
}

export function DayChart({ data }: { data: { date: string; calls: number }[] }) {
  const w = 960;
  const h = 170;
  const left = 36;
  const top = 12;
  const max = Math.max(1, ...data.map((d) => d.calls));
  const bw = (w - left - 8) / Math.max(1, data.length);
  const total = data.reduce((a, d) => a + d.calls, 0);
  // Every other day is labelled, counted back from today so today always has its label.
  const labelled = (i: number) => data.length <= 8 || (data.length - 1 - i) % 2 === 0;
  return (
    <svg
      viewBox={`0 0 ${w} ${h + 22}`}
      className="chart"
      role="img"
      aria-labelledby="per-day"
      aria-describedby="per-day-desc"
    >
      <desc id="per-day-desc">{data.map((d) => `${d.date}: ${d.calls}`).join('; ')}</desc>
      <line x1={left} y1={h} x2={w - 8} y2={h} className="axis" />
      <line x1={left} y1={top} x2={w - 8} y2={top} className="grid" />
      <text x={left - 6} y={top + 4} className="label" textAnchor="end">
        {max}
      </text>
      <text x={left - 6} y={h + 4} className="label" textAnchor="end">
        0
      </text>
      {total === 0 && (
        <text x={(w + left) / 2} y={h / 2 + 6} className="label empty-label" textAnchor="middle">
          No calls in this period
        </text>
      )}
      {data.map((d, i) => {
        const bh = ((h - top) * d.calls) / max;
        return (
          <g key={d.date}>
            <rect x={left + i * bw + 3} y={h - bh} width={Math.max(1, bw - 6)} height={bh}>
              <title>{`${d.date}: ${d.calls} calls`}</title>
            </rect>
            {labelled(i) && (
              <text x={left + i * bw + bw / 2} y={h + 16} className="label" textAnchor="middle">
                {d.date.slice(5)}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
