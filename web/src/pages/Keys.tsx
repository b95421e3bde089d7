// The keys (superadmin): add pool keys, give them to users without one, see who owns each key
// (pool, a user, an admin's tenant). Fingerprints only.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, errorText, type ApiKey } from '../api';
import { formatTime } from '../format';
import { TextField } from '../form';
import { DataTable, type Column } from '../table';
import { Badge, Empty, ErrorBox, Loading } from '../ui';

// Pool keys are handed out; a user's or tenant's own key never is.
export function ownerText(k: ApiKey): string {
  if (k.owner === 'pool') return 'pool';
  if (k.owner === 'unclaimed') return 'unclaimed';
  const who = `${k.owner_name ?? '?'} (${k.owner_id ?? '?'})`;
  return k.owner === 'tenant' ? `tenant of ${who}` : `user ${who}`;
}

const COLUMNS: Column<ApiKey>[] = [
  { header: 'Fingerprint', cell: (k) => k.fingerprint, className: 'mono' },
  { header: 'Label', cell: (k) => k.label },
  { header: 'Status', cell: (k) => <Badge value={k.status} /> },
  { header: 'Owner', cell: ownerText },
  { header: 'Users', cell: (k) => k.users, className: 'num' },
  { header: 'Added', cell: (k) => formatTime(k.created_at) },
];

export function KeysPage() {
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [key, setKey] = useState('');
  const [label, setLabel] = useState('');

  const load = useCallback(() => {
    api.keys().then(
      (r) => setKeys(r.items),
      (e) => setError(errorText(e)),
    );
  }, []);
  useEffect(load, [load]);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const k = await api.addKey(key, label);
      setKey('');
      setLabel('');
      setNotice(`Added key ${k.fingerprint}.`);
      load();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const assign = async () => {
    try {
      const r = await api.assignKeys();
      setNotice(`Gave a key to ${r.assigned} users.`);
      load();
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <section>
      <div className="page-head">
        <h1>API keys</h1>
        <button type="button" onClick={assign}>
          Assign to users without a key
        </button>
      </div>
      <form className="card form inline" onSubmit={add} aria-label="Add a key">
        <TextField
          label="Gemini API key"
          required
          type="password"
          autoComplete="off"
          value={key}
          onChange={(e) => setKey(e.target.value)}
        />
        <TextField label="Label" value={label} onChange={(e) => setLabel(e.target.value)} />
        <button type="submit" className="primary">
          Add key
        </button>
      </form>
      {notice && (
        <div className="notice" role="status">
          {notice}
        </div>
      )}
      <ErrorBox error={error} />
      {!keys ? (
        !error && <Loading />
      ) : keys.length === 0 ? (
        <Empty>The pool is empty. Without keys, calls use the simulator or the default key.</Empty>
      ) : (
        <DataTable caption="Key pool" columns={COLUMNS} rows={keys} rowKey={(k) => k.id} />
      )}
    </section>
  );
}
