// A campaign's extraction schema as the campaign form edits it: one field a line,
// "name: type - description" (type string, number, boolean or date; the server checks them).
import type { ExtractionField } from './api';

export function formatSchema(fields: ExtractionField[] | undefined): string {
  return (fields ?? [])
    .map((f) => `${f.name}: ${f.type}${f.description ? ` - ${f.description}` : ''}`)
    .join('\n');
}

// The fields, or the first line that is not "name: type - description".
export function parseSchema(text: string): { fields: ExtractionField[] } | { error: string } {
  const fields: ExtractionField[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    const m = /^\s*([^:]+?)\s*:\s*([A-Za-z]+)\s*(?:-\s*(.*?))?\s*$/.exec(lines[i]);
    if (!m) return { error: `Fields to extract, line ${i + 1}: write "name: type - description"` };
    fields.push({ name: m[1], type: m[2] as ExtractionField['type'], description: m[3] ?? '' });
  }
  return { fields };
}
