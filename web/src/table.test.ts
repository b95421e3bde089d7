import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DataTable, type Column } from './table';

interface Row {
  id: number;
  name: string;
}

const columns: Column<Row>[] = [
  { header: 'Name', cell: (r) => r.name },
  { header: 'Id', cell: (r) => r.id, className: 'num' },
];

describe('DataTable', () => {
  it('renders a screen-reader caption, scoped headers and one row per item', () => {
    const html = renderToStaticMarkup(
      h(DataTable<Row>, {
        caption: 'People',
        columns,
        rows: [{ id: 1, name: 'Ann' }],
        rowKey: (r) => r.id,
      }),
    );
    expect(html).toBe(
      '<table class="table"><caption class="sr-only">People</caption><thead><tr>' +
        '<th scope="col">Name</th><th scope="col">Id</th></tr></thead><tbody>' +
        '<tr><td>Ann</td><td class="num">1</td></tr></tbody></table>',
    );
  });
  it('adds an Actions column read by screen readers when rows have actions', () => {
    const html = renderToStaticMarkup(
      h(DataTable<Row>, {
        caption: 'People',
        columns,
        rows: [{ id: 2, name: 'Bea' }],
        rowKey: (r) => r.id,
        actions: (r) => h('button', { type: 'button' }, `Edit ${r.name}`),
      }),
    );
    expect(html).toContain('<th scope="col"><span class="sr-only">Actions</span></th>');
    expect(html).toContain('<td class="row-actions"><button type="button">Edit Bea</button></td>');
  });
  it('can show its caption and be compact', () => {
    const html = renderToStaticMarkup(
      h(DataTable<Row>, {
        caption: 'Rows to fix',
        showCaption: true,
        compact: true,
        columns,
        rows: [],
        rowKey: (r) => r.id,
      }),
    );
    expect(html).toContain('<table class="table compact"><caption>Rows to fix</caption>');
    expect(html).toContain('<tbody></tbody>');
  });
});
