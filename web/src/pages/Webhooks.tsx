// Webhooks: the endpoints an admin registered (POST /api/webhooks), their delivery log (every
// try, GET /api/webhooks/{id}/deliveries) and a Re-send button per delivery. The secret is
// shown once, right after creation; afterwards only its last characters.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, errorText, type Webhook, type WebhookTry } from '../api';
import { formatTime } from '../format';
import { FormActions, TextField } from '../form';
import { Link } from '../router';
import { DataTable, type Column } from '../table';
import { Badge, Empty, ErrorBox, Loading, Modal } from '../ui';
import { deliveryState, formatTryTime, subject, tryOk, tryResult, WEBHOOK_EVENTS } from '../webhooks';

const HOOK_COLUMNS: Column<Webhook>[] = [
  { header: 'URL', cell: (w) => w.url, className: 'mono' },
  { header: 'Events', cell: (w) => w.events.join(', ') },
  { header: 'State', cell: (w) => <Badge value={w.active ? 'active' : 'paused'} /> },
  { header: 'Secret', cell: (w) => w.secret_hint, className: 'mono' },
  { header: 'Added', cell: (w) => formatTime(w.created_at) },
];

const TRY_COLUMNS: Column<WebhookTry>[] = [
  { header: 'Time', cell: (t) => formatTryTime(t.at) },
  { header: 'Event', cell: (t) => t.event, className: 'mono' },
  {
    header: 'About',
    cell: (t) => (t.call_id !== null ? <Link to={`/calls/${t.call_id}`}>{subject(t)}</Link> : subject(t)),
  },
  { header: 'Delivery', cell: (t) => `#${t.delivery_id}`, className: 'num' },
  { header: 'Try', cell: (t) => t.attempt, className: 'num' },
  {
    header: 'Result',
    cell: (t) => <span className={tryOk(t) ? 'result-ok' : 'result-bad'}>{tryResult(t)}</span>,
  },
  { header: 'Then', cell: (t) => deliveryState(t, formatTime) },
];

export function WebhooksPage() {
  const [hooks, setHooks] = useState<Webhook[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Webhook | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [created, setCreated] = useState<Webhook | null>(null);

  const load = useCallback(() => {
    api.webhooks().then(
      (r) => {
        setHooks(r.items);
        setError(null);
      },
      (e) => setError(errorText(e)),
    );
  }, []);
  useEffect(load, [load]);
  const shown = hooks?.find((w) => w.id === selected) ?? null;

  return (
    <section>
      <div className="page-head">
        <h1>Webhooks</h1>
        <button type="button" className="primary" onClick={() => setAdding(true)}>
          New webhook
        </button>
      </div>
      <p className="muted">
        After each call (and when a campaign is done) the server POSTs the event to these URLs,
        signed with the endpoint&apos;s secret: <code>X-Voiceagent-Signature: v1=</code>HMAC-SHA256
        of <code>timestamp.body</code>. Failed deliveries are retried for a day.
      </p>
      <ErrorBox error={error} />
      {created?.secret && (
        <div className="notice" role="status">
          Secret for {created.url}: <code>{created.secret}</code>. Copy it now: it is not shown
          again.
        </div>
      )}
      {!hooks ? (
        !error && <Loading />
      ) : hooks.length === 0 ? (
        <Empty>No webhooks yet. Add one to have call results posted to your systems.</Empty>
      ) : (
        <DataTable
          caption="Webhook endpoints"
          columns={HOOK_COLUMNS}
          rows={hooks}
          rowKey={(w) => w.id}
          actions={(w) => (
            <>
              <button
                type="button"
                onClick={() => setSelected(w.id)}
                aria-pressed={selected === w.id}
                aria-label={`Deliveries of ${w.url}`}
              >
                Deliveries
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => setRemoving(w)}
                aria-label={`Delete ${w.url}`}
              >
                Delete
              </button>
            </>
          )}
        />
      )}
      {shown && <DeliveryLog hook={shown} />}
      {adding && (
        <WebhookForm
          onClose={() => setAdding(false)}
          onSaved={(w) => {
            setAdding(false);
            setCreated(w);
            setSelected(w.id);
            load();
          }}
        />
      )}
      {removing && (
        <RemoveDialog
          hook={removing}
          onClose={() => setRemoving(null)}
          onRemoved={() => {
            if (selected === removing.id) setSelected(null);
            setRemoving(null);
            setCreated(null);
            load();
          }}
        />
      )}
    </section>
  );
}

