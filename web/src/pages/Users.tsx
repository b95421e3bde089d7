// Users: a superadmin manages admins (and agents); an admin manages its agents. Keys show as
// fingerprints only; a key is written once and never read back.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, errorText, type Role, type User } from '../api';
import { useSession } from '../App';
import { creatableRoles } from '../nav';
import { Badge, Empty, ErrorBox, Loading, Modal } from '../ui';

export function UsersPage() {
  const { user: me } = useSession();
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [keyFor, setKeyFor] = useState<User | null>(null);

  const load = useCallback(() => {
    api.users().then(
      (r) => setUsers(r.items),
      (e) => setError(errorText(e)),
    );
  }, []);
  useEffect(load, [load]);

  const toggleActive = async (u: User) => {
    try {
      await api.updateUser(u.id, { active: !u.active });
      load();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const byId = new Map((users ?? []).map((u) => [u.id, u]));

  return (
    <section>
      <div className="page-head">
        <h1>Users</h1>
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          New {me.role === 'superadmin' ? 'user' : 'agent'}
        </button>
      </div>
      <ErrorBox error={error} />
      {!users ? (
        !error && <Loading />
      ) : users.length <= 1 ? (
        <Empty>No other users yet.</Empty>
      ) : null}
      {users && users.length > 0 && (
        <table className="table">
          <caption className="sr-only">Users</caption>
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Role</th>
              <th scope="col">Admin</th>
              <th scope="col">API key</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>
                  {u.username}
                  {u.id === me.id && <small className="muted"> (you)</small>}
                </td>
                <td>{u.role}</td>
                <td>{u.parent_id ? (byId.get(u.parent_id)?.username ?? `#${u.parent_id}`) : '—'}</td>
                <td className="mono">{u.key_fingerprint ?? <span className="muted">none</span>}</td>
                <td>
                  <Badge value={u.active ? 'active' : 'inactive'} />
                </td>
                <td className="row-actions">
                  {u.id !== me.id && u.role !== 'superadmin' && (
                    <>
                      <button type="button" onClick={() => setKeyFor(u)}>
                        Set key
                      </button>
                      <button type="button" onClick={() => toggleActive(u)}>
                        {u.active ? 'Deactivate' : 'Activate'}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {creating && (
        <UserForm
          admins={(users ?? []).filter((u) => u.role === 'admin')}
          onClose={() => setCreating(false)}
          onSaved={() => {
            setCreating(false);
            load();
          }}
        />
      )}
      {keyFor && (
        <KeyForm
          user={keyFor}
          onClose={() => setKeyFor(null)}
          onSaved={() => {
            setKeyFor(null);
            load();
          }}
        />
      )}
    </section>
  );
}

function UserForm(props: { admins: User[]; onClose: () => void; onSaved: () => void }) {
  const { user: me } = useSession();
  const roles = creatableRoles(me.role);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>(roles[0]);
  const [parent, setParent] = useState<number | ''>(props.admins[0]?.id ?? '');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api.createUser({
        username,
        password,
        role,
        parent_id: role === 'agent' && me.role === 'superadmin' && parent ? parent : undefined,
      });
      props.onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <Modal title="New user" onClose={props.onClose}>
      <form className="form" onSubmit={submit}>
        <label>
          Username
          <input
            required
            pattern="[a-z0-9_.\-]{3,32}"
            title="3 to 32 of a-z, 0-9, _ . -"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label>
          Password
          <input
            required
            type="password"
            autoComplete="new-password"
            minLength={8}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {roles.length > 1 && (
          <label>
            Role
            <select aria-label="Role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
        )}
        {role === 'agent' && me.role === 'superadmin' && (
          <label>
            Admin
            <select aria-label="Admin" value={parent} onChange={(e) => setParent(Number(e.target.value) || '')}>
              {props.admins.length === 0 && <option value="">— create an admin first —</option>}
              {props.admins.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.username}
                </option>
              ))}
            </select>
          </label>
        )}
        <ErrorBox error={error} />
        <div className="actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Create
          </button>
        </div>
      </form>
    </Modal>
  );
}

function KeyForm(props: { user: User; onClose: () => void; onSaved: () => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api.setUserKey(props.user.id, key);
      props.onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <Modal title={`Gemini key for ${props.user.username}`} onClose={props.onClose}>
      <form className="form" onSubmit={submit}>
        <p className="muted">
          The key is stored sealed; only its fingerprint is ever shown again
          {props.user.key_fingerprint ? ` (now ${props.user.key_fingerprint})` : ''}.
        </p>
        <label>
          API key
          <input
            required
            type="password"
            autoComplete="off"
            value={key}
            onChange={(e) => setKey(e.target.value)}
          />
        </label>
        <ErrorBox error={error} />
        <div className="actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save key
          </button>
        </div>
      </form>
    </Modal>
  );
}
