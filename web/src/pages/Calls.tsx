// Call history: newest first, paged; live calls show their live status.
import { useEffect, useState } from 'react';
import { api, errorText, type CallRecord, type Paged } from '../api';
import { useSession } from '../App';
import { formatDuration, formatTime, humanize } from '../format';
import { Link } from '../router';
import { Badge, Empty, ErrorBox, Loading, Pager } from '../ui';
import { CallDialog } from './CallDialog';

const PER_PAGE = 25;

export function CallsPage() {
  const { live } = useSession();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Paged<CallRecord> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState(false);
  const liveKey = Object.values(live)
    .map((c) => `${c.id}:${c.status}`)
    .join(',');

  useEffect(() => {
    api.calls(page, PER_PAGE).then(
      (d) => {
        setData(d);
        setError(null);
      },
      (e) => setError(errorText(e)),
    );
  }, [page, liveKey]);

  return (
    <section>
      <div className="page-head">
        <h1>Calls</h1>
        <button type="button" className="primary" onClick={() => setDialog(true)}>
          New call
        </button>
      </div>
      <ErrorBox error={error} />
      {!data ? (
        !error && <Loading />
      ) : data.items.length === 0 ? (
        <Empty>No calls yet. Start one with “New call”.</Empty>
      ) : (
        <>
          <table className="table">
            <caption className="sr-only">Call history</caption>
            <thead>
              <tr>
                <th scope="col">Call</th>
                <th scope="col">When</th>
                <th scope="col">Direction</th>
                <th scope="col">Number</th>
                <th scope="col">Status</th>
                <th scope="col">Outcome</th>
                <th scope="col">Duration</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((c) => {
                const status = live[c.id]?.status ?? c.status;
                return (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/calls/${c.id}`}>#{c.id}</Link>
                    </td>
                    <td>{formatTime(c.created_at)}</td>
                    <td>{humanize(c.direction)}</td>
                    <td className="mono">{c.direction === 'inbound' ? c.from : c.to}</td>
                    <td>
                      <Badge value={status} />
                    </td>
                    <td>{humanize(c.outcome ?? c.end_reason)}</td>
                    <td className="mono">
                      {c.answered_at && c.ended_at
                        ? formatDuration(c.ended_at - c.answered_at)
                        : '—'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <Pager page={page} perPage={PER_PAGE} total={data.total} onPage={setPage} />
        </>
      )}
      {dialog && <CallDialog onClose={() => setDialog(false)} />}
    </section>
  );
}
