// Inbound numbers: which dialled number (DID) rings which user, optionally answered by one of
// that user's campaigns' agent config (REST /api/inbound-routes; `voiceagent routes` on the CLI).
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, errorText, type Campaign, type InboundRoute, type User } from '../api';
import { useSession } from '../App';
import { formatTime } from '../format';
import { FormActions, SelectField, TextField } from '../form';
import { campaignChoices, ownerLabel, inboundRouteOwners, inboundRouteRows, type InboundRouteRow } from '../inboundRoutes';
import { DataTable, type Column } from '../table';
import { Empty, ErrorBox, Loading, Modal } from '../ui';

const COLUMNS: Column<InboundRouteRow>[] = [
  { header: 'Number', cell: (r) => r.number, className: 'mono' },
  { header: 'Rings', cell: (r) => r.owner },
  { header: 'Agent', cell: (r) => r.agent },
  { header: 'Added', cell: (r) => formatTime(r.createdAt) },
];

interface Data {
  routes: InboundRoute[];
  users: User[];
  campaigns: Campaign[];
}

export function InboundRoutesPage() {
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<string | null>(null);

  const load = useCallback(() => {
    Promise.all([api.inboundRoutes(), api.users(), api.campaigns()]).then(
      ([r, u, c]) => {
        setData({ routes: r.items, users: u.items, campaigns: c.items });
        setError(null);
      },
      (e) => setError(errorText(e)),
    );
  }, []);
  useEffect(load, [load]);

  const rows = data ? inboundRouteRows(data.routes, data.users, data.campaigns) : [];
  return (
    <section>
      <div className="page-head">
        <h1>Inbound numbers</h1>
        <button type="button" className="primary" onClick={() => setAdding(true)} disabled={!data}>
          Add number
        </button>
      </div>
      <p className="muted">
        A call to one of these numbers rings its user, with the user&apos;s Gemini key, and is
        answered by the chosen campaign&apos;s agent (or the default agent). Calls to other
        numbers are refused.
      </p>
      <ErrorBox error={error} />
      {!data ? (
        !error && <Loading />
      ) : rows.length === 0 ? (
        <Empty>No inbound numbers yet. Add one so that calls to it reach a user.</Empty>
      ) : (
        <DataTable
          caption="Inbound numbers"
          columns={COLUMNS}
          rows={rows}
          rowKey={(r) => r.number}
          actions={(r) => (
            <button
              type="button"
              className="danger"
              onClick={() => setRemoving(r.number)}
              aria-label={`Remove ${r.number}`}
            >
              Remove
            </button>
          )}
        />
      )}
      {adding && data && (
        <RouteForm
          users={data.users}
          campaigns={data.campaigns}
          onClose={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            load();
          }}
        />
      )}
      {removing && (
        <RemoveDialog
          number={removing}
          onClose={() => setRemoving(null)}
          onRemoved={() => {
            setRemoving(null);
            load();
          }}
        />
      )}
    </section>
  );
}

function RouteForm(props: {
  users: User[];
  campaigns: Campaign[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { user: me } = useSession();
  const owners = inboundRouteOwners(me, props.users);
  const [number, setNumber] = useState('');
  const [ownerId, setOwnerId] = useState<number | undefined>(owners[0]?.id);
  const [campaignId, setCampaignId] = useState<number | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const campaigns = campaignChoices(props.campaigns, ownerId);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.createInboundRoute({ number, owner_id: ownerId, campaign_id: campaignId });
      props.onSaved();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="Add an inbound number" onClose={props.onClose}>
      <form className="form" onSubmit={submit}>
        <TextField
          label="Number"
          required
          inputMode="tel"
          autoComplete="off"
          placeholder="+4930123456"
          aria-describedby="route-number-help"
          value={number}
          onChange={(e) => setNumber(e.target.value)}
        />
        <small id="route-number-help" className="muted">
          As the trunk sends it: digits with an optional leading +; spaces, dashes and brackets
          are dropped.
        </small>
        <SelectField
          label="Rings"
          required
          value={ownerId ?? ''}
          onChange={(v) => {
            setOwnerId(Number(v) || undefined);
            setCampaignId(undefined); // a campaign belongs to one owner
          }}
          choices={
            owners.length === 0
              ? [{ value: '', label: '— no active users —' }]
              : owners.map((u) => ({ value: u.id, label: ownerLabel(u, me) }))
          }
        />
        <SelectField
          label="Agent (campaign)"
          value={campaignId ?? ''}
          onChange={(v) => setCampaignId(Number(v) || undefined)}
          choices={[
            { value: '', label: 'Default agent' },
            ...campaigns.map((c) => ({ value: c.id, label: c.name })),
          ]}
        />
        <FormActions
          error={error}
          onCancel={props.onClose}
          submitLabel="Add"
          busy={busy}
          busyLabel="Adding…"
          disabled={owners.length === 0}
        />
      </form>
    </Modal>
  );
}

function RemoveDialog(props: { number: string; onClose: () => void; onRemoved: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    try {
      await api.deleteInboundRoute(props.number);
      props.onRemoved();
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };
  return (
    <Modal title={`Remove ${props.number}?`} onClose={props.onClose}>
      <div className="form">
        <p>Calls to {props.number} will be refused from now on.</p>
        <FormActions
          error={error}
          onCancel={props.onClose}
          submitLabel="Remove"
          busy={busy}
          busyLabel="Removing…"
          danger
          onConfirm={remove}
        />
      </div>
    </Modal>
  );
}
