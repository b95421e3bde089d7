// Agent profiles as the UI shows and edits them: the language column, the picker's labels,
// and the form's text turned into the body of POST/PATCH /api/agent-profiles.
import type { AgentProfile, AgentProfileInput } from './api';
import { formatSchema, parseSchema } from './extraction';

export const AUTO_LANGUAGE = 'auto';

export function languageLabel(language: string): string {
  if (language === AUTO_LANGUAGE) return 'Auto (from the number)';
  return language || 'Default';
}

// "Anna (Solar GmbH)" for the pickers of the campaign and call forms.
export function profileLabel(p: Pick<AgentProfile, 'name' | 'company'>): string {
  return p.company ? `${p.name} (${p.company})` : p.name;
}

// The form holds the extraction schema as text, one field a line (extraction.ts).
export type ProfileForm = Omit<AgentProfileInput, 'extraction_schema'> & { schema: string };

export const EMPTY_PROFILE_FORM: ProfileForm = {
  name: '',
  company: '',
  objective: '',
  offer: '',
  objections: '',
  voice: '',
  language: AUTO_LANGUAGE,
  greeting: '',
  provider: '',
  schema: '',
};

export function profileToForm(p: AgentProfile): ProfileForm {
  const { extraction_schema, id: _id, owner_id: _o, created_at: _c, updated_at: _u, ...rest } = p;
  return { ...rest, schema: formatSchema(extraction_schema) };
}

// The request body, or the first problem the form can see itself (the server checks the rest).
export function formToInput(f: ProfileForm): { input: AgentProfileInput } | { error: string } {
  if (!f.name.trim()) return { error: 'Name: enter the name the agent introduces itself with.' };
  const parsed = parseSchema(f.schema);
  if ('error' in parsed) return { error: parsed.error };
  const { schema: _s, ...rest } = f;
  return { input: { ...rest, name: f.name.trim(), extraction_schema: parsed.fields } };
}
