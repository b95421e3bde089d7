import { describe, expect, it } from 'vitest';
import type { AgentProfile } from './api';
import {
  EMPTY_PROFILE_FORM,
  formToInput,
  languageLabel,
  profileLabel,
  profileToForm,
} from './agentProfiles';

const PROFILE: AgentProfile = {
  id: 4,
  owner_id: 2,
  name: 'Anna',
  company: 'Solar GmbH',
  objective: 'Book a visit',
  offer: 'Free installation',
  objections: 'Mention financing',
  voice: 'Kore',
  language: 'auto',
  greeting: 'Guten Tag!',
  extraction_schema: [{ name: 'email', type: 'string', description: 'mail' }],
  provider: '',
  created_at: 1,
  updated_at: 2,
};

describe('agent profiles in the UI', () => {
  it('labels languages and profiles', () => {
    expect(languageLabel('auto')).toBe('Auto (from the number)');
    expect(languageLabel('')).toBe('Default');
    expect(languageLabel('de-DE')).toBe('de-DE');
    expect(profileLabel(PROFILE)).toBe('Anna (Solar GmbH)');
    expect(profileLabel({ name: 'Max', company: '' })).toBe('Max');
  });
  it('round-trips a profile through the form', () => {
    const form = profileToForm(PROFILE);
    expect(form.schema).toBe('email: string - mail');
    expect(form).not.toHaveProperty('id');
    const r = formToInput(form);
    expect('input' in r && r.input).toEqual({
      name: 'Anna',
      company: 'Solar GmbH',
      objective: 'Book a visit',
      offer: 'Free installation',
      objections: 'Mention financing',
      voice: 'Kore',
      language: 'auto',
      greeting: 'Guten Tag!',
      provider: '',
      extraction_schema: [{ name: 'email', type: 'string', description: 'mail' }],
    });
  });
  it('refuses an empty name and a bad schema line before sending', () => {
    expect(formToInput(EMPTY_PROFILE_FORM)).toEqual({
      error: 'Name: enter the name the agent introduces itself with.',
    });
    const r = formToInput({ ...EMPTY_PROFILE_FORM, name: 'x', schema: 'no type here' });
    expect('error' in r && r.error).toMatch(/line 1/);
  });
});
