// Campaigns: agent config (system prompt, voice, language, greeting), leads, and the run
// (start/pause/stop, progress, dialing settings, per-lead table: CampaignRun.tsx). The list
// follows the campaign events (status, waiting reason), polling only while the socket is down.
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, errorText, type AgentProfile, type Campaign, type Lead } from '../api';
import { profileLabel } from '../agentProfiles';
import type { CampaignEventMessage } from '../events';
import { applyCampaignEvent } from '../live';
import { formatSchema, parseSchema } from '../extraction';
import { bindField, FormActions, SelectField, TextAreaField, TextField } from '../form';
import {
  MAX_VOICEMAIL_MESSAGE,
  showsVoicemailMessage,
  VOICEMAIL_ACTIONS,
  voicemailError,
  type VoicemailAction,
} from '../voicemail';
import { DataTable, type Column } from '../table';
import { Badge, Empty, ErrorBox, Loading, Modal } from '../ui';
import { DEFAULT_AGENT } from './CallDialog';
import { CampaignRun } from './CampaignRun';
import { useCampaignFeed } from './useCampaignFeed';

// `profiles`: the agent profiles the user may use, to name a campaign's.
function columns(profiles: AgentProfile[]): Column<Campaign>[] {
  const profileOf = (c: Campaign) => profiles.find((p) => p.id === c.agent_profile_id);
  return [
    { header: 'Name', cell: (c) => c.name },
    { header: 'Status', cell: (c) => <Badge value={c.status} /> },
    { header: 'Agent profile', cell: (c) => profileOf(c)?.name ?? '—' },
    { header: 'Voice', cell: (c) => c.agent.voice || profileOf(c)?.voice || '' },
    { header: 'Language', cell: (c) => c.agent.language || profileOf(c)?.language || '' },
    { header: 'Leads', cell: (c) => c.lead_ids.length, className: 'num' },
    { header: 'Waiting', cell: (c) => c.waiting_reason ?? '' },
  ];
}

// The agent profiles the user may pick ([] until loaded or when the request fails).
function useAgentProfiles(): AgentProfile[] {
  const [profiles, setProfiles] = useState<AgentProfile[]>([]);
  useEffect(() => {
    api.agentProfiles().then((r) => setProfiles(r.items), () => undefined);
  }, []);
  return profiles;
}

export function CampaignsPage() {
  const [items, setItems] = useState<Campaign[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Campaign | 'new' | null>(null);
  const [leadsOf, setLeadsOf] = useState<Campaign | null>(null);
  const [running, setRunning] = useState<Campaign | null>(null);
  const profiles = useAgentProfiles();
  const cols = useMemo(() => columns(profiles), [profiles]);

  // GET /api/campaigns lists lead_ids as [] (a store bug, reported); each campaign's own
  // GET has them, so the list is completed from those until the list is fixed.
  const load = useCallback(() => {
    api
      .campaigns()
      .then((p) => Promise.all(p.items.map((c) => api.campaign(c.id).catch(() => c))))
      .then(setItems, (e) => setError(errorText(e)));
  }, []);
  useEffect(load, [load]);
  const onEvent = useCallback((m: CampaignEventMessage) => {
    setItems((xs) => (xs ? applyCampaignEvent(xs, m) : xs));
  }, []);
  useCampaignFeed(onEvent, load);

  const setStatus = async (c: Campaign, action: 'start' | 'pause') => {
    try {
      await api.runCampaign(c.id, action);
      load();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <section>
      <div className="page-head">
        <h1>Campaigns</h1>
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          New campaign
        </button>
      </div>
      <ErrorBox error={error} />
      {!items ? (
        !error && <Loading />
      ) : items.length === 0 ? (
        <Empty>No campaigns yet. A campaign holds an agent config and a list of leads.</Empty>
      ) : (
        <DataTable
          caption="Campaigns"
          columns={cols}
          rows={items}
          rowKey={(c) => c.id}
          actions={(c) => (
            <>
              {c.status === 'active' ? (
                <button type="button" onClick={() => setStatus(c, 'pause')}>
                  Pause
                </button>
              ) : (
                c.status !== 'done' && (
                  <button type="button" onClick={() => setStatus(c, 'start')}>
                    Start
                  </button>
                )
              )}
              <button type="button" onClick={() => setRunning(c)}>
                Progress
              </button>
              <button type="button" onClick={() => setLeadsOf(c)}>
                Leads
              </button>
              <a className="button" href={`/api/campaigns/${c.id}/results.csv`} download>
                Results CSV
              </a>
              <button type="button" onClick={() => setEditing(c)}>
                Edit
              </button>
            </>
          )}
        />
      )}
      {editing && (
        <CampaignForm
          campaign={editing === 'new' ? null : editing}
          profiles={profiles}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            load();
          }}
        />
      )}
      {running && (
        <CampaignRun
          campaign={running}
          onClose={() => {
            setRunning(null);
            load();
          }}
        />
      )}
      {leadsOf && (
        <CampaignLeads
          campaign={leadsOf}
          onClose={() => setLeadsOf(null)}
          onSaved={() => {
            setLeadsOf(null);
            load();
          }}
        />
      )}
    </section>
  );
}

