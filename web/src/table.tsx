// DataTable: the pages' tables in one shape: a caption (for screen readers unless shown),
// column headers with scope="col", one row per item, and an optional row-actions column
// whose header is read as "Actions".
import type { ReactNode } from 'react';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  className?: string; // of the cells: "mono", "num"
}

export function DataTable<T>(props: {
  caption: string;
  showCaption?: boolean;
  compact?: boolean;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string | number;
  actions?: (row: T) => ReactNode;
}) {
  return (
    <table className={props.compact ? 'table compact' : 'table'}>
      <caption className={props.showCaption ? undefined : 'sr-only'}>{props.caption}</caption>
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th scope="col" key={c.header}>
              {c.header}
            </th>
          ))}
          {props.actions && (
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={props.rowKey(row)}>
            {props.columns.map((c) => (
              <td key={c.header} className={c.className}>
                {c.cell(row)}
              </td>
            ))}
            {props.actions && <td className="row-actions">{props.actions(row)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
