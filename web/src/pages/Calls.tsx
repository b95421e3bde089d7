// Call history: newest first, paged; live calls show their live status.
import { useEffect, useState } from 'react';
import { api, errorText, type CallRecord, type Paged } from '../api';
import { useSession } from '../App';
import { formatDuration, formatTime, humanize } from '../format';
import { Link } from '../router';
import { DataTable, type Column } from '../table';
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

  const columns: Column<CallRecord>[] = [
    { header: 'Call', cell: (c) => <Link to={`/calls/${c.id}`}>#{c.id}</Link> },
    { header: 'When', cell: (c) => formatTime(c.created_at) },
    { header: 'Direction', cell: (c) => humanize(c.direction) },
    {
      header: 'Number',
      cell: (c) => (c.direction === 'inbound' ? c.from : c.to),
      className: 'mono',
    },
    { header: 'Status', cell: (c) => <Badge value={live[c.id]?.status ?? c.status} /> },
    { header: 'Outcome', cell: (c) => humanize(c.outcome ?? c.end_reason) },
    {
      header: 'Duration',
      cell: (c) =>
        c.answered_at && c.ended_at ? formatDuration(c.ended_at - c.answered_at) : '—',
      className: 'mono',
    },
  ];

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
        <div className="row-inline">
          <a className="button" href="/api/calls.csv" download>
            Export CSV
          </a>
          <button type="button" className="primary" onClick={() => setDialog(true)}>
            New call
          </button>
        </div>
      </div>
      <ErrorBox error={error} />
      {!data ? (
        !error && <Loading />
      ) : data.items.length === 0 ? (
        <Empty>No calls yet. Start one with “New call”.</Empty>
      ) : (
        <>
          <DataTable
            caption="Call history"
            columns={columns}
            rows={data.items}
            rowKey={(c) => c.id}
          />
          <Pager page={page} perPage={PER_PAGE} total={data.total} onPage={setPage} />
        </>
      )}
      {dialog && <CallDialog onClose={() => setDialog(false)} />}
    </section>
  );
}
