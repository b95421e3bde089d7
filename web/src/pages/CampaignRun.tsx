// A campaign's run: status, why it waits, a progress bar, Start/Pause/Stop, the dialing
// settings (editable while it runs) and the per-lead table. Follows the campaign's events on
// /api/events: the header and the lead's row change at once, and the counts and the table are
// fetched again at most twice a second; a slow poll only while the socket is down.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  api,
  errorText,
  type Campaign,
  type CampaignLeadState,
  type CampaignProgress,
} from '../api';
import {
  fromForm,
  leadRows,
  OUTCOMES,
  progressPercent,
  runActions,
  toForm,
  WEEKDAYS,
  type DialingForm,
  type LeadRow,
} from '../dialing';
import type { CampaignEventMessage } from '../events';
import { applyLeadEvent, applyProgressEvent } from '../live';
import { FormActions, TextField } from '../form';
import { formatTime } from '../format';
import { DataTable, type Column } from '../table';
import { Badge, ErrorBox, Loading, Modal } from '../ui';
import { useCampaignFeed, useThrottled } from './useCampaignFeed';

const LEAD_COLUMNS: Column<LeadRow>[] = [
  { header: 'Lead', cell: (r) => `#${r.leadId}`, className: 'num' },
  { header: 'State', cell: (r) => r.state },
  { header: 'Attempts', cell: (r) => r.attempts, className: 'num' },
  { header: 'Last outcome', cell: (r) => r.lastOutcome },
  { header: 'Next attempt', cell: (r) => r.nextAttempt },
];

export function CampaignRun(props: { campaign: Campaign; onClose: () => void }) {
  const id = props.campaign.id;
  const [campaign, setCampaign] = useState(props.campaign);
  const [progress, setProgress] = useState<CampaignProgress | null>(null);
  const [leads, setLeads] = useState<CampaignLeadState[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    Promise.all([api.campaign(id), api.campaignProgress(id), api.campaignLeads(id)]).then(
      ([c, p, l]) => {
        setCampaign(c);
        setProgress(p);
        setLeads(l.items);
      },
      (e) => setError(errorText(e)),
    );
  }, [id]);
  useEffect(load, [load]);
  const refetch = useThrottled(load, 500);
  const onEvent = useCallback(
    (m: CampaignEventMessage) => {
      if (m.campaign.id !== id) return;
      // Done: the final counts come with the status in one fetch, so the view never shows
      // "done" beside a bar that is not full yet.
      if (m.type === 'campaign.done') {
        load();
        return;
      }
      if (m.type !== 'campaign.progress') {
        const { status, waiting_reason } = m.campaign;
        setCampaign((c) => ({ ...c, status, waiting_reason: waiting_reason || null }));
      }
      setProgress((p) => (p ? applyProgressEvent(p, m) : p));
      setLeads((l) => applyLeadEvent(l, m));
      refetch();
    },
    [id, refetch, load],
  );
  useCampaignFeed(onEvent, load);
  const run = async (action: 'start' | 'pause' | 'stop') => {
    try {
      setCampaign(await api.runCampaign(id, action));
      setError(null);
      load();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const percent = progress ? progressPercent(progress) : 0;
  return (
    <Modal title={`Run ${campaign.name}`} onClose={props.onClose}>
      <div className="form">
        <ErrorBox error={error} />
        <div className="row-inline">
          <Badge value={progress?.status ?? campaign.status} />
          {runActions(progress?.status ?? campaign.status).map((a) => (
            <button key={a} type="button" onClick={() => run(a)}>
              {a[0].toUpperCase() + a.slice(1)}
            </button>
          ))}
        </div>
        {progress?.waiting_reason && (
          <p role="status" className="hint">
            Waiting: {progress.waiting_reason}
          </p>
        )}
        {!progress ? (
          <Loading />
        ) : (
          <>
            <progress max={100} value={percent} aria-label="Campaign progress" />
            <p className="hint">
              {percent}% of {progress.total} leads finished · {progress.in_flight} calling ·{' '}
              {progress.attempts} attempts
            </p>
          </>
        )}
        {campaign.dialing && <DialingSettings campaign={campaign} onSaved={load} />}
        <DataTable
          caption="Leads of the campaign"
          compact
          columns={LEAD_COLUMNS}
          rows={leadRows(leads, Date.now(), (ms) => formatTime(ms))}
          rowKey={(r) => r.leadId}
        />
      </div>
    </Modal>
  );
}

function DialingSettings(props: { campaign: Campaign; onSaved: () => void }) {
  const [form, setForm] = useState<DialingForm>(toForm(props.campaign.dialing!));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const field = (k: 'max_concurrent' | 'calls_per_minute' | 'max_attempts' | 'from' | 'to' | 'lines') => ({
    value: form[k] as string,
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value }),
  });
  const toggleDay = (day: number) =>
    setForm({
      ...form,
      days: form.days.includes(day) ? form.days.filter((d) => d !== day) : [...form.days, day],
    });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const out = fromForm(form);
    if ('error' in out) {
      setError(out.error);
      return;
    }
    try {
      await api.updateCampaign(props.campaign.id, { dialing: out.dialing });
      setError(null);
      setSaved(true);
      props.onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form className="form" onSubmit={submit} aria-label="Dialing settings">
      <div className="row">
        <TextField label="Max concurrent" inputMode="numeric" {...field('max_concurrent')} />
        <TextField label="Calls per minute" inputMode="numeric" {...field('calls_per_minute')} />
        <TextField label="Max attempts" inputMode="numeric" {...field('max_attempts')} />
      </div>
      <div className="row">
        {OUTCOMES.map((o) => (
          <TextField
            key={o}
            label={`Retry ${o.replace('_', ' ')} (s)`}
            placeholder="no retry"
            value={form.retry[o]}
            onChange={(e) => setForm({ ...form, retry: { ...form.retry, [o]: e.target.value } })}
          />
        ))}
      </div>
      <div className="row">
        <TextField label="Calling from (lead's time)" placeholder="09:00" {...field('from')} />
        <TextField label="Calling to" placeholder="20:00" {...field('to')} />
        <TextField label="Lines (names, comma-separated)" {...field('lines')} />
      </div>
      <fieldset className="checklist">
        <legend>Calling days</legend>
        {WEEKDAYS.map((name, i) => (
          <label key={name} className="check">
            <input type="checkbox" checked={form.days.includes(i + 1)} onChange={() => toggleDay(i + 1)} />
            {name}
          </label>
        ))}
      </fieldset>
      {saved && !error && <p className="hint">Saved; the dialer uses it from its next tick.</p>}
      <FormActions
        error={error}
        onCancel={() => setForm(toForm(props.campaign.dialing!))}
        submitLabel="Save dialing settings"
      />
    </form>
  );
}
