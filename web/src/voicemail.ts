// A campaign's answer to an answering machine (issue 15): its own voicemail_action, or the
// server's (ai.voicemail_action) when empty, and the message left with "message".
export type VoicemailAction = '' | 'off' | 'hangup' | 'message';

export const VOICEMAIL_ACTIONS: { value: VoicemailAction; label: string }[] = [
  { value: '', label: "— the server's setting —" },
  { value: 'off', label: 'Off: the AI talks on' },
  { value: 'hangup', label: 'Hang up' },
  { value: 'message', label: 'Leave a message after the beep' },
];

// The server's limit on the message (call/voicemail_action.h kMaxVoicemailMessage).
export const MAX_VOICEMAIL_MESSAGE = 1000;

// Why the pair cannot be saved, or null: the same rules as the API's 400s.
export function voicemailError(action: string, message: string): string | null {
  if (!VOICEMAIL_ACTIONS.some((a) => a.value === action)) {
    return 'Voicemail: choose off, hang up or leave a message';
  }
  if (message.length > MAX_VOICEMAIL_MESSAGE) {
    return `Voicemail message: at most ${MAX_VOICEMAIL_MESSAGE} characters`;
  }
  return null;
}

// Whether the message field matters: only a campaign that leaves one (or may, by the server).
export function showsVoicemailMessage(action: string): boolean {
  return action === 'message' || action === '';
}
