// Form pieces shared by the pages: a labelled text field, a labelled select, the error +
// Cancel/Submit footer of every dialog form, and binding a field of an object in state.
// Labels wrap their control (so the label names it for screen readers and clicking it focuses
// the control); selects also carry aria-label, as the pages always did.
import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from 'react';
import { ErrorBox } from './ui';

// value/onChange for the input that edits `obj[key]` (a string field) of an object in state.
export function bindField<T extends object, K extends keyof T>(
  obj: T,
  set: (next: T) => void,
  key: K,
): { value: string; onChange: (e: { target: { value: string } }) => void } {
  return {
    value: (obj[key] as unknown as string | undefined) ?? '',
    onChange: (e) => set({ ...obj, [key]: e.target.value }),
  };
}

export function TextField(props: InputHTMLAttributes<HTMLInputElement> & { label: ReactNode }) {
  const { label, ...input } = props;
  return (
    <label>
      {label}
      <input {...input} />
    </label>
  );
}

export function TextAreaField(
  props: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: ReactNode },
) {
  const { label, ...area } = props;
  return (
    <label>
      {label}
      <textarea {...area} />
    </label>
  );
}

export interface Choice {
  value: string | number;
  label: string;
}

export function SelectField(props: {
  label: string;
  value: string | number;
  onChange: (value: string) => void;
  choices: Choice[];
  required?: boolean;
}) {
  return (
    <label>
      {props.label}
      <select
        aria-label={props.label}
        required={props.required}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}

// The end of a dialog form: its error, any extra buttons (e.g. Delete), Cancel, and the
// primary button (a submit button unless onConfirm is given; disabled and relabelled while busy).
export function FormActions(props: {
  error: string | null;
  onCancel: () => void;
  submitLabel: string;
  busy?: boolean;
  busyLabel?: string;
  disabled?: boolean;
  danger?: boolean;
  onConfirm?: () => void;
  children?: ReactNode;
}) {
  const busy = props.busy ?? false;
  return (
    <>
      <ErrorBox error={props.error} />
      <div className="actions">
        {props.children}
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button
          type={props.onConfirm ? 'button' : 'submit'}
          className={props.danger ? 'danger' : 'primary'}
          onClick={props.onConfirm}
          disabled={busy || props.disabled}
        >
          {busy && props.busyLabel ? props.busyLabel : props.submitLabel}
        </button>
      </div>
    </>
  );
}