// Plays the greeting as the server renders it for calls (Gemini TTS under the user's key, or
// espeak-ng), so what the user hears is what the callee will hear.
function useGreetingPreview() {
  const [state, setState] = useState<{ busy: boolean; note: string | null }>({ busy: false, note: null });
  const audio = useRef<HTMLAudioElement | null>(null);
  useEffect(() => () => audio.current?.pause(), []);
  const listen = async (agent: { greeting: string; voice: string; language: string }) => {
    if (!agent.greeting.trim()) {
      setState({ busy: false, note: 'Write a greeting first.' });
      return;
    }
    setState({ busy: true, note: 'Rendering the greeting…' });
    try {
      const blob = await api.greetingPreview(agent);
      audio.current?.pause();
      const url = URL.createObjectURL(blob);
      const a = new Audio(url);
      a.onended = () => URL.revokeObjectURL(url);
      audio.current = a;
      await a.play().catch(() => undefined); // autoplay refusals: the note still says it is ready
      setState({ busy: false, note: 'Playing the greeting as callers will hear it.' });
    } catch (e) {
      setState({ busy: false, note: errorText(e) });
    }
  };
  return { ...state, listen };
}

function CampaignForm(props: {
  campaign: Campaign | null;
  profiles: AgentProfile[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const [name, setName] = useState(props.campaign?.name ?? '');
  const [agent, setAgent] = useState(props.campaign?.agent ?? DEFAULT_AGENT);
  const [profileId, setProfileId] = useState<number | null>(props.campaign?.agent_profile_id ?? null);
  const [schema, setSchema] = useState(formatSchema(props.campaign?.extraction_schema));
  const [vmAction, setVmAction] = useState<VoicemailAction>(props.campaign?.voicemail_action ?? '');
  const [vmMessage, setVmMessage] = useState(props.campaign?.voicemail_message ?? '');
  const [error, setError] = useState<string | null>(null);
  const preview = useGreetingPreview();
  const bind = (k: keyof typeof agent) => bindField(agent, setAgent, k);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseSchema(schema);
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    const extraction_schema = parsed.fields;
    const vmError = voicemailError(vmAction, vmMessage);
    if (vmError) {
      setError(vmError);
      return;
    }
    const voicemail = { voicemail_action: vmAction, voicemail_message: vmMessage };
    try {
      if (props.campaign) {
        await api.updateCampaign(props.campaign.id, {
          name,
          agent,
          extraction_schema,
          agent_profile_id: profileId,
          ...voicemail,
        });
      } else {
        await api.createCampaign({
          name,
          status: 'draft',
          agent,
          extraction_schema,
          agent_profile_id: profileId,
          ...voicemail,
        });
      }
      props.onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <Modal title={props.campaign ? `Edit ${props.campaign.name}` : 'New campaign'} onClose={props.onClose}>
      <form className="form" onSubmit={submit}>
        <TextField label="Name" required value={name} onChange={(e) => setName(e.target.value)} />
        <SelectField
          label="Agent profile"
          value={profileId ?? ''}
          onChange={(v) => {
            const id = v ? Number(v) : null;
            setProfileId(id);
            // The profile speaks for itself: clear the defaults that would override it.
            if (id !== null && !props.campaign) {
              setAgent({ system_prompt: '', voice: '', language: '', greeting: '' });
            }
          }}
          choices={[
            { value: '', label: '— none: the prompt below —' },
            ...props.profiles.map((p) => ({ value: p.id, label: profileLabel(p) })),
          ]}
        />
        <TextAreaField
          label={profileId ? 'Extra instructions (added to the profile)' : 'System prompt'}
          rows={4}
          {...bind('system_prompt')}
        />
        {profileId !== null && (
          <p className="hint">Voice, language and greeting left empty come from the profile.</p>
        )}
        <div className="row">
          <TextField label="Voice" {...bind('voice')} />
          <TextField label="Language" {...bind('language')} />
        </div>
        <TextAreaField label="Greeting" rows={2} {...bind('greeting')} />
        <div className="row-inline">
          <button type="button" onClick={() => preview.listen(agent)} disabled={preview.busy}>
            {preview.busy ? 'Rendering…' : 'Listen'}
          </button>
          {preview.note && (
            <span role="status" className="hint">
              {preview.note}
            </span>
          )}
        </div>
        <TextAreaField
          label="Fields to extract"
          rows={3}
          placeholder={'email: string - the callee\'s e-mail address\nvisit_day: date'}
          value={schema}
          onChange={(e) => setSchema(e.target.value)}
        />
        <SelectField
          label="On a voicemail"
          value={vmAction}
          onChange={(v) => setVmAction(v as VoicemailAction)}
          choices={VOICEMAIL_ACTIONS}
        />
        {showsVoicemailMessage(vmAction) && (
          <TextAreaField
            label="Voicemail message"
            rows={2}
            maxLength={MAX_VOICEMAIL_MESSAGE}
            placeholder={vmAction === '' ? "Empty: the server's ai.voicemail_message" : 'Left after the beep'}
            value={vmMessage}
            onChange={(e) => setVmMessage(e.target.value)}
          />
        )}
        <FormActions error={error} onCancel={props.onClose} submitLabel="Save" />
      </form>
    </Modal>
  );
}

function CampaignLeads(props: { campaign: Campaign; onClose: () => void; onSaved: () => void }) {
  const [leads, setLeads] = useState<Lead[] | null>(null);
  const [chosen, setChosen] = useState(new Set(props.campaign.lead_ids));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    // The campaign's current leads come from its own GET, never from a possibly stale list.
    Promise.all([api.leads({ per_page: 200 }), api.campaign(props.campaign.id)]).then(
      ([p, c]) => {
        setChosen(new Set(c.lead_ids));
        setLeads(p.items);
      },
      (e) => setError(errorText(e)),
    );
  }, [props.campaign.id]);
  const toggle = (id: number) => {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChosen(next);
  };
  const save = async () => {
    try {
      await api.setCampaignLeads(props.campaign.id, [...chosen]);
      props.onSaved();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Modal title={`Leads of ${props.campaign.name}`} onClose={props.onClose}>
      <div className="form">
        {!leads ? (
          <Loading />
        ) : leads.length === 0 ? (
          <Empty>No leads yet.</Empty>
        ) : (
          <fieldset className="checklist">
            <legend>{chosen.size} selected</legend>
            {leads.map((l) => (
              <label key={l.id} className="check">
                <input type="checkbox" checked={chosen.has(l.id)} onChange={() => toggle(l.id)} />
                {l.name} <span className="mono muted">{l.phone}</span>
              </label>
            ))}
          </fieldset>
        )}
        <FormActions error={error} onCancel={props.onClose} submitLabel="Save" onConfirm={save} />
      </div>
    </Modal>
  );
}
