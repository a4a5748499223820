import type { FindManyOptions, ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';

/** Per column read: its raw alias (`c0`, …), the select expression and the column. */
type Selection = Array<{ key: string; expression: string; column: ColumnMetadata }>;

const selections = new WeakMap<EntityMetadata, Map<string, Selection>>();

function selectionOf(qb: SelectQueryBuilder<ObjectLiteral>): Selection {
  const main = qb.expressionMap.mainAlias;
  if (!main?.hasMetadata) throw new Error('readRows needs a query builder made from an entity');
  const byAlias = selections.get(main.metadata) ?? new Map<string, Selection>();
  selections.set(main.metadata, byAlias);
  let selection = byAlias.get(main.name);
  if (!selection) {
    selection = main.metadata.columns
      .filter((column) => column.isSelect && !column.isVirtual && !column.isVirtualProperty)
      .map((column, i) => ({
        key: `c${i}`,
        expression: `${qb.escape(main.name)}.${qb.escape(column.databaseName)}`,
        column,
      }));
    byAlias.set(main.name, selection);
  }
  return selection;
}

/**
 * Reads the rows of `qb`'s entity as plain objects, for lists and loaders
 * that only read: every column the entity maps, each converted as TypeORM
 * converts it (dates, JSON, the money transformers, through the driver's
 * own `prepareHydratedValue`), without TypeORM's hydration pass or the
 * entity's constructor (which draws a UUID and two Dates per row, only to
 * have them overwritten). Such an object is not an entity instance: read it,
 * never hand it to `save`. `qb` selects from one entity: a join may narrow
 * the rows, never select or multiply them. Columns marked `select: false` stay out.
 */
export async function readRows<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): Promise<T[]> {
  const selection = selectionOf(qb);
  qb.select([]);
  for (const { expression, key } of selection) qb.addSelect(expression, key);
  const raws: Array<Record<string, unknown>> = await qb.getRawMany();
  const driver = qb.connection.driver;
  return raws.map((raw) => {
    const row: Record<string, unknown> = {};
    for (const { key, column } of selection) row[column.propertyName] = driver.prepareHydratedValue(raw[key], column);
    return row as T;
  });
}

/** `repo.find(options)` (where and order only) read as plain rows: see readRows. */
export function findRows<T extends ObjectLiteral>(
  repo: Repository<T>,
  options: Pick<FindManyOptions<T>, 'where' | 'order'>,
): Promise<T[]> {
  return readRows(repo.createQueryBuilder('r').setFindOptions(options));
}
