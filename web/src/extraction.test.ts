import { describe, expect, it } from 'vitest';
import { formatSchema, parseSchema } from './extraction';

describe('extraction schema text', () => {
  it('round-trips one field a line', () => {
    const fields = [
      { name: 'email', type: 'string' as const, description: 'the e-mail address' },
      { name: 'visit_day', type: 'date' as const, description: '' },
    ];
    expect(formatSchema(fields)).toBe('email: string - the e-mail address\nvisit_day: date');
    expect(parseSchema(formatSchema(fields))).toEqual({ fields });
  });
  it('names the line it cannot read and skips blank ones', () => {
    expect(parseSchema('\nemail: string\n\nbudget')).toEqual({
      error: 'Fields to extract, line 4: write "name: type - description"',
    });
    expect(parseSchema('')).toEqual({ fields: [] });
  });
});
