// Campaigns: agent config (system prompt, voice, language, greeting), leads, start/pause.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, errorText, type Campaign, type Lead } from '../api';
import { Badge, Empty, ErrorBox, Loading, Modal } from '../ui';
import { DEFAULT_AGENT } from './CallDialog';

export function CampaignsPage() {
  const [items, setItems] = useState<Campaign[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Campaign | 'new' | null>(null);
  const [leadsOf, setLeadsOf] = useState<Campaign | null>(null);

  // GET /api/campaigns lists lead_ids as [] (a store bug, reported); each campaign's own
  // GET has them, so the list is completed from those until the list is fixed.
  const load = useCallback(() => {
    api
      .campaigns()
      .then((p) => Promise.all(p.items.map((c) => api.campaign(c.id).catch(() => c))))
      .then(setItems, (e) => setError(errorText(e)));
  }, []);
  useEffect(load, [load]);

  const setStatus = async (c: Campaign, status: string) => {
    try {
      await api.updateCampaign(c.id, { status });
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
        <table className="table">
          <caption className="sr-only">Campaigns</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Voice</th>
              <th scope="col">Language</th>
              <th scope="col">Leads</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td>
                  <Badge value={c.status} />
                </td>
                <td>{c.agent.voice}</td>
                <td>{c.agent.language}</td>
                <td className="num">{c.lead_ids.length}</td>
                <td className="row-actions">
                  {c.status === 'active' ? (
                    <button type="button" onClick={() => setStatus(c, 'paused')}>
                      Pause
                    </button>
                  ) : (
                    <button type="button" onClick={() => setStatus(c, 'active')}>
                      Start
                    </button>
                  )}
                  <button type="button" onClick={() => setLeadsOf(c)}>
                    Leads
                  </button>
                  <button type="button" onClick={() => setEditing(c)}>
                    Edit
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <CampaignForm
          campaign={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
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

// Speaks the greeting with the browser's own voice: a preview of the words and their pace,
// not of the AI voice (the server has no text-to-speech endpoint yet).
function preview(text: string, lang: string) {
  if (!('speechSynthesis' in window)) return false;
  const u = new SpeechSynthesisUtterance(text);
  u.lang = lang;
  window.speechSynthesis.cancel();
  window.speechSynthesis.speak(u);
  return true;
}

function CampaignForm(props: { campaign: Campaign | null; onClose: () => void; onSaved: () => void }) {
  const [name, setName] = useState(props.campaign?.name ?? '');
  const [agent, setAgent] = useState(props.campaign?.agent ?? DEFAULT_AGENT);
  const [error, setError] = useState<string | null>(null);
  const bind = (k: keyof typeof agent) => ({
    value: agent[k],
    onChange: (e: { target: { value: string } }) => setAgent({ ...agent, [k]: e.target.value }),
  });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      if (props.campaign) await api.updateCampaign(props.campaign.id, { name, agent });
      else await api.createCampaign({ name, status: 'draft', agent });
      props.onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <Modal title={props.campaign ? `Edit ${props.campaign.name}` : 'New campaign'} onClose={props.onClose}>
      <form className="form" onSubmit={submit}>
        <label>
          Name
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          System prompt
          <textarea rows={4} {...bind('system_prompt')} />
        </label>
        <div className="row">
          <label>
            Voice
            <input {...bind('voice')} />
          </label>
          <label>
            Language
            <input {...bind('language')} />
          </label>
        </div>
        <label>
          Greeting
          <textarea rows={2} {...bind('greeting')} />
        </label>
        <div>
          <button
            type="button"
            onClick={() => {
              if (!preview(agent.greeting, agent.language)) setError('This browser cannot speak.');
            }}
          >
            Listen (browser voice)
          </button>
        </div>
        <ErrorBox error={error} />
        <div className="actions">
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
        <ErrorBox error={error} />
        <div className="actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="button" className="primary" onClick={save}>
            Save
          </button>
        </div>
      </div>
    </Modal>
  );
}
