// The call dialog: a number or a lead, an agent config (from a campaign or written here),
// then POST /api/calls. A 503 calls_unavailable is shown plainly.
import { useEffect, useState, type FormEvent } from 'react';
import { api, errorText, type AgentConfig, type AgentProfile, type Campaign, type Lead } from '../api';
import { profileLabel } from '../agentProfiles';
import { E164 } from '../format';
import { navigate } from '../router';
import { bindField, FormActions, SelectField, TextAreaField, TextField } from '../form';
import { Modal } from '../ui';

export const DEFAULT_AGENT: AgentConfig = {
  system_prompt: 'You are a friendly, concise phone assistant. Keep answers short.',
  voice: 'Puck',
  language: 'en-US',
  greeting: 'Hello, this is your assistant calling. How can I help you?',
};

export function CallDialog(props: { lead?: Lead; onClose: () => void }) {
  const [to, setTo] = useState(props.lead?.phone ?? '');
  const [leadId, setLeadId] = useState<number | undefined>(props.lead?.id);
  const [leads, setLeads] = useState<Lead[]>(props.lead ? [props.lead] : []);
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  const [campaignId, setCampaignId] = useState<number | undefined>(undefined);
  const [agent, setAgent] = useState<AgentConfig>(DEFAULT_AGENT);
  const [profiles, setProfiles] = useState<AgentProfile[]>([]);
  const [profileId, setProfileId] = useState<number | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.campaigns().then((p) => setCampaigns(p.items), () => undefined);
    api.agentProfiles().then((r) => setProfiles(r.items), () => undefined);
    if (!props.lead) api.leads({ per_page: 200 }).then((p) => setLeads(p.items), () => undefined);
  }, [props.lead]);

  const pickLead = (id: string) => {
    const l = leads.find((x) => x.id === Number(id));
    setLeadId(l?.id);
    if (l) setTo(l.phone);
  };
  const pickCampaign = (id: string) => {
    const c = campaigns.find((x) => x.id === Number(id));
    setCampaignId(c?.id);
    if (c) setAgent(c.agent);
  };
  const pickProfile = (id: string) => {
    const p = profiles.find((x) => x.id === Number(id));
    setProfileId(p?.id);
    // The profile speaks for itself; what is typed below is added to (or overrides) it.
    if (p) setAgent({ system_prompt: '', voice: '', language: '', greeting: '' });
    else setAgent(DEFAULT_AGENT);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!E164.test(to) && !to.startsWith('sip:')) {
      setError('Enter the number in international format, e.g. +15551234567.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await api.placeCall({
        to,
        lead_id: leadId,
        campaign_id: campaignId,
        agent,
        agent_profile_id: profileId,
      });
      props.onClose();
      navigate(`/calls/${r.id}`);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const field = (k: keyof AgentConfig) => bindField(agent, setAgent, k);

  return (
    <Modal title="New call" onClose={props.onClose}>
      <form onSubmit={submit} className="form">
        <div className="row">
          <TextField
            label="Number"
            name="to"
            inputMode="tel"
            placeholder="+15551234567"
            required
            value={to}
            onChange={(e) => setTo(e.target.value.trim())}
          />
          <SelectField
            label="Lead"
            value={leadId ?? ''}
            onChange={pickLead}
            choices={[
              { value: '', label: '— none —' },
              ...leads.map((l) => ({ value: l.id, label: `${l.name} (${l.phone})` })),
            ]}
          />
        </div>
        <SelectField
          label="Campaign (agent config)"
          value={campaignId ?? ''}
          onChange={pickCampaign}
          choices={[
            { value: '', label: '— custom —' },
            ...campaigns.map((c) => ({ value: c.id, label: c.name })),
          ]}
        />
        <SelectField
          label="Agent profile"
          value={profileId ?? ''}
          onChange={pickProfile}
          choices={[
            { value: '', label: '— none —' },
            ...profiles.map((p) => ({ value: p.id, label: profileLabel(p) })),
          ]}
        />
        <fieldset>
          <legend>Agent</legend>
          <TextAreaField
            label={profileId ? 'Extra instructions (added to the profile)' : 'System prompt'}
            rows={3}
            {...field('system_prompt')}
          />
          <div className="row">
            <TextField label="Voice" {...field('voice')} />
            <TextField label="Language" {...field('language')} />
          </div>
          <TextField label="Greeting" {...field('greeting')} />
        </fieldset>
        <FormActions
          error={error}
          onCancel={props.onClose}
          submitLabel="Call"
          busy={busy}
          busyLabel="Calling…"
        />
      </form>
    </Modal>
  );
}
