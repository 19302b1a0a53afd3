import type { ReactNode } from 'react';
import { ScrollRegion } from '../ScrollRegion';
import styles from '../dashboard/dashboard.module.css';

/** One column of a FigureTable: its header, its cell, and whether it holds a number (right-aligned). */
export interface FigureColumn<Row> {
  key: string;
  header: ReactNode;
  cell(row: Row): ReactNode;
  num?: boolean;
  /** The cells' data-testid. */
  testId?: string;
  /** The th's extra attributes (a sortable column's aria-sort). */
  headerProps?: { 'aria-sort'?: 'ascending' | 'descending' | 'none' };
}

/**
 * A table of figures in its own focusable, named scroll region (a phone is 390 px wide: the table
 * scrolls inside, not the page). The cards of /platform and /orgs/<org> describe theirs as columns.
 */
export function FigureTable<Row>({
  label,
  caption,
  columns,
  rows,
  rowKey,
  rowProps,
  testId,
}: {
  /** The region's accessible name. */
  label: string;
  caption?: string;
  columns: FigureColumn<Row>[];
  rows: Row[];
  rowKey(row: Row): string;
  rowProps?(row: Row): Record<`data-${string}`, string | undefined>;
  testId?: string;
}) {
  return (
    <ScrollRegion label={label} className={styles.scroll}>
      <table className={styles.table} data-testid={testId}>
        {caption && <caption>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.num ? styles.num : undefined} {...c.headerProps}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={rowKey(r)} {...rowProps?.(r)}>
              {columns.map((c) => (
                <td key={c.key} className={c.num ? styles.num : undefined} data-testid={c.testId}>
                  {c.cell(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
