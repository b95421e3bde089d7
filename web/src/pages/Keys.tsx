// The key pool (superadmin): add keys, give pool keys to users without one. Fingerprints only.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, errorText, type ApiKey } from '../api';
import { formatTime } from '../format';
import { Badge, Empty, ErrorBox, Loading } from '../ui';

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
        <label>
          Gemini API key
          <input
            required
            type="password"
            autoComplete="off"
            value={key}
            onChange={(e) => setKey(e.target.value)}
          />
        </label>
        <label>
          Label
          <input value={label} onChange={(e) => setLabel(e.target.value)} />
        </label>
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
        <table className="table">
          <caption className="sr-only">Key pool</caption>
          <thead>
            <tr>
              <th scope="col">Fingerprint</th>
              <th scope="col">Label</th>
              <th scope="col">Status</th>
              <th scope="col">Users</th>
              <th scope="col">Added</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td className="mono">{k.fingerprint}</td>
                <td>{k.label}</td>
                <td>
                  <Badge value={k.status} />
                </td>
                <td className="num">{k.users}</td>
                <td>{formatTime(k.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
