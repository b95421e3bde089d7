// Leads: search, status filter, paging, create/edit, CSV import with per-row errors.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, errorText, type Lead, type Paged, type RowError } from '../api';
import { bindField, FormActions, SelectField, TextAreaField, TextField } from '../form';
import { DataTable, type Column } from '../table';
import { Badge, Empty, ErrorBox, Loading, Modal, Pager } from '../ui';
import { CallDialog } from './CallDialog';

export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'lost', 'do_not_call'];
const PER_PAGE = 25;
const STATUS_CHOICES = LEAD_STATUSES.map((s) => ({ value: s, label: s.replace(/_/g, ' ') }));

const COLUMNS: Column<Lead>[] = [
  { header: 'Name', cell: (l) => l.name },
  { header: 'Phone', cell: (l) => l.phone, className: 'mono' },
  { header: 'Company', cell: (l) => l.company },
  { header: 'Email', cell: (l) => l.email },
  { header: 'Status', cell: (l) => <Badge value={l.status} /> },
];

const ROW_ERROR_COLUMNS: Column<RowError>[] = [
  { header: 'Row', cell: (r) => r.row },
  { header: 'Line', cell: (r) => r.line },
  { header: 'Problem', cell: (r) => r.message },
];

export function LeadsPage() {
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Paged<Lead> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Partial<Lead> | null>(null);
  const [importing, setImporting] = useState(false);
  const [calling, setCalling] = useState<Lead | null>(null);

  const load = useCallback(() => {
    api.leads({ q, status, page, per_page: PER_PAGE }).then(
      (d) => {
        setData(d);
        setError(null);
      },
      (e) => setError(errorText(e)),
    );
  }, [q, status, page]);

  useEffect(() => {
    const t = setTimeout(load, 200); // typing in the search box: one request per pause
    return () => clearTimeout(t);
  }, [load]);

  return (
    <section>
      <div className="page-head">
        <h1>Leads</h1>
        <div className="actions">
          <button type="button" onClick={() => setImporting(true)}>
            Import CSV
          </button>
          <button type="button" className="primary" onClick={() => setEditing({ status: 'new' })}>
            New lead
          </button>
        </div>
      </div>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <TextField
          label="Search"
          type="search"
          placeholder="Name, phone, email or company"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setPage(1);
          }}
        />
        <SelectField
          label="Status"
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          choices={[{ value: '', label: 'Any' }, ...STATUS_CHOICES]}
        />
      </form>
      <ErrorBox error={error} />
      {!data ? (
        !error && <Loading />
      ) : data.items.length === 0 ? (
        <Empty>
          {q || status ? 'No leads match this search.' : 'No leads yet: add one or import a CSV.'}
        </Empty>
      ) : (
        <>
          <DataTable
            caption="Leads"
            columns={COLUMNS}
            rows={data.items}
            rowKey={(l) => l.id}
            actions={(l) => (
              <>
                <button type="button" onClick={() => setCalling(l)} aria-label={`Call ${l.name}`}>
                  Call
                </button>
                <button type="button" onClick={() => setEditing(l)} aria-label={`Edit ${l.name}`}>
                  Edit
                </button>
              </>
            )}
          />
          <Pager page={page} perPage={PER_PAGE} total={data.total} onPage={setPage} />
        </>
      )}
      {editing && (
        <LeadForm
          lead={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            load();
          }}
        />
      )}
      {importing && (
        <ImportDialog
          onClose={() => setImporting(false)}
          onDone={() => {
            setImporting(false);
            load();
          }}
        />
      )}
      {calling && <CallDialog lead={calling} onClose={() => setCalling(null)} />}
    </section>
  );
}

function LeadForm(props: { lead: Partial<Lead>; onClose: () => void; onSaved: () => void }) {
  const [l, setL] = useState<Partial<Lead>>(props.lead);
  const [error, setError] = useState<string | null>(null);
  const isNew = !props.lead.id;
  const bind = (k: keyof Lead) => bindField(l, setL, k);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      name: l.name,
      phone: l.phone,
      email: l.email ?? '',
      company: l.company ?? '',
      country: l.country ?? '',
      notes: l.notes ?? '',
      status: l.status ?? 'new',
    };
    try {
      if (isNew) await api.createLead(body);
      else await api.updateLead(props.lead.id!, body);
      props.onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const remove = async () => {
    if (!confirm(`Delete ${props.lead.name}?`)) return;
    try {
      await api.deleteLead(props.lead.id!);
      props.onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <Modal title={isNew ? 'New lead' : `Edit ${props.lead.name}`} onClose={props.onClose}>
      <form className="form" onSubmit={submit}>
        <div className="row">
          <TextField label="Name" required {...bind('name')} />
          <TextField
            label="Phone"
            required
            placeholder="+15551234567"
            inputMode="tel"
            {...bind('phone')}
          />
        </div>
        <div className="row">
          <TextField label="Email" type="email" {...bind('email')} />
          <TextField label="Company" {...bind('company')} />
        </div>
        <div className="row">
          <TextField label="Country" {...bind('country')} />
          <SelectField
            label="Status"
            value={l.status ?? ''}
            onChange={(v) => setL({ ...l, status: v })}
            choices={STATUS_CHOICES}
          />
        </div>
        <TextAreaField label="Notes" rows={3} {...bind('notes')} />
        <FormActions error={error} onCancel={props.onClose} submitLabel="Save">
          {!isNew && (
            <button type="button" className="danger" onClick={remove}>
              Delete
            </button>
          )}
        </FormActions>
      </form>
    </Modal>
  );
}

function ImportDialog(props: { onClose: () => void; onDone: () => void }) {
  const [csv, setCsv] = useState('name,phone,email,company\n');
  const [error, setError] = useState<string | null>(null);
  const [rows, setRows] = useState<RowError[]>([]);
  const [done, setDone] = useState<number | null>(null);
  const file = async (f: File | undefined) => {
    if (f) setCsv(await f.text());
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setRows([]);
    try {
      const r = await api.importLeads(csv);
      setDone(r.imported);
    } catch (err) {
      setError(errorText(err));
      if (err instanceof ApiError) setRows(err.rows);
    }
  };
  return (
    <Modal title="Import leads from CSV" onClose={done === null ? props.onClose : props.onDone}>
      {done !== null ? (
        <div className="form">
          <p role="status">Imported {done} leads.</p>
          <div className="actions">
            <button type="button" className="primary" onClick={props.onDone}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form className="form" onSubmit={submit}>
          <p className="muted">
            Header row: <code>name,phone</code> required; <code>email,company,country,notes,status</code>{' '}
            optional. All rows are imported, or none.
          </p>
          <TextField
            label="CSV file"
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => file(e.target.files?.[0])}
          />
          <TextAreaField
            label="Or paste CSV"
            rows={8}
            className="mono"
            value={csv}
            onChange={(e) => setCsv(e.target.value)}
          />
          <ErrorBox error={error} />
          {rows.length > 0 && (
            <DataTable
              caption="Rows to fix"
              showCaption
              compact
              columns={ROW_ERROR_COLUMNS}
              rows={rows}
              rowKey={(r) => `${r.row}-${r.message}`}
            />
          )}
          <FormActions error={null} onCancel={props.onClose} submitLabel="Import" />
        </form>
      )}
    </Modal>
  );
}
