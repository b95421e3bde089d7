import { describe, expect, it } from 'vitest';
import { MAX_VOICEMAIL_MESSAGE, showsVoicemailMessage, VOICEMAIL_ACTIONS, voicemailError } from './voicemail';

describe('campaign voicemail settings', () => {
  it('offers the server default and the three actions the API accepts', () => {
    expect(VOICEMAIL_ACTIONS.map((a) => a.value)).toEqual(['', 'off', 'hangup', 'message']);
  });
  it('accepts every action with a message within the limit', () => {
    for (const a of VOICEMAIL_ACTIONS) expect(voicemailError(a.value, 'Hello, call us back.')).toBeNull();
  });
  it('refuses an unknown action and an over-long message', () => {
    expect(voicemailError('beep', '')).toMatch(/Voicemail/);
    expect(voicemailError('message', 'x'.repeat(MAX_VOICEMAIL_MESSAGE + 1))).toMatch(/at most 1000/);
  });
  it('shows the message field only where a message may be left', () => {
    expect(showsVoicemailMessage('message')).toBe(true);
    expect(showsVoicemailMessage('')).toBe(true);
    expect(showsVoicemailMessage('hangup')).toBe(false);
    expect(showsVoicemailMessage('off')).toBe(false);
  });
});
