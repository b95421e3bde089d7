// Conversions: leads whose last call ended interested or asking for a callback, with what the
// analysis found (GET /api/conversions), latest first.
import { useEffect, useState } from 'react';
import { api, errorText, type Conversion } from '../api';
import { formatTime } from '../format';
import { Link } from '../router';
import { DataTable, type Column } from '../table';
import { Badge, Empty, ErrorBox, Loading } from '../ui';
import { fieldText } from './AnalysisCard';

export function ConversionsPage() {
  const [items, setItems] = useState<Conversion[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.conversions().then(
      (r) => {
        setItems(r.items);
        setError(null);
      },
      (e) => setError(errorText(e)),
    );
  }, []);

  const columns: Column<Conversion>[] = [
    { header: 'Lead', cell: (c) => c.lead_name },
    { header: 'Phone', cell: (c) => c.phone, className: 'mono' },
    { header: 'Disposition', cell: (c) => <Badge value={c.disposition} /> },
    { header: 'Call back', cell: (c) => (c.callback_at ? formatTime(c.callback_at) : '—') },
    { header: 'Summary', cell: (c) => c.summary },
    {
      header: 'Fields',
      cell: (c) =>
        Object.entries(c.fields)
          .filter(([, v]) => v !== null)
          .map(([k, v]) => `${k}: ${fieldText(v)}`)
          .join(', ') || '—',
    },
    { header: 'Call', cell: (c) => <Link to={`/calls/${c.call_id}`}>#{c.call_id}</Link> },
  ];

  return (
    <section>
      <div className="page-head">
        <h1>Conversions</h1>
      </div>
      <ErrorBox error={error} />
      {!items ? (
        !error && <Loading />
      ) : items.length === 0 ? (
        <Empty>No interested leads yet: they appear here once their calls are analysed.</Empty>
      ) : (
        <DataTable
          caption="Leads interested or asking for a callback"
          columns={columns}
          rows={items}
          rowKey={(c) => c.lead_id}
        />
      )}
    </section>
  );
}
