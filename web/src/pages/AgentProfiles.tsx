// Agent profiles: reusable AI personas (name, company, objective, offer, objections, voice,
// language, greeting, fields to extract) that campaigns and single calls pick instead of
// writing a prompt each time. The server composes the AI's instruction from them; a
// campaign's or call's own prompt is appended. Language "auto" speaks the callee's language
// (from the number's country) with its polite form of address.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, errorText, type AgentProfile } from '../api';
import {
  AUTO_LANGUAGE,
  EMPTY_PROFILE_FORM,
  formToInput,
  languageLabel,
  profileToForm,
  type ProfileForm,
} from '../agentProfiles';
import { formatTime } from '../format';
import { bindField, FormActions, SelectField, TextAreaField, TextField } from '../form';
import { DataTable, type Column } from '../table';
import { Empty, ErrorBox, Loading, Modal } from '../ui';

const COLUMNS: Column<AgentProfile>[] = [
  { header: 'Name', cell: (p) => p.name },
  { header: 'Company', cell: (p) => p.company },
  { header: 'Objective', cell: (p) => p.objective },
  { header: 'Language', cell: (p) => languageLabel(p.language) },
  { header: 'Voice', cell: (p) => p.voice || 'Default' },
  { header: 'Fields', cell: (p) => p.extraction_schema.length, className: 'num' },
  { header: 'Changed', cell: (p) => formatTime(p.updated_at) },
];

export function AgentProfilesPage() {
  const [items, setItems] = useState<AgentProfile[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<AgentProfile | 'new' | null>(null);
  const [removing, setRemoving] = useState<AgentProfile | null>(null);

  const load = useCallback(() => {
    api.agentProfiles().then(
      (r) => {
        setItems(r.items);
        setError(null);
      },
      (e) => setError(errorText(e)),
    );
  }, []);
  useEffect(load, [load]);

  return (
    <section>
      <div className="page-head">
        <h1>Agent profiles</h1>
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          New profile
        </button>
      </div>
      <p className="muted">
        A profile is the persona your calls speak as. Campaigns and single calls pick one; their
        own prompt is added to it. Your agents can use your profiles.
      </p>
      <ErrorBox error={error} />
      {!items ? (
        !error && <Loading />
      ) : items.length === 0 ? (
        <Empty>No agent profiles yet. Create one and pick it in a campaign or a call.</Empty>
      ) : (
        <DataTable
          caption="Agent profiles"
          columns={COLUMNS}
          rows={items}
          rowKey={(p) => p.id}
          actions={(p) => (
            <>
              <button type="button" onClick={() => setEditing(p)} aria-label={`Edit ${p.name}`}>
                Edit
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => setRemoving(p)}
                aria-label={`Delete ${p.name}`}
              >
                Delete
              </button>
            </>
          )}
        />
      )}
      {editing && (
        <ProfileFormDialog
          profile={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            load();
          }}
        />
      )}
      {removing && (
        <RemoveDialog
          profile={removing}
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

const LANGUAGE_CHOICES = [
  { value: AUTO_LANGUAGE, label: 'Auto: from the callee’s number' },
  { value: '', label: 'Server default' },
  { value: 'en-US', label: 'English (US)' },
  { value: 'en-GB', label: 'English (UK)' },
  { value: 'de-DE', label: 'German' },
  { value: 'fr-FR', label: 'French' },
  { value: 'es-ES', label: 'Spanish' },
  { value: 'it-IT', label: 'Italian' },
  { value: 'nl-NL', label: 'Dutch' },
  { value: 'pl-PL', label: 'Polish' },
  { value: 'pt-BR', label: 'Portuguese (Brazil)' },
];

function ProfileFormDialog(props: {
  profile: AgentProfile | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form, setForm] = useState<ProfileForm>(
    props.profile ? profileToForm(props.profile) : EMPTY_PROFILE_FORM,
  );
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const bind = (k: keyof ProfileForm) => bindField(form, setForm, k);
  // A tag typed elsewhere (API, older profile) stays selectable.
  const languages = LANGUAGE_CHOICES.some((c) => c.value === form.language)
    ? LANGUAGE_CHOICES
    : [...LANGUAGE_CHOICES, { value: form.language, label: form.language }];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = formToInput(form);
    if ('error' in r) {
      setError(r.error);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (props.profile) await api.updateAgentProfile(props.profile.id, r.input);
      else await api.createAgentProfile(r.input);
      props.onSaved();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };
  return (
    <Modal
      title={props.profile ? `Edit ${props.profile.name}` : 'New agent profile'}
      onClose={props.onClose}
    >
      <form className="form" onSubmit={submit}>
        <div className="row">
          <TextField label="Agent name" required placeholder="Anna" {...bind('name')} />
          <TextField label="Company" placeholder="Solar GmbH" {...bind('company')} />
        </div>
        <TextAreaField
          label="Objective"
          rows={2}
          placeholder="Book an on-site visit with the homeowner."
          {...bind('objective')}
        />
        <TextAreaField
          label="Benefits and offer"
          rows={3}
          placeholder="Free installation this month; 25-year warranty."
          {...bind('offer')}
        />
        <TextAreaField
          label="Handling objections"
          rows={3}
          placeholder="Too expensive: mention the financing plan."
          {...bind('objections')}
        />
        <div className="row">
          <SelectField
            label="Language"
            value={form.language}
            onChange={(v) => setForm({ ...form, language: v })}
            choices={languages}
          />
          <TextField label="Voice" placeholder="server default" {...bind('voice')} />
        </div>
        <TextAreaField
          label="Greeting"
          rows={2}
          placeholder="Hello, this is Anna from Solar GmbH."
          {...bind('greeting')}
        />
        <TextAreaField
          label="Fields to extract"
          rows={3}
          placeholder={"email: string - the callee's e-mail address\nvisit_day: date"}
          {...bind('schema')}
        />
        <FormActions
          error={error}
          onCancel={props.onClose}
          submitLabel={props.profile ? 'Save' : 'Create'}
          busy={busy}
          busyLabel="Saving…"
        />
      </form>
    </Modal>
  );
}

function RemoveDialog(props: { profile: AgentProfile; onClose: () => void; onRemoved: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    try {
      await api.deleteAgentProfile(props.profile.id);
      props.onRemoved();
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };
  return (
    <Modal title={`Delete ${props.profile.name}?`} onClose={props.onClose}>
      <div className="form">
        <p>
          Campaigns that are not running stop using it and keep their own prompt. While an active
          or paused campaign uses it, it cannot be deleted.
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
