import { Fragment, type ReactNode } from 'react';

export interface Column<Row> {
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Right-aligned figures (amounts, seats). */
  numeric?: boolean;
}

/**
 * A table of rows that scrolls sideways on a narrow screen, with its caption
 * for screen readers and column headers; `empty` stands in for a table with
 * no rows.
 */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  empty,
  className,
}: {
  caption: string;
  className?: string;
  columns: Array<Column<Row> | false | null | undefined>;
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  empty?: ReactNode;
}) {
  if (rows.length === 0 && empty !== undefined) return <p>{empty}</p>;
  const shown = columns.filter((c): c is Column<Row> => Boolean(c));
  return (
    <div className="table-scroll">
      <table className={className}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {shown.map((c, i) => (
              <th key={i} scope="col" className={c.numeric ? 'number' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {shown.map((c, i) => (
                <td key={i} className={c.numeric ? 'number' : undefined}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A label, its value and, optionally, a class for the value (a test or a print style finds it by). */
export type Fact = readonly [label: string, value: ReactNode, className?: string];

/** Label and value pairs (a summary); an item that is `false`, `null` or `''` is left out. */
export function Facts({ items }: { items: Array<Fact | false | null | undefined | ''> }) {
  return (
    <dl className="facts">
      {items
        .filter((item): item is Fact => Boolean(item))
        .map(([label, value, className]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd className={className}>{value}</dd>
          </Fragment>
        ))}
    </dl>
  );
}
