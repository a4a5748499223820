import { TableForeignKey, type QueryRunner } from 'typeorm';
import type { TableColumnOptions } from 'typeorm/schema-builder/options/TableColumnOptions';

/**
 * Column builders for the Table API, so one migration file creates the same
 * schema on SQLite and MySQL/MariaDB. They mirror src/common/columns.ts.
 * Migrations already committed depend on them: never change what they build,
 * add new builders instead.
 */
export function columnsFor(queryRunner: QueryRunner) {
  const driver = queryRunner.connection.driver;
  const normal = (options: TableColumnOptions): TableColumnOptions => ({
    ...options,
    type: driver.normalizeType({ type: options.type as never, length: options.length, precision: options.precision }),
  });
  return {
    id: (name = 'id'): TableColumnOptions => normal({ name, type: 'varchar', length: '36', isPrimary: true }),
    ref: (name: string, nullable = false): TableColumnOptions => normal({ name, type: 'varchar', length: '36', isNullable: nullable }),
    time: (name: string, nullable = false): TableColumnOptions =>
      normal({ name, type: 'datetime', precision: 3, isNullable: nullable }),
    string: (name: string, length: number, nullable = false): TableColumnOptions =>
      normal({ name, type: 'varchar', length: String(length), isNullable: nullable }),
    text: (name: string, nullable = false): TableColumnOptions => normal({ name, type: 'text', isNullable: nullable }),
    json: (name: string, nullable = false): TableColumnOptions => normal({ name, type: 'simple-json', isNullable: nullable }),
    int: (name: string, defaultValue?: number): TableColumnOptions =>
      normal({ name, type: 'integer', isNullable: false, ...(defaultValue === undefined ? {} : { default: defaultValue }) }),
    money: (name: string, nullable = false): TableColumnOptions => normal({ name, type: 'bigint', isNullable: nullable }),
    bool: (name: string): TableColumnOptions => normal({ name, type: 'boolean', isNullable: false }),
    date: (name: string, nullable = false): TableColumnOptions => normal({ name, type: 'date', isNullable: nullable }),
    /** A foreign key to `table`.id, as the entities' @ForeignKey declares it. */
    foreignKey: (column: string, table: string, onDelete: 'CASCADE' | 'RESTRICT' = 'CASCADE') =>
      new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete, onUpdate: 'NO ACTION' }),
  };
}
