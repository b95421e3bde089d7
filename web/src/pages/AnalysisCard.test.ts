import { describe, expect, it } from 'vitest';
import { fieldText } from './AnalysisCard';

describe('fieldText', () => {
  it('shows extracted values as a person reads them', () => {
    expect(fieldText(null)).toBe('—');
    expect(fieldText(true)).toBe('Yes');
    expect(fieldText(false)).toBe('No');
    expect(fieldText(5000)).toBe('5000');
    expect(fieldText('anna@example.com')).toBe('anna@example.com');
  });
});