function DeliveryLog({ hook }: { hook: Webhook }) {
  const [tries, setTries] = useState<WebhookTry[] | null>(null);
  const [pending, setPending] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(() => {
    api.webhookDeliveries(hook.id).then(
      (r) => {
        setTries(r.items);
        setPending(r.pending);
        setError(null);
      },
      (e) => setError(errorText(e)),
    );
  }, [hook.id]);
  useEffect(() => {
    load();
    const t = setInterval(load, 3000); // retries land on their own
    return () => clearInterval(t);
  }, [load]);

  const resend = async (t: WebhookTry) => {
    try {
      const r = await api.resendWebhookDelivery(hook.id, t.delivery_id);
      setMessage(`Queued delivery #${r.delivery_id}: a re-send of #${r.resend_of}.`);
      setTimeout(load, 700);
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <section aria-labelledby="log-title" className="log-section">
      <div className="page-head">
        <h2 id="log-title">Deliveries to {hook.url}</h2>
        <button type="button" onClick={load}>
          Refresh
        </button>
      </div>
      <p className="muted">
        Every try, newest first. {pending > 0 ? `${pending} waiting to be sent.` : 'Nothing waiting.'}
      </p>
      <ErrorBox error={error} />
      {message && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
      {!tries ? (
        !error && <Loading />
      ) : tries.length === 0 ? (
        <Empty>No deliveries yet. They appear when a call ends or a campaign is done.</Empty>
      ) : (
        <DataTable
          caption={`Delivery log of ${hook.url}`}
          compact
          columns={TRY_COLUMNS}
          rows={tries}
          rowKey={(t) => t.id}
          actions={(t) => (
            <button
              type="button"
              onClick={() => resend(t)}
              aria-label={`Re-send delivery ${t.delivery_id} try ${t.attempt}`}
            >
              Re-send
            </button>
          )}
        />
      )}
    </section>
  );
}

function WebhookForm(props: { onClose: () => void; onSaved: (w: Webhook) => void }) {
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [events, setEvents] = useState<string[]>(['call.ended']);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const toggle = (name: string, on: boolean) =>
    setEvents((prev) => (on ? [...prev.filter((e) => e !== name), name] : prev.filter((e) => e !== name)));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const ordered = WEBHOOK_EVENTS.map((ev) => ev.name).filter((n) => events.includes(n));
      props.onSaved(await api.createWebhook({ url, events: ordered, secret: secret || undefined }));
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };
  return (
    <Modal title="New webhook" onClose={props.onClose}>
      <form className="form" onSubmit={submit}>
        <TextField
          label="URL"
          required
          type="url"
          placeholder="https://crm.example.com/hooks/voiceagent"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
        <fieldset>
          <legend>Events</legend>
          {WEBHOOK_EVENTS.map((ev) => (
            <label key={ev.name} className="check">
              <input
                type="checkbox"
                checked={events.includes(ev.name)}
                onChange={(e) => toggle(ev.name, e.target.checked)}
              />
              {ev.label} <code>{ev.name}</code>
            </label>
          ))}
        </fieldset>
        <TextField
          label="Secret (optional)"
          autoComplete="off"
          placeholder="generated when empty"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
        />
        <FormActions
          error={error}
          onCancel={props.onClose}
          submitLabel="Create"
          busy={busy}
          busyLabel="Creating…"
        />
      </form>
    </Modal>
  );
}

function RemoveDialog(props: { hook: Webhook; onClose: () => void; onRemoved: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    try {
      await api.deleteWebhook(props.hook.id);
      props.onRemoved();
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };
  return (
    <Modal title="Delete this webhook?" onClose={props.onClose}>
      <div className="form">
        <p>
          Nothing more is sent to <code>{props.hook.url}</code>, and its delivery log is deleted.
        </p>
        <FormActions
          error={error}
          onCancel={props.onClose}
          submitLabel="Delete"
          busy={busy}
          busyLabel="Deleting…"
          danger
          onConfirm={remove}
        />
      </div>
    </Modal>
  );
}
