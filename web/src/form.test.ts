import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { bindField, FormActions, SelectField, TextAreaField, TextField } from './form';

describe('bindField', () => {
  it('reads a string field (absent as "") and writes a copy with only that field changed', () => {
    const set = vi.fn();
    const lead = { name: 'Ann', phone: undefined as string | undefined, status: 'new' };
    const name = bindField(lead, set, 'name');
    expect(name.value).toBe('Ann');
    expect(bindField(lead, set, 'phone').value).toBe('');
    name.onChange({ target: { value: 'Bea' } });
    expect(set).toHaveBeenCalledWith({ name: 'Bea', phone: undefined, status: 'new' });
    expect(lead.name).toBe('Ann');
  });
});

describe('form fields', () => {
  it('wraps the control in its label, passing the input attributes through', () => {
    const html = renderToStaticMarkup(
      h(TextField, {
        label: 'Phone',
        required: true,
        inputMode: 'tel',
        value: '+1',
        onChange: () => {},
      }),
    );
    expect(html).toBe('<label>Phone<input required="" inputMode="tel" value="+1"/></label>');
    const area = renderToStaticMarkup(
      h(TextAreaField, { label: 'Notes', rows: 3, defaultValue: 'x' }),
    );
    expect(area).toBe('<label>Notes<textarea rows="3">x</textarea></label>');
  });
  it('names a select by its label and selects the current choice', () => {
    const html = renderToStaticMarkup(
      h(SelectField, {
        label: 'Status',
        value: 'lost',
        onChange: () => {},
        choices: [
          { value: '', label: 'Any' },
          { value: 'lost', label: 'lost' },
        ],
      }),
    );
    expect(html).toBe(
      '<label>Status<select aria-label="Status"><option value="">Any</option>' +
        '<option value="lost" selected="">lost</option></select></label>',
    );
  });
});

describe('FormActions', () => {
  it('shows the error, extra buttons, Cancel and a submit button', () => {
    const html = renderToStaticMarkup(
      h(
        FormActions,
        { error: 'Nope', onCancel: () => {}, submitLabel: 'Save' },
        h('button', null, 'Delete'),
      ),
    );
    expect(html).toBe(
      '<div class="error" role="alert">Nope</div><div class="actions"><button>Delete</button>' +
        '<button type="button">Cancel</button>' +
        '<button type="submit" class="primary">Save</button></div>',
    );
  });
  it('disables and relabels the button while busy; a confirm button is a plain button', () => {
    const busy = renderToStaticMarkup(
      h(FormActions, {
        error: null,
        onCancel: () => {},
        submitLabel: 'Call',
        busy: true,
        busyLabel: 'Calling…',
      }),
    );
    expect(busy).toContain('<button type="submit" class="primary" disabled="">Calling…</button>');
    expect(busy).not.toContain('role="alert"');
    const confirm = renderToStaticMarkup(
      h(FormActions, {
        error: null,
        onCancel: () => {},
        submitLabel: 'Remove',
        danger: true,
        onConfirm: () => {},
      }),
    );
    expect(confirm).toContain('<button type="button" class="danger">Remove</button>');
  });
});
