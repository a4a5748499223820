import { Column, ForeignKey, PrimaryColumn, type ColumnOptions } from 'typeorm';

/**
 * Column shapes shared by every module, chosen so one migration file yields
 * the same schema on SQLite and MySQL/MariaDB: ids are UUID strings made by
 * the application, times are UTC with milliseconds, statuses are short strings
 * checked by the module's state table.
 */
export const IdColumn = () => PrimaryColumn({ type: 'varchar', length: 36 });

export const RefColumn = (options: ColumnOptions = {}) => Column({ type: 'varchar', length: 36, ...options });

export const TimeColumn = (options: ColumnOptions = {}) => Column({ type: 'datetime', precision: 3, ...options });

export const StatusColumn = (options: ColumnOptions = {}) => Column({ type: 'varchar', length: 20, ...options });

/** A calendar date, read as 'YYYY-MM-DD' on both databases (mysql2 would give a Date at UTC midnight). */
export const DateColumn = (options: ColumnOptions = {}) =>
  Column({
    type: 'date',
    transformer: {
      to: (v: unknown) => v,
      from: (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
    },
    ...options,
  });

/**
 * `account_id`: the corporate account a row belongs to, with its foreign key.
 * Named by entity name, so modules need not import the Account module's class.
 */
export const AccountIdColumn =
  (onDelete: 'CASCADE' | 'RESTRICT' = 'CASCADE'): PropertyDecorator =>
  (target, key) => {
    RefColumn({ name: 'account_id' })(target, key);
    ForeignKey('CorporateAccount', { onDelete })(target, key);
  };
