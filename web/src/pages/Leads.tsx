// Leads: search, status filter, paging, create/edit, CSV import with per-row errors.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, errorText, type Lead, type Paged, type RowError } from '../api';
import { Badge, Empty, ErrorBox, Loading, Modal, Pager } from '../ui';
import { CallDialog } from './CallDialog';

export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'lost', 'do_not_call'];
const PER_PAGE = 25;

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
        <label>
          Search
          <input
            type="search"
            placeholder="Name, phone, email or company"
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
              setPage(1);
            }}
          />
        </label>
        <label>
          Status
          <select
            aria-label="Status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value);
              setPage(1);
            }}
          >
            <option value="">Any</option>
            {LEAD_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </label>
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
          <table className="table">
            <caption className="sr-only">Leads</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Phone</th>
                <th scope="col">Company</th>
                <th scope="col">Email</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((l) => (
                <tr key={l.id}>
                  <td>{l.name}</td>
                  <td className="mono">{l.phone}</td>
                  <td>{l.company}</td>
                  <td>{l.email}</td>
                  <td>
                    <Badge value={l.status} />
                  </td>
                  <td className="row-actions">
                    <button type="button" onClick={() => setCalling(l)} aria-label={`Call ${l.name}`}>
                      Call
                    </button>
                    <button type="button" onClick={() => setEditing(l)} aria-label={`Edit ${l.name}`}>
                      Edit
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
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
  const bind = (k: keyof Lead) => ({
    value: (l[k] as string) ?? '',
    onChange: (e: { target: { value: string } }) => setL({ ...l, [k]: e.target.value }),
  });
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
          <label>
            Name
            <input required {...bind('name')} />
          </label>
          <label>
            Phone
            <input required placeholder="+15551234567" inputMode="tel" {...bind('phone')} />
          </label>
        </div>
        <div className="row">
          <label>
            Email
            <input type="email" {...bind('email')} />
          </label>
          <label>
            Company
            <input {...bind('company')} />
          </label>
        </div>
        <div className="row">
          <label>
            Country
            <input {...bind('country')} />
          </label>
          <label>
            Status
            <select aria-label="Status" {...bind('status')}>
              {LEAD_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label>
          Notes
          <textarea rows={3} {...bind('notes')} />
        </label>
        <ErrorBox error={error} />
        <div className="actions">
          {!isNew && (
            <button type="button" className="danger" onClick={remove}>
              Delete
            </button>
          )}
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save
          </button>
        </div>
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
          <label>
            CSV file
            <input type="file" accept=".csv,text/csv" onChange={(e) => file(e.target.files?.[0])} />
          </label>
          <label>
            Or paste CSV
            <textarea rows={8} className="mono" value={csv} onChange={(e) => setCsv(e.target.value)} />
          </label>
          <ErrorBox error={error} />
          {rows.length > 0 && (
            <table className="table compact">
              <caption>Rows to fix</caption>
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Line</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={`${r.row}-${r.message}`}>
                    <td>{r.row}</td>
                    <td>{r.line}</td>
                    <td>{r.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="actions">
            <button type="button" onClick={props.onClose}>
              Cancel
            </button>
            <button type="submit" className="primary">
              Import
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
