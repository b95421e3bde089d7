// Users: a superadmin manages admins (and agents); an admin manages its agents. Keys show as
// fingerprints only; a key is written once and never read back.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, errorText, type Role, type User } from '../api';
import { useSession } from '../App';
import { creatableRoles } from '../nav';
import { FormActions, SelectField, TextField } from '../form';
import { DataTable, type Column } from '../table';
import { Badge, Empty, ErrorBox, Loading, Modal } from '../ui';
import { lineNames } from '../dialing';

export function UsersPage() {
  const { user: me } = useSession();
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [keyFor, setKeyFor] = useState<User | null>(null);
  const [linesFor, setLinesFor] = useState<User | null>(null);
  const [limitsFor, setLimitsFor] = useState<User | null>(null);

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
  const columns: Column<User>[] = [
    {
      header: 'Username',
      cell: (u) => (
        <>
          {u.username}
          {u.id === me.id && <small className="muted"> (you)</small>}
        </>
      ),
    },
    { header: 'Role', cell: (u) => u.role },
    {
      header: 'Admin',
      cell: (u) => (u.parent_id ? (byId.get(u.parent_id)?.username ?? `#${u.parent_id}`) : '—'),
    },
    {
      header: 'API key',
      cell: (u) => u.key_fingerprint ?? <span className="muted">none</span>,
      className: 'mono',
    },
    {
      header: 'Lines',
      cell: (u) => (u.lines?.length ? u.lines.join(', ') : <span className="muted">any</span>),
    },
    {
      header: 'Limits',
      cell: (u) => <span className="small">{limitsText(u)}</span>,
    },
    { header: 'Status', cell: (u) => <Badge value={u.active ? 'active' : 'inactive'} /> },
  ];

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
        <DataTable
          caption="Users"
          columns={columns}
          rows={users}
          rowKey={(u) => u.id}
          actions={(u) =>
            u.id !== me.id &&
            u.role !== 'superadmin' && (
              <>
                <button type="button" onClick={() => setKeyFor(u)}>
                  Set key
                </button>
                <button type="button" onClick={() => setLinesFor(u)}>
                  Lines
                </button>
                {me.role === 'superadmin' && u.role === 'admin' && (
                  <button type="button" onClick={() => setLimitsFor(u)}>
                    Limits
                  </button>
                )}
                <button type="button" onClick={() => toggleActive(u)}>
                  {u.active ? 'Deactivate' : 'Activate'}
                </button>
              </>
            )
          }
        />
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
      {limitsFor && (
        <LimitsForm
          user={limitsFor}
          onClose={() => setLimitsFor(null)}
          onSaved={() => {
            setLimitsFor(null);
            load();
          }}
        />
      )}
      {linesFor && (
        <LinesForm
          user={linesFor}
          onClose={() => setLinesFor(null)}
          onSaved={() => {
            setLinesFor(null);
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
        <TextField
          label="Username"
          required
          pattern="[a-z0-9_.\-]{3,32}"
          title="3 to 32 of a-z, 0-9, _ . -"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <TextField
          label="Password"
          required
          type="password"
          autoComplete="new-password"
          minLength={8}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {roles.length > 1 && (
          <SelectField
            label="Role"
            value={role}
            onChange={(v) => setRole(v as Role)}
            choices={roles.map((r) => ({ value: r, label: r }))}
          />
        )}
        {role === 'agent' && me.role === 'superadmin' && (
          <SelectField
            label="Admin"
            value={parent}
            onChange={(v) => setParent(Number(v) || '')}
            choices={
              props.admins.length === 0
                ? [{ value: '', label: '— create an admin first —' }]
                : props.admins.map((a) => ({ value: a.id, label: a.username }))
            }
          />
        )}
        <FormActions error={error} onCancel={props.onClose} submitLabel="Create" />
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
        <TextField
          label="API key"
          required
          type="password"
          autoComplete="off"
          value={key}
          onChange={(e) => setKey(e.target.value)}
        />
        <FormActions error={error} onCancel={props.onClose} submitLabel="Save key" />
      </form>
    </Modal>
  );
}

// The trunk lines ([[sip.trunk.lines]] names) a user's campaigns dial on when the campaign
// names none; empty = any line. The server answers 400 naming `lines` for an unknown one.
function LinesForm(props: { user: User; onClose: () => void; onSaved: () => void }) {
  const [text, setText] = useState((props.user.lines ?? []).join(', '));
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api.updateUser(props.user.id, { lines: lineNames(text) });
      props.onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <Modal title={`Lines of ${props.user.username}`} onClose={props.onClose}>
      <form className="form" onSubmit={submit}>
        <p className="muted">
          Campaigns of this user that name no lines dial on these; empty means any line.
        </p>
        <TextField
          label="Lines (names, comma-separated)"
          placeholder="any"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <FormActions error={error} onCancel={props.onClose} submitLabel="Save lines" />
      </form>
    </Modal>
  );
}

// "3 calls · 5 agents · 600 min/month"; 0 = no limit.
export function limitsText(u: User): string {
  const parts = [`${u.max_concurrent_calls || '∞'} calls`];
  if (u.role === 'admin') {
    parts.push(`${u.max_agents || '∞'} agents`);
    parts.push(u.monthly_minutes ? `${u.monthly_minutes} min/month` : '∞ min/month');
  }
  return parts.join(' · ');
}

// The superadmin's limits on an admin: concurrent calls over its tenant, agents, monthly
// minutes (0 = no limit). The server enforces them with a clear refusal.
function LimitsForm(props: { user: User; onClose: () => void; onSaved: () => void }) {
  const [calls, setCalls] = useState(String(props.user.max_concurrent_calls));
  const [agents, setAgents] = useState(String(props.user.max_agents ?? 0));
  const [minutes, setMinutes] = useState(String(props.user.monthly_minutes ?? 0));
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api.updateUser(props.user.id, {
        max_concurrent_calls: Number(calls),
        max_agents: Number(agents),
        monthly_minutes: Number(minutes),
      });
      props.onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <Modal title={`Limits of ${props.user.username}`} onClose={props.onClose}>
      <form className="form" onSubmit={submit}>
        <p className="muted">0 means no limit. Calls and minutes count the admin and all its agents.</p>
        <TextField
          label="Concurrent calls"
          type="number"
          min={0}
          value={calls}
          onChange={(e) => setCalls(e.target.value)}
        />
        <TextField label="Agents" type="number" min={0} value={agents} onChange={(e) => setAgents(e.target.value)} />
        <TextField
          label="Minutes per month"
          type="number"
          min={0}
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
        />
        <FormActions error={error} onCancel={props.onClose} submitLabel="Save limits" />
      </form>
    </Modal>
  );
}
